// SQL bindings of weighted health scores (README, Weighted health scores): health_score() on
// arrays and on jsonb, health_coverage(), health_score_agg() and its
// health_state type, health_drivers() and health_drivers_json().
#include "core/health.h"
#include "pg/datum.h"

extern "C" {
#include "catalog/pg_collation.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/planmain.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
}

namespace {

using hs::HealthState;
using hs::MissingRule;
using hs::WeightedScore;
using hs::pg::ArrayArg;

// What one call site of health_score() or health_score_terms() keeps: the
// parameters that are constants of the query, read and checked on its first
// row. One reader serves both functions, so a call rewritten into
// health_score_terms() checks what the array form checks, in the same order,
// with the same messages.
struct CallSite {
  bool rule_known;
  bool weights_known;
  bool terms_checked;  // health_score_terms: every term is a float8
  MissingRule rule;
  double min_coverage;
  std::int64_t count;
  double* weights;  // `count` weights, in the call site's memory when known
};

// The parameters of one call: the rule and coverage, then the weights.
struct Parameters {
  MissingRule rule = MissingRule::renormalize;
  double min_coverage = 0.0;
  bool null = false;  // the weights are NULL: the score is NULL
  std::int64_t count = 0;
  const double* weights = nullptr;
};

CallSite* call_site(FunctionCallInfo fcinfo) {
  FmgrInfo* flinfo = fcinfo->flinfo;
  if (flinfo->fn_extra == nullptr) {
    flinfo->fn_extra =
        hs::pg::call_pg([&] { return MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(CallSite)); });
  }
  return static_cast<CallSite*>(flinfo->fn_extra);
}

// Reads and checks, in this order, the missing rule (argument rule_arg, when
// it is not -1) and min_coverage (the next one, when the call has it), then
// the weights (argument weights_arg); each is kept for the call site when it
// is a constant. A NULL rule or coverage is an error, NULL weights a NULL score.
Parameters parameters(FunctionCallInfo fcinfo, int weights_arg, int rule_arg) {
  CallSite* site = call_site(fcinfo);
  Parameters p;
  if (site->rule_known) {
    p.rule = site->rule;
    p.min_coverage = site->min_coverage;
  } else if (rule_arg >= 0) {
    if (PG_ARGISNULL(rule_arg)) hs::throw_null_parameter("missing");
    hs::pg::TextArg rule = hs::pg::text_arg(fcinfo, rule_arg);
    p.rule = hs::parse_missing_rule(rule.data, rule.length);
    int coverage_arg = rule_arg + 1;
    bool has_coverage = PG_NARGS() > coverage_arg;
    if (has_coverage) {
      p.min_coverage = hs::pg::required_float8_arg(fcinfo, coverage_arg, "min_coverage");
      hs::check_min_coverage(p.min_coverage);
    }
    if (hs::pg::arg_is_constant(fcinfo, rule_arg) &&
        (!has_coverage || hs::pg::arg_is_constant(fcinfo, coverage_arg))) {
      site->rule = p.rule;
      site->min_coverage = p.min_coverage;
      site->rule_known = true;
    }
  }
  if (site->weights_known) {
    p.count = site->count;
    p.weights = site->weights;
    return p;
  }
  if (PG_ARGISNULL(weights_arg)) {
    p.null = true;
    return p;
  }
  ArrayArg a = hs::pg::array_arg(fcinfo, weights_arg, "weights");
  bool constant = hs::pg::arg_is_constant(fcinfo, weights_arg);
  Size size = static_cast<Size>(a.length + 1) * sizeof(double);
  auto* w = static_cast<double*>(
      constant ? hs::pg::call_pg([&] { return MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, size); })
               : hs::pg::allocate(size));
  hs::pg::each_float8(
      a, [&](std::int64_t i, std::optional<double> x) { w[i] = hs::checked_weight(x, i); });
  p.count = a.length;
  p.weights = w;
  if (constant) {
    site->count = a.length;
    site->weights = w;
    site->weights_known = true;
  }
  return p;
}

// The sums of scores[] (argument 0) under the weights of `p`.
WeightedScore weighted_arrays(FunctionCallInfo fcinfo, const Parameters& p) {
  ArrayArg scores = hs::pg::array_arg(fcinfo, 0, "scores");
  hs::check_same_length("scores", scores.length, "weights", p.count);
  WeightedScore sums;
  hs::pg::each_float8(scores, [&](std::int64_t i, std::optional<double> s) {
    sums.add(hs::checked_score(s), p.weights[i]);
  });
  return sums;
}

}  // namespace

// health_score(scores, weights): sum(w * s) / sum(w) over the present scores.
HS_FUNCTION(hs_health_score) {
  Parameters p = parameters(fcinfo, 1, -1);
  return hs::pg::optional_float8(fcinfo, weighted_arrays(fcinfo, p).score());
}

