/*
 * A stand-in for the wrapper aggregates of a distributed engine, for the
 * regression test sql/distributed.sql only: built before the regression
 * tests, loaded from the build directory, never installed.
 *
 * Citus runs a user's aggregate through aggregates of its own: on each
 * worker a wrapper whose transition function calls the user's aggregate's
 * transition function, on the coordinator one whose transition function
 * calls its combine function; the user's aggregate is their first argument,
 * a constant oid, and the user's support functions run with the wrapper's
 * aggregate context (so AggGetAggref finds the wrapper's Aggref).
 *
 * wrapper_transition(state, aggregate oid, args...) and
 * wrapper_combine(state, aggregate oid, other state) do the same: they call
 * the named aggregate's transition or combine function with the state and
 * the arguments after the oid, in the caller's context.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_aggregate.h"
#include "fmgr.h"
#include "utils/syscache.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(wrapper_transition);
PG_FUNCTION_INFO_V1(wrapper_combine);

/* The transition or combine function of an aggregate. */
static Oid
support_function(Oid aggregate, bool combine)
{
	HeapTuple	tuple = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggregate));
	Form_pg_aggregate form;
	Oid			fn;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "%u is not an aggregate", aggregate);
	form = (Form_pg_aggregate) GETSTRUCT(tuple);
	fn = combine ? form->aggcombinefn : form->aggtransfn;
	ReleaseSysCache(tuple);
	if (!OidIsValid(fn))
		elog(ERROR, "aggregate %u has no such support function", aggregate);
	return fn;
}

/*
 * Calls the support function with argument 0 (the state) and the arguments
 * after argument 1 (the aggregate's oid), in the caller's context.
 */
static Datum
call_support(FunctionCallInfo fcinfo, bool combine)
{
	LOCAL_FCINFO(inner, FUNC_MAX_ARGS);
	FmgrInfo	info;
	int			nargs = PG_NARGS() - 1;
	int			i;
	Datum		result;

	if (PG_NARGS() < 2 || PG_ARGISNULL(1))
		elog(ERROR, "the aggregate's oid must be the first argument");
	fmgr_info(support_function(PG_GETARG_OID(1), combine), &info);
	InitFunctionCallInfoData(*inner, &info, nargs, fcinfo->fncollation, fcinfo->context,
							 NULL);
	inner->args[0] = fcinfo->args[0];
	for (i = 1; i < nargs; i++)
		inner->args[i] = fcinfo->args[i + 1];
	if (info.fn_strict)
	{
		for (i = 0; i < nargs; i++)
		{
			if (inner->args[i].isnull)
			{
				fcinfo->isnull = PG_ARGISNULL(0);
				return PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0);
			}
		}
	}
	result = FunctionCallInvoke(inner);
	fcinfo->isnull = inner->isnull;
	return result;
}

/* wrapper_transition(state, aggregate oid, args...): its transition function. */
Datum
wrapper_transition(PG_FUNCTION_ARGS)
{
	return call_support(fcinfo, false);
}

/* wrapper_combine(state, aggregate oid, other state): its combine function. */
Datum
wrapper_combine(PG_FUNCTION_ARGS)
{
	return call_support(fcinfo, true);
}
