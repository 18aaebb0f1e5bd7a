#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>

#include "core/error.h"
#include "pg/guard.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "nodes/execnodes.h"
#include "nodes/primnodes.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace hs::pg {
namespace {

// What a caught exception said, in memory that needs no destructor.
struct CaughtError {
  int sqlstate;
  bool names_function;  // the message follows the SQL function's name
  ErrorData* pg_error;  // a PostgreSQL error to raise again as it was
  char message[512];
  char detail[512];
};

CaughtError caught;

int sqlstate_of(hs::ErrorKind kind) {
  switch (kind) {
    case hs::ErrorKind::out_of_range:
      return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
    case hs::ErrorKind::invalid_parameter:
      return ERRCODE_INVALID_PARAMETER_VALUE;
    case hs::ErrorKind::invalid_text:
      return ERRCODE_INVALID_TEXT_REPRESENTATION;
    case hs::ErrorKind::array_mismatch:
      return ERRCODE_ARRAY_SUBSCRIPT_ERROR;
    case hs::ErrorKind::invalid_binary:
      return ERRCODE_INVALID_BINARY_REPRESENTATION;
    case hs::ErrorKind::wrong_context:
      return ERRCODE_FEATURE_NOT_SUPPORTED;
    case hs::ErrorKind::program_limit:
      return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
  }
  return ERRCODE_INTERNAL_ERROR;
}

// Copies `text` into `buffer`, cut before a character (in the server's
// encoding) when it does not fit: a message is never invalid text.
void copy_text(char* buffer, std::size_t size, const char* text) {
  int length = static_cast<int>(strnlen(text, size));
  if (static_cast<std::size_t>(length) == size) length = pg_mbcliplen(text, length, length - 1);
  std::memcpy(buffer, text, static_cast<std::size_t>(length));
  buffer[length] = '\0';
}

void set(int sqlstate, bool names_function, const char* message, const char* detail) {
  caught.sqlstate = sqlstate;
  caught.names_function = names_function;
  caught.pg_error = nullptr;
  copy_text(caught.message, sizeof caught.message, message);
  copy_text(caught.detail, sizeof caught.detail, detail);
}

// A standard exception's text, unless it is a library's internal wording.
const char* own_words(const std::exception& e, const char* fallback) {
  return std::strstr(e.what(), "boost::") != nullptr ? fallback : e.what();
}

void set_after_function(int sqlstate, const char* what) {
  char rest[sizeof caught.message];
  snprintf(rest, sizeof rest, ": %s", what);
  set(sqlstate, true, rest, "");
}

// The window aggregate of the executing WindowAgg node whose support function
// is `fn`, for an error raised by a transition or final function of an
// aggregate used as a window function (PostgreSQL does not say which one).
Oid window_aggregate_of(WindowAggState* winstate, Oid fn) {
  ListCell* cell;
  foreach (cell, winstate->funcs) {
    auto* wfuncstate = static_cast<WindowFuncExprState*>(lfirst(cell));
    WindowFunc* wfunc = wfuncstate->wfunc;
    if (!wfunc->winagg) continue;
    HeapTuple tuple = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(wfunc->winfnoid));
    if (!HeapTupleIsValid(tuple)) continue;
    auto* agg = reinterpret_cast<Form_pg_aggregate>(GETSTRUCT(tuple));
    bool match = agg->aggtransfn == fn || agg->aggfinalfn == fn || agg->aggmtransfn == fn ||
                 agg->aggmfinalfn == fn;
    ReleaseSysCache(tuple);
    if (match) return wfunc->winfnoid;
  }
  return InvalidOid;
}

// Whether `fn` is a support function of the aggregate `aggregate`.
bool aggregate_runs(Oid aggregate, Oid fn) {
  HeapTuple tuple = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggregate));
  if (!HeapTupleIsValid(tuple)) return false;
  auto* agg = reinterpret_cast<Form_pg_aggregate>(GETSTRUCT(tuple));
  bool match = agg->aggtransfn == fn || agg->aggfinalfn == fn || agg->aggcombinefn == fn ||
               agg->aggserialfn == fn || agg->aggdeserialfn == fn || agg->aggmtransfn == fn ||
               agg->aggminvtransfn == fn || agg->aggmfinalfn == fn;
  ReleaseSysCache(tuple);
  return match;
}

// The aggregate of the Aggref whose support function `fn` raised. Usually the
// Aggref's own. A distributed engine runs a user's aggregate through wrapper
// aggregates of its own (Citus: on each worker a wrapper whose transition
// function calls the user's aggregate's transition function, on the
// coordinator one that calls its combine and final functions), each called
// with the user's aggregate's oid as a constant first argument and running
// our function in the wrapper's Aggref: when the Aggref's aggregate does not
// run `fn` but the aggregate named by that constant does, name the latter.
Oid aggregate_of(Aggref* aggref, Oid fn) {
  if (aggregate_runs(aggref->aggfnoid, fn) || aggref->args == NIL) return aggref->aggfnoid;
  Expr* first = static_cast<TargetEntry*>(linitial(aggref->args))->expr;
  if (first == nullptr || !IsA(first, Const)) return aggref->aggfnoid;
  auto* constant = reinterpret_cast<Const*>(first);
  if (constant->constisnull ||
      (constant->consttype != OIDOID && constant->consttype != REGPROCEDUREOID &&
       constant->consttype != REGPROCOID))
    return aggref->aggfnoid;
  Oid named = DatumGetObjectId(constant->constvalue);
  return aggregate_runs(named, fn) ? named : aggref->aggfnoid;
}