// health_score(scores, weights, missing [, min_coverage]): the weighted score
// under a missing-data rule, NULL below the minimum coverage. NULL arrays
// give NULL; a NULL rule or coverage is an error.
HS_FUNCTION(hs_health_score_rule) {
  Parameters p = parameters(fcinfo, 1, 2);
  if (p.null || PG_ARGISNULL(0)) PG_RETURN_NULL();
  return hs::pg::optional_float8(fcinfo, weighted_arrays(fcinfo, p).score(p.rule, p.min_coverage));
}

// health_coverage(scores, weights): the share of the total weight whose score
// is present, the quotient of the exact sums correctly rounded.
HS_FUNCTION(hs_health_coverage) {
  Parameters p = parameters(fcinfo, 1, -1);
  return hs::pg::optional_float8(fcinfo, weighted_arrays(fcinfo, p).coverage());
}

namespace {

constexpr int kTermsFirst = 4;  // called, weights, missing, min_coverage, then the terms

// Checks once per call site that every term of health_score_terms() is a
// float8 (a domain over float8 counts as one).
void check_terms(FunctionCallInfo fcinfo, CallSite* site) {
  if (site->terms_checked) return;
  for (int arg = kTermsFirst; arg < PG_NARGS(); ++arg) {
    Oid type = hs::pg::call_pg([&] {
      Oid t = get_fn_expr_argtype(fcinfo->flinfo, arg);
      return OidIsValid(t) ? getBaseType(t) : InvalidOid;
    });
    if (type == FLOAT8OID) continue;
    if (type == InvalidOid) {
      throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                      ": cannot determine the types of its terms",
                                      "Call it from SQL.");
    }
    const char* type_name = hs::pg::call_pg([&] { return format_type_be(type); });
    throw hs::Error::after_function(
        hs::ErrorKind::invalid_parameter,
        " argument " + std::to_string(arg + 1) + " (" + type_name + ") is not a float8 score",
        "Each term is a 0-100 score of type float8.");
  }
  site->terms_checked = true;
}

}  // namespace

// health_score_terms(called, weights, missing, min_coverage, VARIADIC terms):
// the weighted score of health_score(ARRAY[terms], weights, missing,
// min_coverage), with its errors named after `called`; what the planner runs
// for health_score(ARRAY[...], constant weights), so that no array is built.
HS_FUNCTION(hs_health_score_terms) {
  check_terms(fcinfo, call_site(fcinfo));
  Parameters p = parameters(fcinfo, 1, 2);
  if (p.null) PG_RETURN_NULL();
  std::int64_t count = PG_NARGS() - kTermsFirst;
  hs::check_same_length("terms", count, "weights", p.count);
  WeightedScore sums;
  for (std::int64_t k = 0; k < count; ++k) {
    int arg = kTermsFirst + static_cast<int>(k);
    std::optional<double> s;
    if (!PG_ARGISNULL(arg)) s = PG_GETARG_FLOAT8(arg);
    sums.add(hs::checked_score(s), p.weights[k]);
  }
  return hs::pg::optional_float8(fcinfo, sums.score(p.rule, p.min_coverage));
}

