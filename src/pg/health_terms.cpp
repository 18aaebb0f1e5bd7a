// health_score_terms(), the weighted health score of separate terms, and the
// planner support function of health_score() that rewrites
// health_score(ARRAY[...], weights ...) into it. Per row, the array form pays
// for building an array and for one call per minmax_apply() inside it; the
// terms form is one call that reads each score, or each fit and value,
// straight from its arguments. The rewrite keeps every result and every error
// of the array form: it happens only where the weights, the rule and the
// coverage are constants that the array form accepts.
#include "core/health.h"
#include "core/normalize.h"
#include "pg/datum.h"

#include <cstring>

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "optimizer/planmain.h"
#include "parser/parsetree.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace {

using hs::MinMaxFit;
using hs::MissingRule;
using hs::Term;
using hs::TermArg;
using hs::WeightedScore;

constexpr int kFixedArgs = 3;  // weights, missing, min_coverage
constexpr int kMaxTerms = FUNC_MAX_ARGS - kFixedArgs;

// Runs `f`; an error that names the SQL function called is raised as an error
// of `function` instead, so that each part of the fused call fails with the
// message of the function it stands for (minmax_apply, health_score).
template <typename F>
inline decltype(auto) as_function(const char* function, F&& f) {
  try {
    return f();
  } catch (const hs::Error& e) {
    if (!e.names_function()) throw;
    throw hs::Error(e.kind(), e.message_for(function), e.detail());
  }
}

// The type minmax_fit of the schema `nsp` (the extension's), or InvalidOid.
Oid minmax_fit_type(Oid nsp) {
  return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("minmax_fit"),
                         ObjectIdGetDatum(nsp));
}

// --- health_score_terms() ---

// What one call site knows after its first row: its terms, and the weights,
// rule and coverage when they are constants (checked once).
struct TermsCall {
  std::int32_t count;
  bool weights_cached;
  bool rule_cached;
  MissingRule rule;
  double min_coverage;
  Term terms[kMaxTerms];
  double weights[kMaxTerms];
};

// Reads the weights argument (not NULL) into `out`, one per term, checked as
// health_score checks them.
void read_weights(FunctionCallInfo fcinfo, std::int32_t count, double* out) {
  hs::pg::ArrayArg a = hs::pg::array_arg(fcinfo, 0, "weights");
  hs::check_same_length("terms", count, "weights", a.length);
  as_function("health_score", [&] {
    hs::pg::each_float8(
        a, [&](std::int64_t i, std::optional<double> w) { out[i] = hs::checked_weight(w, i); });
  });
}

// Reads the rule and the coverage, checked as health_score checks them.
void read_rule(FunctionCallInfo fcinfo, MissingRule* rule, double* min_coverage) {
  as_function("health_score", [&] {
    if (PG_ARGISNULL(1)) hs::throw_null_parameter("missing");
    text* rule_text = hs::pg::call_pg([&] { return PG_GETARG_TEXT_PP(1); });
    *rule = hs::parse_missing_rule(VARDATA_ANY(rule_text), VARSIZE_ANY_EXHDR(rule_text));
    *min_coverage = hs::pg::required_float8_arg(fcinfo, 2, "min_coverage");
    hs::check_min_coverage(*min_coverage);
  });
}

