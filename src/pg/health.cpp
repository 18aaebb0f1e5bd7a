// SQL bindings of weighted health scores (README, Weighted health scores): health_score() on
// arrays and on jsonb, health_coverage(), health_score_agg() and its
// health_state type, health_drivers() and health_drivers_json().
#include "core/health.h"
#include "pg/datum.h"

extern "C" {
#include "funcapi.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"
}

namespace {

using hs::HealthState;
using hs::WeightedScore;
using hs::pg::ArrayArg;

// Feeds the components of scores[] and weights[] (arguments 0 and 1) to
// `each(position, score, weight)`, checked. A constant weights array is read
// and checked once per call site.
template <typename Each>
void each_component(FunctionCallInfo fcinfo, Each&& each) {
  ArrayArg scores = hs::pg::array_arg(fcinfo, 0, "scores");
  if (hs::pg::CachedFloat8s* cached =
          hs::pg::stable_float8s(fcinfo, 1, "weights", hs::check_weights)) {
    hs::check_same_length("scores", scores.length, "weights", cached->length);
    hs::pg::each_float8(scores, [&](std::int64_t i, std::optional<double> s) {
      each(i, hs::checked_score(s), cached->values[i]);
    });
    return;
  }
  ArrayArg weights = hs::pg::array_arg(fcinfo, 1, "weights");
  // The weights first, into a buffer of the call, checked before the lengths
  // as a constant weights array is.
  auto* w = static_cast<double*>(
      hs::pg::allocate(static_cast<Size>(weights.length + 1) * sizeof(double)));
  hs::pg::each_float8(
      weights, [&](std::int64_t i, std::optional<double> x) { w[i] = hs::checked_weight(x, i); });
  hs::check_same_length("scores", scores.length, "weights", weights.length);
  hs::pg::each_float8(scores, [&](std::int64_t i, std::optional<double> s) {
    each(i, hs::checked_score(s), w[i]);
  });
}

WeightedScore weighted_arrays(FunctionCallInfo fcinfo) {
  WeightedScore sums;
  each_component(fcinfo, [&](std::int64_t, std::optional<double> s, double w) { sums.add(s, w); });
  return sums;
}

}  // namespace

// health_score(scores, weights): sum(w * s) / sum(w) over the present scores.
HS_FUNCTION(hs_health_score) {
  return hs::pg::optional_float8(fcinfo, weighted_arrays(fcinfo).score());
}

// health_score(scores, weights, missing [, min_coverage]): the weighted score
// under a missing-data rule, NULL below the minimum coverage. NULL arrays
// give NULL; a NULL rule or coverage is an error.
HS_FUNCTION(hs_health_score_rule) {
  if (PG_ARGISNULL(2)) hs::throw_null_parameter("missing");
  text* rule_text = hs::pg::call_pg([&] { return PG_GETARG_TEXT_PP(2); });
  hs::MissingRule rule =
      hs::parse_missing_rule(VARDATA_ANY(rule_text), VARSIZE_ANY_EXHDR(rule_text));
  double min_coverage = 0.0;
  if (PG_NARGS() > 3) {
    min_coverage = hs::pg::required_float8_arg(fcinfo, 3, "min_coverage");
    hs::check_min_coverage(min_coverage);
  }
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) PG_RETURN_NULL();
  return hs::pg::optional_float8(fcinfo, weighted_arrays(fcinfo).score(rule, min_coverage));
}

// health_coverage(scores, weights): the share of the total weight whose score is present.
HS_FUNCTION(hs_health_coverage) {
  return hs::pg::optional_float8(fcinfo, weighted_arrays(fcinfo).coverage());
}