namespace {

// Whether every role may execute function `fn` (PUBLIC may, as by default)
// and no security module watches its calls. The rewrite replaces a call only
// when this holds for both functions: a plan is made once and may be run by
// another role, and the call it runs must need no check the original had.
bool anyone_may_execute(Oid fn) {
  return !FmgrHookIsNeeded(fn) && pg_proc_aclcheck(fn, ACL_ID_PUBLIC, ACL_EXECUTE) == ACLCHECK_OK;
}

// health_score(ARRAY[e1, ..., en], w [, missing, min_coverage]), with constant
// parameters and n weights, as health_score_terms(health_score, w, missing,
// min_coverage, e1, ..., en): the same function of the same arguments, at the
// same estimated cost; or nullptr for a call of another shape. The array
// form's checks are left to the call site's reader, which both share.
Node* rewrite(FuncExpr* call, PlannerInfo* root) {
  int nargs = list_length(call->args);
  if (nargs != 2 && nargs != 4) return nullptr;
  for (int i = 1; i < nargs; ++i) {
    auto* c = static_cast<Node*>(list_nth(call->args, i));
    if (!IsA(c, Const) || reinterpret_cast<Const*>(c)->constisnull) return nullptr;
  }
  auto* scores = static_cast<Node*>(linitial(call->args));
  if (!IsA(scores, ArrayExpr) || reinterpret_cast<ArrayExpr*>(scores)->multidims) return nullptr;
  List* terms = reinterpret_cast<ArrayExpr*>(scores)->elements;
  auto* weights = static_cast<Const*>(lsecond(call->args));
  int nweights = -1;
  hs::pg::call_pg([&] {
    ArrayType* a = DatumGetArrayTypeP(weights->constvalue);
    if (ARR_NDIM(a) == 1) nweights = ARR_DIMS(a)[0];
  });
  if (nweights != list_length(terms) || kTermsFirst + nweights > FUNC_MAX_ARGS) return nullptr;
  return hs::pg::call_pg([&]() -> Node* {
    // The target, found in the extension's schema by its signature: no name
    // resolution, so no USAGE on the schema is needed.
    Oid nsp = get_func_namespace(call->funcid);
    Oid signature[] = {REGPROCEDUREOID, FLOAT8ARRAYOID, TEXTOID, FLOAT8OID, ANYOID};
    Oid target =
        GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid, CStringGetDatum("health_score_terms"),
                        PointerGetDatum(buildoidvector(signature, 5)), ObjectIdGetDatum(nsp));
    if (!OidIsValid(target) || !anyone_may_execute(target) || !anyone_may_execute(call->funcid))
      return nullptr;
    Node* missing;
    Node* min_coverage;
    if (nargs == 4) {
      missing = static_cast<Node*>(lthird(call->args));
      min_coverage = static_cast<Node*>(lfourth(call->args));
    } else {  // health_score(scores, weights) is the rule 'renormalize' without a minimum
      missing =
          reinterpret_cast<Node*>(makeConst(TEXTOID, -1, DEFAULT_COLLATION_OID, -1,
                                            CStringGetTextDatum("renormalize"), false, false));
      min_coverage = reinterpret_cast<Node*>(makeConst(
          FLOAT8OID, -1, InvalidOid, sizeof(double), Float8GetDatum(0.0), false, FLOAT8PASSBYVAL));
    }
    Node* called = reinterpret_cast<Node*>(makeConst(REGPROCEDUREOID, -1, InvalidOid, sizeof(Oid),
                                                     ObjectIdGetDatum(call->funcid), false, true));
    List* args = list_concat(list_make4(called, weights, missing, min_coverage), terms);
    // A REVOKE on health_score makes PostgreSQL plan again.
    if (root != nullptr) record_plan_function_dependency(root, call->funcid);
    FuncExpr* terms_call =
        makeFuncExpr(target, FLOAT8OID, args, InvalidOid, call->inputcollid, COERCE_EXPLICIT_CALL);
    terms_call->location = call->location;
    return reinterpret_cast<Node*>(terms_call);
  });
}

}  // namespace

// Planner support of health_score(): rewrites health_score(ARRAY[...],
// constant weights [, constant rule and coverage]) into health_score_terms()
// (SupportRequestSimplify); answers no other request.
HS_FUNCTION(hs_health_score_support) {
  Node* request = reinterpret_cast<Node*>(PG_GETARG_POINTER(0));
  if (request == nullptr || !IsA(request, SupportRequestSimplify)) PG_RETURN_POINTER(nullptr);
  auto* simplify = reinterpret_cast<SupportRequestSimplify*>(request);
  PG_RETURN_POINTER(rewrite(simplify->fcall, simplify->root));
}

// health_score(metrics jsonb, weights jsonb): each key of weights looked up in
// metrics; a missing key or JSON null is a missing score (renormalized).
HS_FUNCTION(hs_health_score_jsonb) {
  WeightedScore sums;
  enum class Bad { none, metrics_shape, weights_shape, metric_type, weight_type } bad = Bad::none;
  char key[68] = "";
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
      // At most 60 bytes of the key in a message, cut before a character.
      int shown = pg_mbcliplen(name.val.string.val, name.val.string.len, 60);
      snprintf(key, sizeof key, "%.*s%s", shown, name.val.string.val,
               shown < name.val.string.len ? "..." : "");
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
        if (x) {  // as float8 prints it (the shortest exact form), so it equals to_jsonb's
          appendStringInfoString(
              &json, DatumGetCString(DirectFunctionCall1(float8out, Float8GetDatum(*x))));
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

// health_driver_names(names, scores, weights): the names of the present
// measures in the order of health_drivers, the most points lost first.
HS_FUNCTION(hs_health_driver_names) {
  Drivers d = drivers_of(fcinfo);
  return hs::pg::call_pg([&] {
    auto* values = static_cast<Datum*>(palloc(static_cast<Size>(d.n + 1) * sizeof(Datum)));
    auto* nulls = static_cast<bool*>(palloc(static_cast<Size>(d.n + 1) * sizeof(bool)));
    int count = 0;
    for (std::int64_t k = 0; k < d.n; ++k) {
      const hs::Driver& row = d.rows[k];
      if (!row.score) continue;
      values[count] = d.names[row.position];
      nulls[count] = d.name_nulls[row.position];
      ++count;
    }
    int dims[1] = {count};
    int lbs[1] = {1};
    return PointerGetDatum(
        construct_md_array(values, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
  });
}