// The first row of a call site: groups the term arguments by their types and
// keeps what is constant.
TermsCall* plan_call(FunctionCallInfo fcinfo) {
  FmgrInfo* flinfo = fcinfo->flinfo;
  int nterm_args = PG_NARGS() - kFixedArgs;
  if (nterm_args > kMaxTerms || nterm_args < 0)
    throw hs::Error::after_function(hs::ErrorKind::invalid_parameter, ": too many arguments");
  TermArg kinds[kMaxTerms];
  Oid types[kMaxTerms];
  Oid fit_type = InvalidOid;
  hs::pg::call_pg([&] {
    fit_type = minmax_fit_type(get_func_namespace(flinfo->fn_oid));
    for (int i = 0; i < nterm_args; ++i) {
      Oid type = get_fn_expr_argtype(flinfo, kFixedArgs + i);
      types[i] = OidIsValid(type) ? getBaseType(type) : InvalidOid;  // a domain as its type
    }
  });
  for (int i = 0; i < nterm_args; ++i) {
    if (types[i] == InvalidOid) {
      throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                      ": cannot determine the types of its terms",
                                      "Call it from SQL.");
    }
    kinds[i] = types[i] == FLOAT8OID  ? TermArg::score
               : types[i] == fit_type ? TermArg::fit
               : types[i] == BOOLOID  ? TermArg::boolean
                                      : TermArg::other;
  }
  auto* call = static_cast<TermsCall*>(
      hs::pg::call_pg([&] { return MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(TermsCall)); }));
  hs::TermPlan plan = hs::plan_terms(kinds, nterm_args, call->terms);
  if (plan.bad >= 0) {
    Oid bad_type = types[plan.bad];
    const char* type_name = hs::pg::call_pg([&] { return format_type_be(bad_type); });
    throw hs::Error::after_function(
        hs::ErrorKind::invalid_parameter,
        " argument " + std::to_string(kFixedArgs + plan.bad + 1) + " (" + type_name +
            ") does not fit a term",
        "Each term is a float8 score, or a minmax_fit followed by a float8 value and "
        "optionally higher_is_better (boolean).");
  }
  call->count = plan.count;
  bool weights_stable = hs::pg::arg_is_constant(fcinfo, 0);
  bool rule_stable = hs::pg::arg_is_constant(fcinfo, 1) && hs::pg::arg_is_constant(fcinfo, 2);
  // Constants are checked once, here; one that fails is left to the per-row
  // path, which raises its error after the applies, as for any other value.
  try {
    if (rule_stable) {
      read_rule(fcinfo, &call->rule, &call->min_coverage);
      call->rule_cached = true;
    }
    if (weights_stable && !PG_ARGISNULL(0)) {
      read_weights(fcinfo, call->count, call->weights);
      call->weights_cached = true;
    }
  } catch (const hs::Error&) {
  }
  flinfo->fn_extra = call;
  return call;
}

// The score of a fit term, as minmax_apply(fit, x [, higher_is_better]) gives it.
std::optional<double> fit_term(FunctionCallInfo fcinfo, const Term& t) {
  int arg = kFixedArgs + t.first;
  bool higher_is_better = true;
  if (t.has_direction) {
    if (PG_ARGISNULL(arg + 2)) hs::throw_null_parameter("higher_is_better");
    higher_is_better = PG_GETARG_BOOL(arg + 2);
  }
  if (PG_ARGISNULL(arg) || PG_ARGISNULL(arg + 1)) return std::nullopt;
  const MinMaxFit& fit = hs::pg::fit_arg<MinMaxFit>(fcinfo, arg);
  double x = PG_GETARG_FLOAT8(arg + 1);
  hs::require_finite("value", x);
  return hs::minmax_apply(fit, x, higher_is_better);
}

}  // namespace

// health_score_terms(weights, missing, min_coverage, VARIADIC terms): the
// weighted score of health_score(ARRAY[terms], weights, missing,
// min_coverage), where a term is a score or a min-max fit applied to a value;
// what the planner runs for health_score(ARRAY[...], constant weights).
HS_FUNCTION(hs_health_score_terms) {
  auto* call = static_cast<TermsCall*>(fcinfo->flinfo->fn_extra);
  if (call == nullptr) call = plan_call(fcinfo);
  std::int32_t count = call->count;
  // The applies first, in order, as the array's elements are computed before
  // health_score() sees them.
  struct Slot {
    double value;
    bool present;
  } slots[kMaxTerms];
  for (std::int32_t k = 0; k < count; ++k) {
    const Term& t = call->terms[k];
    slots[k].present = false;
    if (!t.fit) continue;
    std::optional<double> s = as_function("minmax_apply", [&] { return fit_term(fcinfo, t); });
    slots[k] = Slot{s.value_or(0.0), s.has_value()};
  }
  MissingRule rule = call->rule;
  double min_coverage = call->min_coverage;
  if (!call->rule_cached) read_rule(fcinfo, &rule, &min_coverage);
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  double row_weights[kMaxTerms];
  const double* weights = call->weights;
  if (!call->weights_cached) {
    read_weights(fcinfo, count, row_weights);
    weights = row_weights;
  }
  return as_function("health_score", [&]() -> Datum {
    WeightedScore sums;
    for (std::int32_t k = 0; k < count; ++k) {
      const Term& t = call->terms[k];
      std::optional<double> s;
      if (t.fit) {
        if (slots[k].present) s = slots[k].value;
      } else if (!PG_ARGISNULL(kFixedArgs + t.first)) {
        s = PG_GETARG_FLOAT8(kFixedArgs + t.first);
      }
      sums.add(hs::checked_score(s), weights[k]);
    }
    return hs::pg::optional_float8(fcinfo, sums.score(rule, min_coverage));
  });
}

