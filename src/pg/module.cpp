// The module's one magic block: PostgreSQL checks it when it loads healthscore.so.
#include "pg/guard.h"

extern "C" {
PG_MODULE_MAGIC;
}
