#include "core/parameters.h"

#include <string>

#include "core/error.h"

namespace hs {

void check_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw_out_of_range(ErrorKind::invalid_parameter, "confidence", confidence,
                       "The confidence level must be between 0 and 1, exclusive (e.g. 0.95).");
  }
}

void throw_parameter_changed(const char* parameter, const char* scope) {
  throw Error::after_function(
      ErrorKind::invalid_parameter, std::string(" ") + parameter + " changes within a " + scope,
      std::string("Every row of a ") + scope + " must pass the same " + parameter + ".");
}

const char* confidence_problem(double confidence) {
  if (confidence == 0.0 || (confidence > 0.0 && confidence < 1.0)) return nullptr;
  return "the field confidence must be 0 (not chosen) or between 0 and 1, exclusive";
}

}  // namespace hs