// --- The rewrite ---

namespace {

// Whether every role may execute function `fn` (PUBLIC may, as by default)
// and no security module watches its calls. The rewrite involves only such
// functions, so it bypasses no EXECUTE check whichever role runs the plan
// (a plan is made once and may be run by another role); otherwise the array
// form runs, with each function's own check.
bool anyone_may_execute(Oid fn) {
  return !FmgrHookIsNeeded(fn) && pg_proc_aclcheck(fn, ACL_ID_PUBLIC, ACL_EXECUTE) == ACLCHECK_OK;
}

// pg_proc's text column `column` of function `fn`, palloc'd, or nullptr.
char* proc_text(HeapTuple proc, AttrNumber column) {
  bool isnull;
  Datum d = SysCacheGetAttr(PROCOID, proc, column, &isnull);
  return isnull ? nullptr : TextDatumGetCString(d);
}

// Whether `node` is a call of this library's minmax_apply(fit, x, higher_is_better),
// whose library is `library` (pg_proc.probin), that anyone may execute.
bool is_minmax_apply(Node* node, const char* library, Oid fit_type) {
  if (!IsA(node, FuncExpr)) return false;
  auto* f = reinterpret_cast<FuncExpr*>(node);
  if (f->funcretset || f->funcresulttype != FLOAT8OID || list_length(f->args) != 3) return false;
  if (exprType(static_cast<Node*>(linitial(f->args))) != fit_type ||
      exprType(static_cast<Node*>(lsecond(f->args))) != FLOAT8OID ||
      exprType(static_cast<Node*>(lthird(f->args))) != BOOLOID)
    return false;
  HeapTuple proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(f->funcid));
  if (!HeapTupleIsValid(proc)) return false;
  bool same = false;
  auto* form = reinterpret_cast<Form_pg_proc>(GETSTRUCT(proc));
  if (form->prolang == ClanguageId && !form->proisstrict && !form->proretset) {
    char* symbol = proc_text(proc, Anum_pg_proc_prosrc);
    char* its_library = proc_text(proc, Anum_pg_proc_probin);
    same = symbol != nullptr && its_library != nullptr &&
           std::strcmp(symbol, "hs_minmax_apply") == 0 && std::strcmp(its_library, library) == 0;
  }
  ReleaseSysCache(proc);
  return same && anyone_may_execute(f->funcid);
}

