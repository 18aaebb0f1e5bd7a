#include "core/parameters.h"

#include <string>

#include "core/error.h"

namespace hs {

void check_confidence(const char* fn, double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw_out_of_range(ErrorKind::invalid_parameter, std::string(fn) + " confidence", confidence,
                       "The confidence level must be between 0 and 1, exclusive (e.g. 0.95).");
  }
}

void throw_parameter_changed(const char* fn, const char* parameter, const char* scope) {
  throw Error(ErrorKind::invalid_parameter,
              std::string(fn) + " " + parameter + " changes within a " + scope,
              std::string("Every row of a ") + scope + " must pass the same " + parameter + ".");
}

}  // namespace hs
