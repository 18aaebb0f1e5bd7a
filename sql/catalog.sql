\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Catalog checks over every object of the extension.

-- No aggregate keeps an internal state (README, "State types"): a real state
-- type is what lets a distributed engine push partial aggregation to its
-- workers. roc_auc's state, which grows with its input, is a varlena type too.
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtranstype::regtype AS state,
       a.aggserialfn::regproc AS serialize, a.aggdeserialfn::regproc AS deserialize
FROM pg_aggregate a
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = a.aggfnoid
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'healthscore'
WHERE a.aggtranstype = 'internal'::regtype;

-- Every aggregate is parallel safe with a combine function, and its state type.
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtranstype::regtype AS state,
       a.aggcombinefn <> 0 AS combinable, p.proparallel AS parallel
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = a.aggfnoid
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'healthscore'
ORDER BY a.aggfnoid::regprocedure::text;

-- Every function is immutable and parallel safe, except the scorecard layer's
-- functions, which read the definition tables (stable) or write health_history
-- (volatile), and run as written: with the caller's rights and their own
-- search_path (pg_catalog, pg_temp), so that no object of the caller's path is used.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'healthscore'
WHERE p.provolatile <> 'i' OR p.proparallel <> 's'
ORDER BY 1::text;
SELECT p.oid::regprocedure AS function, p.prosecdef AS security_definer, p.proconfig
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'healthscore'
JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql'
ORDER BY 1::text;

-- Every function, aggregate and type carries a COMMENT ON.
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS uncommented
FROM pg_depend d
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'healthscore'
WHERE d.deptype = 'e'
  AND obj_description(d.objid, d.classid::regclass::text) IS NULL
ORDER BY 1;

-- The extension is trusted: a database owner without superuser can install it.
SELECT extname, extversion, (SELECT trusted FROM pg_available_extension_versions
                            WHERE name = 'healthscore' AND version = extversion) AS trusted
FROM pg_extension WHERE extname = 'healthscore';