// Whether computing `node`, a value of a query whose range table is `rtable`,
// can neither raise an error nor have an effect: a constant; an aggregate's
// result (computed with its group, before any expression reads it); a column
// of a table; or a column of a subquery whose expression for it is one of
// these. (The planner may replace a subquery's column by that expression when
// it pushes a condition down into the subquery.) Without a planner (`rtable`
// NIL: index expressions, defaults) a column is the table's.
bool cannot_raise(Node* node, List* rtable, int depth = 0) {
  while (node != nullptr && IsA(node, RelabelType))
    node = reinterpret_cast<Node*>(reinterpret_cast<RelabelType*>(node)->arg);
  if (node == nullptr || depth > 8) return false;
  if (IsA(node, Const) || IsA(node, Aggref)) return true;
  if (!IsA(node, Var)) return false;
  auto* var = reinterpret_cast<Var*>(node);
  if (rtable == NIL && depth == 0) return true;
  if (var->varlevelsup != 0 || IS_SPECIAL_VARNO(var->varno) || var->varno < 1 ||
      var->varno > list_length(rtable) || var->varattno < 1)
    return false;
  RangeTblEntry* rte = rt_fetch(var->varno, rtable);
  if (rte->rtekind == RTE_RELATION) return true;
  if (rte->rtekind != RTE_SUBQUERY || rte->inh || rte->subquery == nullptr ||
      rte->subquery->setOperations != nullptr)
    return false;
  TargetEntry* column = get_tle_by_resno(rte->subquery->targetList, var->varattno);
  return column != nullptr &&
         cannot_raise(reinterpret_cast<Node*>(column->expr), rte->subquery->rtable, depth + 1);
}

bool args_cannot_raise(FuncExpr* f, List* rtable) {
  ListCell* cell;
  foreach (cell, f->args) {
    if (!cannot_raise(static_cast<Node*>(lfirst(cell)), rtable)) return false;
  }
  return true;
}

// The library of function `fn` (pg_proc.probin), palloc'd, or nullptr.
char* library_of(Oid fn) {
  HeapTuple proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn));
  if (!HeapTupleIsValid(proc)) return nullptr;
  char* library = proc_text(proc, Anum_pg_proc_probin);
  ReleaseSysCache(proc);
  return library;
}

// A constant, not NULL, of type `type`, or nullptr.
Const* constant(Node* node, Oid type) {
  if (!IsA(node, Const)) return nullptr;
  auto* c = reinterpret_cast<Const*>(node);
  return c->constisnull || c->consttype != type ? nullptr : c;
}

// What the array form's parameters must be for the rewrite; read with
// PostgreSQL calls (no C++ object alive), checked afterwards.
struct RewriteInput {
  FuncExpr* call;
  ArrayExpr* scores = nullptr;
  Const* weights = nullptr;
  Const* missing = nullptr;
  Const* min_coverage = nullptr;
  int weight_count = -1;
  bool weights_have_null = false;
  const double* weight_values = nullptr;
};