// health_score(metrics jsonb, weights jsonb): each key of weights looked up in
// metrics; a missing key or JSON null is a missing score (renormalized).
HS_FUNCTION(hs_health_score_jsonb) {
  WeightedScore sums;
  enum class Bad { none, metrics_shape, weights_shape, metric_type, weight_type } bad = Bad::none;
  char key[64] = "";
  std::int64_t position = 0;
  hs::pg::call_pg([&] {
    Jsonb* metrics = PG_GETARG_JSONB_P(0);
    Jsonb* weights = PG_GETARG_JSONB_P(1);
    if (!JB_ROOT_IS_OBJECT(metrics) || JB_ROOT_IS_SCALAR(metrics)) {
      bad = Bad::metrics_shape;
      return;
    }
    if (!JB_ROOT_IS_OBJECT(weights) || JB_ROOT_IS_SCALAR(weights)) {
      bad = Bad::weights_shape;
      return;
    }
    JsonbIterator* it = JsonbIteratorInit(&weights->root);
    JsonbValue v;
    JsonbIteratorToken token;
    while ((token = JsonbIteratorNext(&it, &v, true)) != WJB_DONE) {
      if (token != WJB_KEY) continue;
      JsonbValue name = v;
      snprintf(key, sizeof key, "%.*s", name.val.string.len, name.val.string.val);
      JsonbIteratorNext(&it, &v, true);
      if (v.type != jbvNumeric) {
        bad = Bad::weight_type;
        return;
      }
      double weight =
          DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(v.val.numeric)));
      JsonbValue* metric = findJsonbValueFromContainer(&metrics->root, JB_FOBJECT, &name);
      std::optional<double> score;
      if (metric != nullptr && metric->type == jbvNumeric) {
        score = DatumGetFloat8(
            DirectFunctionCall1(numeric_float8, NumericGetDatum(metric->val.numeric)));
      } else if (metric != nullptr && metric->type != jbvNull) {
        bad = Bad::metric_type;
        return;
      }
      sums.add(hs::checked_score(score), hs::checked_weight(weight, position++));
    }
  });
  switch (bad) {
    case Bad::none:
      break;
    case Bad::metrics_shape:
      throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                      ": metrics must be a JSON object",
                                      "Pass {\"measure\": score, ...}.");
    case Bad::weights_shape:
      throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                      ": weights must be a JSON object",
                                      "Pass {\"measure\": weight, ...}.");
    case Bad::metric_type:
      throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                      std::string(": metric \"") + key + "\" is not a number",
                                      "Metrics must be JSON numbers, or null when missing.");
    case Bad::weight_type:
      throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                      std::string(": weight \"") + key + "\" is not a number",
                                      "Weights must be JSON numbers of at least 0.");
  }
  return hs::pg::optional_float8(fcinfo, sums.score());
}

// health_state: text form 'v1:n=..,weight=..,weighted=..' and binary form.
HS_STATE_TYPE_IO(hs_health_state, HealthState)

// Transition of health_score_agg(score, weight): a NULL score is skipped,
// the weight checked on every row.
HS_FUNCTION(hs_health_accum) {
  HealthState* state = hs::pg::state_for_update<HealthState>(fcinfo, 0);
  std::optional<double> score;
  std::optional<double> weight;
  if (!PG_ARGISNULL(1)) score = PG_GETARG_FLOAT8(1);
  if (!PG_ARGISNULL(2)) weight = PG_GETARG_FLOAT8(2);
  hs::health_add(*state, score, weight);
  PG_RETURN_POINTER(state);
}

// Combine function of health_score_agg(): adds the sums.
HS_FUNCTION(hs_health_combine) { return hs::pg::combine<HealthState, hs::health_merge>(fcinfo); }

// Final function of health_score_agg(): sum(w * s) / sum(w).
HS_FUNCTION(hs_health_final) {
  return hs::pg::optional_float8(fcinfo,
                                 hs::health_result(hs::pg::state_arg<HealthState>(fcinfo, 0)));
}