// The SQL function the user called: the aggregate whose support function
// runs, or else the function itself.
Oid called_function(FunctionCallInfo fcinfo) {
  if (fcinfo == nullptr || fcinfo->flinfo == nullptr) return InvalidOid;
  Oid fn = fcinfo->flinfo->fn_oid;
  Node* context = fcinfo->context;
  if (context != nullptr && IsA(context, AggState)) {
    if (Aggref* aggref = AggGetAggref(fcinfo)) return aggregate_of(aggref, fn);
  } else if (context != nullptr && IsA(context, WindowAggState)) {
    Oid aggregate = window_aggregate_of(reinterpret_cast<WindowAggState*>(context), fn);
    if (OidIsValid(aggregate)) return aggregate;
  }
  // A function that a planner rewrite put in place of another (as
  // health_score_terms for health_score) takes that one as its first
  // argument, a constant regprocedure: its errors are that function's.
  Node* expr = fcinfo->flinfo->fn_expr;
  if (expr != nullptr && IsA(expr, FuncExpr)) {
    List* args = reinterpret_cast<FuncExpr*>(expr)->args;
    Node* first = args != NIL ? static_cast<Node*>(linitial(args)) : nullptr;
    if (first != nullptr && IsA(first, Const)) {
      auto* c = reinterpret_cast<Const*>(first);
      if (c->consttype == REGPROCEDUREOID && !c->constisnull)
        return DatumGetObjectId(c->constvalue);
    }
  }
  return fn;
}

struct NameLookup {
  FunctionCallInfo fcinfo;
  char* name;
};

// Only on the error path: a catalog lookup per error, never per row.
const char* sql_function_name(FunctionCallInfo fcinfo, const char* symbol) {
  NameLookup lookup{fcinfo, nullptr};
  try {
    call_pg_impl(
        [](void* p) {
          auto* l = static_cast<NameLookup*>(p);
          Oid oid = called_function(l->fcinfo);
          if (OidIsValid(oid)) l->name = get_func_name(oid);
        },
        &lookup);
  } catch (...) {
    lookup.name = nullptr;  // the error being raised matters more than its name
  }
  if (lookup.name != nullptr) return lookup.name;
  return std::strncmp(symbol, "hs_", 3) == 0 ? symbol + 3 : symbol;
}

struct Call {
  void (*fn)(void*);
  void* arg;
  std::exception_ptr* thrown;
};

void run_catching(Call* call) {
  try {
    call->fn(call->arg);
  } catch (...) {
    *call->thrown = std::current_exception();
  }
}

}  // namespace

void capture_current_exception() noexcept {
  try {
    throw;
  } catch (const PgError& e) {
    set(ERRCODE_INTERNAL_ERROR, false, "", "");
    caught.pg_error = e.data();
  } catch (const hs::Error& e) {
    set(sqlstate_of(e.kind()), e.names_function(), e.rest(), e.detail());
  } catch (const std::bad_alloc&) {
    set(ERRCODE_OUT_OF_MEMORY, true, ": out of memory", "");
  } catch (const std::domain_error& e) {
    set_after_function(ERRCODE_INVALID_PARAMETER_VALUE, own_words(e, "invalid argument"));
  } catch (const std::invalid_argument& e) {
    set_after_function(ERRCODE_INVALID_PARAMETER_VALUE, own_words(e, "invalid argument"));
  } catch (const std::out_of_range& e) {
    set_after_function(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, own_words(e, "value out of range"));
  } catch (const std::overflow_error& e) {
    set_after_function(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, own_words(e, "value out of range"));
  } catch (const std::exception& e) {
    char rest[sizeof caught.message];
    snprintf(rest, sizeof rest, ": internal error: %s", own_words(e, "numerical failure"));
    set(ERRCODE_INTERNAL_ERROR, true, rest, "");
  } catch (...) {
    set(ERRCODE_INTERNAL_ERROR, true, ": internal error: unknown exception", "");
  }
}

void raise_captured_error(FunctionCallInfo fcinfo, const char* symbol) {
  if (ErrorData* error = caught.pg_error) {
    caught.pg_error = nullptr;
    ReThrowError(error);
  }
  const char* name = caught.names_function ? sql_function_name(fcinfo, symbol) : "";
  if (caught.detail[0] != '\0') {
    ereport(ERROR, (errcode(caught.sqlstate), errmsg("%s%s", name, caught.message),
                    errdetail("%s", caught.detail)));
  }
  ereport(ERROR, (errcode(caught.sqlstate), errmsg("%s%s", name, caught.message)));
  pg_unreachable();
}

void raise_notice(FunctionCallInfo fcinfo, const char* symbol, const char* rest,
                  const char* detail) {
  struct Notice {
    const char* name;
    const char* rest;
    const char* detail;
  } notice{sql_function_name(fcinfo, symbol), rest, detail};
  call_pg_impl(
      [](void* p) {
        auto* n = static_cast<Notice*>(p);
        ereport(NOTICE, (errmsg("%s%s", n->name, n->rest), errdetail("%s", n->detail)));
      },
      &notice);
}

void call_pg_impl(void (*fn)(void*), void* arg) {
  MemoryContext context = CurrentMemoryContext;
  std::exception_ptr thrown;
  Call call{fn, arg, &thrown};
  ErrorData* volatile error = nullptr;
  PG_TRY();
  { run_catching(&call); }
  PG_CATCH();
  {
    MemoryContextSwitchTo(context);
    error = CopyErrorData();
    FlushErrorState();
  }
  PG_END_TRY();
  if (error != nullptr) throw PgError(error);
  if (thrown) std::rethrow_exception(thrown);
}

}  // namespace hs::pg