// health_score(ARRAY[e1, ...], weights [, missing, min_coverage]) with constant,
// valid parameters as health_score_terms(weights, missing, min_coverage, t1, ...),
// where ti is ei, or the three arguments of ei when it calls minmax_apply; or
// nullptr when the call is of another shape.
Node* rewrite(FuncExpr* call, PlannerInfo* root) {
  RewriteInput in{call};
  int nargs = list_length(call->args);
  if (nargs != 2 && nargs != 4) return nullptr;
  Node* first = static_cast<Node*>(linitial(call->args));
  if (!IsA(first, ArrayExpr)) return nullptr;
  in.scores = reinterpret_cast<ArrayExpr*>(first);
  if (in.scores->multidims || in.scores->element_typeid != FLOAT8OID) return nullptr;
  int count = list_length(in.scores->elements);
  if (count == 0 || count > kMaxTerms) return nullptr;
  in.weights = constant(static_cast<Node*>(lsecond(call->args)), FLOAT8ARRAYOID);
  if (in.weights == nullptr) return nullptr;
  if (nargs == 4) {
    in.missing = constant(static_cast<Node*>(lthird(call->args)), TEXTOID);
    in.min_coverage = constant(static_cast<Node*>(lfourth(call->args)), FLOAT8OID);
    if (in.missing == nullptr || in.min_coverage == nullptr) return nullptr;
  }
  char* rule_text = nullptr;
  hs::pg::call_pg([&] {
    ArrayType* a = DatumGetArrayTypeP(in.weights->constvalue);
    if (ARR_NDIM(a) != 1) return;
    in.weight_count = ARR_DIMS(a)[0];
    in.weights_have_null = ARR_HASNULL(a);
    in.weight_values = reinterpret_cast<const double*>(ARR_DATA_PTR(a));
    if (in.missing != nullptr) rule_text = TextDatumGetCString(in.missing->constvalue);
  });
  if (in.weight_count != count || in.weights_have_null) return nullptr;
  try {  // parameters the array form would reject stay with it, and its error
    hs::check_weights(in.weight_values, count);
    if (in.missing != nullptr) {
      hs::parse_missing_rule(rule_text, std::strlen(rule_text));
      hs::check_min_coverage(DatumGetFloat8(in.min_coverage->constvalue));
    }
  } catch (const hs::Error&) {
    return nullptr;
  }
  return hs::pg::call_pg([&]() -> Node* {
    Oid nsp = get_func_namespace(in.call->funcid);
    Oid fit_type = minmax_fit_type(nsp);
    char* library = library_of(in.call->funcid);
    if (!OidIsValid(fit_type) || library == nullptr) return nullptr;
    // By catalog lookup in the extension's schema: no name resolution, so no
    // USAGE on the schema is needed (a view's user may have none).
    Oid signature[4] = {FLOAT8ARRAYOID, TEXTOID, FLOAT8OID, ANYOID};
    Oid target =
        GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid, CStringGetDatum("health_score_terms"),
                        PointerGetDatum(buildoidvector(signature, 4)), ObjectIdGetDatum(nsp));
    if (!OidIsValid(target) || !anyone_may_execute(target) || !anyone_may_execute(in.call->funcid))
      return nullptr;
    Node* missing = reinterpret_cast<Node*>(in.missing);
    Node* min_coverage = reinterpret_cast<Node*>(in.min_coverage);
    Oid collation = in.call->inputcollid;
    if (missing == nullptr) {
      missing =
          reinterpret_cast<Node*>(makeConst(TEXTOID, -1, DEFAULT_COLLATION_OID, -1,
                                            CStringGetTextDatum("renormalize"), false, false));
      min_coverage = reinterpret_cast<Node*>(makeConst(
          FLOAT8OID, -1, InvalidOid, sizeof(double), Float8GetDatum(0.0), false, FLOAT8PASSBYVAL));
      collation = DEFAULT_COLLATION_OID;
    }
    // In the array form, element k's minmax_apply runs before element k + 1 is
    // computed; here every argument is computed before any apply. So an apply
    // is fused only when nothing computed after it in the array form can raise
    // an error or have an effect: the same error comes first either way.
    int count = list_length(in.scores->elements);
    bool fuse[kMaxTerms];
    List* rtable = root != nullptr ? root->parse->rtable : NIL;
    bool tail_cannot_raise = true;
    for (int k = count - 1; k >= 0; --k) {
      Node* e = static_cast<Node*>(list_nth(in.scores->elements, k));
      if (exprType(e) != FLOAT8OID) return nullptr;
      fuse[k] = tail_cannot_raise && is_minmax_apply(e, library, fit_type);
      tail_cannot_raise =
          tail_cannot_raise && (fuse[k] ? args_cannot_raise(reinterpret_cast<FuncExpr*>(e), rtable)
                                        : cannot_raise(e, rtable));
    }
    List* args = list_make3(in.weights, missing, min_coverage);
    for (int k = 0; k < count; ++k) {
      Node* e = static_cast<Node*>(list_nth(in.scores->elements, k));
      args = fuse[k] ? list_concat(args, reinterpret_cast<FuncExpr*>(e)->args) : lappend(args, e);
    }
    // The plan depends on the functions it no longer calls too: a change to
    // them (a REVOKE) makes PostgreSQL plan again.
    if (root != nullptr) {
      record_plan_function_dependency(root, in.call->funcid);
      for (int k = 0; k < count; ++k) {
        if (fuse[k])
          record_plan_function_dependency(
              root, reinterpret_cast<FuncExpr*>(list_nth(in.scores->elements, k))->funcid);
      }
    }
    if (list_length(args) > FUNC_MAX_ARGS) return nullptr;
    FuncExpr* terms =
        makeFuncExpr(target, FLOAT8OID, args, InvalidOid, collation, COERCE_EXPLICIT_CALL);
    terms->location = in.call->location;
    return reinterpret_cast<Node*>(terms);
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
