// Included first by every header of the core. The core is plain C++17: it must
// never see a PostgreSQL header, so that it can be unit-tested, benchmarked and
// reasoned about without a server. The build also compiles src/core without the
// server include directory, so an #include of postgres.h here cannot compile.
#pragma once

#ifdef POSTGRES_H
#error "src/core must not see PostgreSQL headers: include core headers before postgres.h"
#endif
