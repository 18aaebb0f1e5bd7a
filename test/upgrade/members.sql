-- The extension as the catalog sees it, one line per member and property:
-- "kind identity | property | value", sorted. test/upgrade.sh runs it in a
-- database updated from an earlier release and in a fresh install, and diffs
-- the two. OIDs differ between databases, so every OID is printed as the name
-- of what it points to; every other catalog column is printed as it is, so a
-- column PostgreSQL adds is compared without a change here.
\pset format unaligned
\pset tuples_only on
\pset null '(null)'
SET search_path = pg_catalog;
WITH ext AS (
    SELECT * FROM pg_extension WHERE extname = 'healthscore'
), m AS (
    SELECT d.classid, d.objid, o.type || ' ' || o.identity AS obj
    FROM pg_depend d JOIN ext ON ext.oid = d.refobjid,
         LATERAL pg_identify_object(d.classid, d.objid, 0) o
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
), props(obj, prop, val) AS (
    SELECT 'extension healthscore', kv.key, kv.value
    FROM ext, LATERAL jsonb_each_text(
        (to_jsonb(ext) - ARRAY['oid', 'extowner', 'extnamespace', 'extconfig'])
        || jsonb_build_object('extowner', ext.extowner::regrole::text,
                              'extnamespace', ext.extnamespace::regnamespace::text,
                              'extconfig', ext.extconfig::regclass[]::text)) kv
    UNION ALL
    SELECT obj, 'member', '' FROM m
    UNION ALL
    -- Functions, procedures and aggregates: every column of pg_proc.
    SELECT m.obj, kv.key, kv.value
    FROM m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid,
         LATERAL jsonb_each_text(
            (to_jsonb(p) - ARRAY['oid', 'pronamespace', 'proowner', 'prolang', 'prorettype',
                                 'proargtypes', 'proallargtypes', 'provariadic', 'protrftypes',
                                 'prosupport', 'proargdefaults', 'prosqlbody'])
            || jsonb_build_object(
                'pronamespace', p.pronamespace::regnamespace::text,
                'proowner', p.proowner::regrole::text,
                'prolang', (SELECT lanname FROM pg_language WHERE oid = p.prolang),
                'prorettype', format_type(p.prorettype, NULL),
                'proargtypes', p.proargtypes::regtype[]::text,
                'proallargtypes', p.proallargtypes::regtype[]::text,
                'provariadic', format_type(nullif(p.provariadic, 0), NULL),
                'protrftypes', p.protrftypes::regtype[]::text,
                'prosupport', nullif(p.prosupport, 0)::regprocedure::text,
                'arguments', pg_get_function_arguments(p.oid),
                'result', pg_get_function_result(p.oid),
                'prosqlbody', CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_functiondef(p.oid) END)) kv
    UNION ALL
    -- Aggregates: every column of pg_aggregate.
    SELECT m.obj, kv.key, kv.value
    FROM m JOIN pg_aggregate a ON m.classid = 'pg_proc'::regclass AND a.aggfnoid = m.objid,
         LATERAL jsonb_each_text(
            (to_jsonb(a) - ARRAY['aggfnoid', 'aggtransfn', 'aggfinalfn', 'aggcombinefn',
                                 'aggserialfn', 'aggdeserialfn', 'aggmtransfn', 'aggminvtransfn',
                                 'aggmfinalfn', 'aggsortop', 'aggtranstype', 'aggmtranstype'])
            || jsonb_build_object(
                'aggtransfn', nullif(a.aggtransfn::oid, 0)::regprocedure::text,
                'aggfinalfn', nullif(a.aggfinalfn::oid, 0)::regprocedure::text,
                'aggcombinefn', nullif(a.aggcombinefn::oid, 0)::regprocedure::text,
                'aggserialfn', nullif(a.aggserialfn::oid, 0)::regprocedure::text,
                'aggdeserialfn', nullif(a.aggdeserialfn::oid, 0)::regprocedure::text,
                'aggmtransfn', nullif(a.aggmtransfn::oid, 0)::regprocedure::text,
                'aggminvtransfn', nullif(a.aggminvtransfn::oid, 0)::regprocedure::text,
                'aggmfinalfn', nullif(a.aggmfinalfn::oid, 0)::regprocedure::text,
                'aggsortop', nullif(a.aggsortop, 0)::regoperator::text,
                'aggtranstype', format_type(nullif(a.aggtranstype, 0), NULL),
                'aggmtranstype', format_type(nullif(a.aggmtranstype, 0), NULL))) kv
    UNION ALL
    -- Types: every column of pg_type, enum labels in order, composite attributes.
    SELECT m.obj, kv.key, kv.value
    FROM m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid,
         LATERAL jsonb_each_text(
            (to_jsonb(t) - ARRAY['oid', 'typnamespace', 'typowner', 'typrelid', 'typelem',
                                 'typarray', 'typbasetype', 'typcollation', 'typdefaultbin',
                                 'typinput', 'typoutput', 'typreceive', 'typsend', 'typmodin',
                                 'typmodout', 'typanalyze', 'typsubscript'])
            || jsonb_build_object(
                'typnamespace', t.typnamespace::regnamespace::text,
                'typowner', t.typowner::regrole::text,
                'typelem', format_type(nullif(t.typelem, 0), NULL),
                'typarray', format_type(nullif(t.typarray, 0), NULL),
                'typbasetype', format_type(nullif(t.typbasetype, 0), NULL),
                'typcollation', nullif(t.typcollation, 0)::regcollation::text,
                'typinput', nullif(t.typinput::oid, 0)::regprocedure::text,
                'typoutput', nullif(t.typoutput::oid, 0)::regprocedure::text,
                'typreceive', nullif(t.typreceive::oid, 0)::regprocedure::text,
                'typsend', nullif(t.typsend::oid, 0)::regprocedure::text,
                'typmodin', nullif(t.typmodin::oid, 0)::regprocedure::text,
                'typmodout', nullif(t.typmodout::oid, 0)::regprocedure::text,
                'typanalyze', nullif(t.typanalyze::oid, 0)::regprocedure::text,
                'typsubscript', nullif(t.typsubscript::oid, 0)::regprocedure::text,
                'enum labels', (SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder)
                                FROM pg_enum WHERE enumtypid = t.oid),
                'attributes', (SELECT string_agg(format('%s %s%s', quote_ident(attname),
                                                        format_type(atttypid, atttypmod),
                                                        CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END),
                                                 ', ' ORDER BY attnum)
                               FROM pg_attribute
                               WHERE attrelid = t.typrelid AND attnum > 0 AND NOT attisdropped))) kv
    UNION ALL
    -- Casts.
    SELECT m.obj, 'cast', format('%s -> %s via %s, context %s, method %s',
                                 format_type(c.castsource, NULL), format_type(c.casttarget, NULL),
                                 nullif(c.castfunc, 0)::regprocedure, c.castcontext, c.castmethod)
    FROM m JOIN pg_cast c ON m.classid = 'pg_cast'::regclass AND c.oid = m.objid
    UNION ALL
    -- Operators.
    SELECT m.obj, 'operator', format('%s(%s, %s) -> %s: code %s, commutator %s, negator %s, '
                                     'restrict %s, join %s, merges %s, hashes %s',
                                     o.oprname, format_type(nullif(o.oprleft, 0), NULL),
                                     format_type(nullif(o.oprright, 0), NULL),
                                     format_type(o.oprresult, NULL),
                                     nullif(o.oprcode::oid, 0)::regprocedure,
                                     nullif(o.oprcom, 0)::regoperator, nullif(o.oprnegate, 0)::regoperator,
                                     nullif(o.oprrest::oid, 0)::regprocedure,
                                     nullif(o.oprjoin::oid, 0)::regprocedure, o.oprcanmerge, o.oprcanhash)
    FROM m JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
    UNION ALL
    -- Comments, on the object and on its columns (composite types' attributes).
    SELECT m.obj, 'comment' || CASE WHEN d.objsubid <> 0 THEN ' on column ' || d.objsubid ELSE '' END,
           d.description
    FROM m JOIN pg_description d
         ON d.objoid = m.objid AND d.classoid = m.classid
    UNION ALL
    SELECT m.obj, 'comment on attribute ' || d.objsubid, d.description
    FROM m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
         JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = t.typrelid
    UNION ALL
    -- The privileges the extension's script left (pg_dump restores from them).
    SELECT m.obj, 'initial privileges' || CASE WHEN i.objsubid <> 0 THEN ' on column ' || i.objsubid ELSE '' END,
           i.privtype::text || ' ' || i.initprivs::text
    FROM m JOIN pg_init_privs i ON i.objoid = m.objid AND i.classoid = m.classid
)
SELECT obj || ' | ' || prop || ' | ' || coalesce(val, '(null)')
FROM props
ORDER BY 1;