namespace {

// The drivers of names[], scores[], weights[] (arguments 0, 1, 2), sorted,
// with the Datums of their names: arrays of `*n` entries in the call's memory.
struct Drivers {
  hs::Driver* rows;
  Datum* names;
  bool* name_nulls;
  std::int64_t n;
};

Drivers drivers_of(FunctionCallInfo fcinfo) {
  ArrayArg names = hs::pg::array_arg(fcinfo, 0, "names");
  ArrayArg scores = hs::pg::array_arg(fcinfo, 1, "scores");
  ArrayArg weights = hs::pg::array_arg(fcinfo, 2, "weights");
  hs::check_same_length("names", names.length, "scores", scores.length);
  hs::check_same_length("scores", scores.length, "weights", weights.length);
  std::int64_t n = names.length;
  Size count = static_cast<Size>(n + 1);
  Drivers d{static_cast<hs::Driver*>(hs::pg::allocate(count * sizeof(hs::Driver))),
            static_cast<Datum*>(hs::pg::allocate(count * sizeof(Datum))),
            static_cast<bool*>(hs::pg::allocate(count * sizeof(bool))), n};
  hs::pg::text_elements(names, d.names, d.name_nulls);
  // Weights, then scores (value and presence), in the call's memory.
  auto* w = static_cast<double*>(hs::pg::allocate(count * sizeof(double)));
  auto* s = static_cast<double*>(hs::pg::allocate(count * sizeof(double)));
  auto* present = static_cast<bool*>(hs::pg::allocate(count * sizeof(bool)));
  hs::pg::each_float8(
      weights, [&](std::int64_t i, std::optional<double> x) { w[i] = hs::checked_weight(x, i); });
  WeightedScore sums;
  hs::pg::each_float8(scores, [&](std::int64_t i, std::optional<double> x) {
    x = hs::checked_score(x);
    present[i] = x.has_value();
    s[i] = x.value_or(0.0);
    sums.add(x, w[i]);
  });
  sums.check_finite();
  for (std::int64_t i = 0; i < n; ++i) {
    std::optional<double> x;
    if (present[i]) x = s[i];
    d.rows[i] = hs::driver_of(i, x, w[i], sums.weight_present);
  }
  hs::sort_drivers(d.rows, static_cast<std::size_t>(n));
  return d;
}

}  // namespace

// health_drivers(names, scores, weights): one row per measure, ordered by the
// points it costs the score, the most first.
HS_FUNCTION(hs_health_drivers) {
  Drivers d = drivers_of(fcinfo);
  hs::pg::call_pg([&] {
    InitMaterializedSRF(fcinfo, 0);
    auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    for (std::int64_t k = 0; k < d.n; ++k) {
      const hs::Driver& row = d.rows[k];
      Datum values[6];
      bool nulls[6];
      values[0] = d.names[row.position];
      nulls[0] = d.name_nulls[row.position];
      const std::optional<double>* figures[] = {&row.score, nullptr, &row.effective_weight,
                                                &row.contribution, &row.points_lost};
      for (int c = 0; c < 5; ++c) {
        std::optional<double> x = c == 1 ? std::optional<double>(row.weight) : *figures[c];
        values[c + 1] = Float8GetDatum(x.value_or(0.0));
        nulls[c + 1] = !x.has_value();
      }
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
  });
  return Datum(0);
}

// health_drivers_json(names, scores, weights): the rows of health_drivers as a
// jsonb array of objects, in the same order.
HS_FUNCTION(hs_health_drivers_json) {
  Drivers d = drivers_of(fcinfo);
  return hs::pg::call_pg([&] {
    StringInfoData json;
    initStringInfo(&json);
    appendStringInfoChar(&json, '[');
    static const char* const keys[] = {"score", "weight", "effective_weight", "contribution",
                                       "points_lost"};
    for (std::int64_t k = 0; k < d.n; ++k) {
      const hs::Driver& row = d.rows[k];
      appendStringInfoString(&json, k > 0 ? ", {\"measure\": " : "{\"measure\": ");
      if (d.name_nulls[row.position]) {
        appendStringInfoString(&json, "null");
      } else {
        escape_json(&json, text_to_cstring(DatumGetTextPP(d.names[row.position])));
      }
      const std::optional<double>* figures[] = {&row.score, nullptr, &row.effective_weight,
                                                &row.contribution, &row.points_lost};
      for (int c = 0; c < 5; ++c) {
        std::optional<double> x = c == 1 ? std::optional<double>(row.weight) : *figures[c];
        appendStringInfo(&json, ", \"%s\": ", keys[c]);
        if (x) {
          char number[hs::kDoubleTextMax];
          hs::write_double(number, *x);
          appendStringInfoString(&json, number);
        } else {
          appendStringInfoString(&json, "null");
        }
      }
      appendStringInfoChar(&json, '}');
    }
    appendStringInfoChar(&json, ']');
    return DirectFunctionCall1(jsonb_in, CStringGetDatum(json.data));
  });
}
