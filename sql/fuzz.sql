\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Catalog-driven fuzz test (README, Reference: every function is callable by any
-- role with any arguments; never crash the backend).
--
-- Every function the extension installs (read from pg_depend, so a function
-- added later is covered without editing this file: plain functions, support
-- functions of aggregates, type I/O functions, window functions, aggregates) is
-- called with NULL in each argument position and with extreme and garbage
-- values of each argument type. Aggregates run as aggregates and as running
-- window aggregates over small row sets; window functions run with OVER;
-- receive functions read mutated binary forms through binary COPY. Each call is
-- its own EXECUTE inside its own BEGIN/EXCEPTION block, so an error is fine and
-- only a crash stops the test (the server restarts: the output then differs).
--
-- The whole sweep runs once with JIT off and once more, smaller, under forced
-- JIT inlining, with arguments read from a table so that the planner cannot
-- fold the calls away, and its results must equal the first pass.
--
-- Besides crashes the output lists (sorted) every call that fails with an
-- internal error (SQLSTATE class XX) or whose message leaks implementation
-- details (Boost, C++ names, the C symbols hs_*): the expected output lists none.
-- To hunt crashes: PGOPTIONS='-c healthscore_fuzz.trace=on' logs every call
-- at LOG level before it runs (the server log then names the call that
-- crashed), and -c healthscore_fuzz.skip=REGEX skips the calls whose
-- description (as printed below) matches, to find the next crash.

CREATE SCHEMA fuzz;
-- Notices (logistic_fit's, when a fit does not converge) are not findings.
SET client_min_messages = warning;

-- The functions under test.
CREATE TABLE fuzz.target AS
SELECT p.oid AS fn, p.oid::regprocedure::text AS signature, p.prokind,
       format('%I.%I', n.nspname, p.proname) AS qname,
       string_to_array(p.proargtypes::text, ' ')::oid[] AS argtypes, p.prorettype AS rettype,
       p.proretset AS retset
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND e.oid = d.refobjid
WHERE e.extname = 'healthscore';

SELECT count(*) >= 80 AS at_least_80_functions,
       count(*) FILTER (WHERE prokind = 'a') >= 20 AS at_least_20_aggregates,
       count(*) FILTER (WHERE prokind = 'w') >= 8 AS at_least_8_window_functions
FROM fuzz.target;

-- Values of each argument type, as text read by the type's input function;
-- ord 1 is an ordinary valid value (the baseline), ord 2 a second one.
CREATE TABLE fuzz.pool (typ oid, ord int, val text, PRIMARY KEY (typ, ord));
INSERT INTO fuzz.pool
SELECT t::regtype, o, v
FROM (VALUES
    ('float8', ARRAY['0.9', '0.3', NULL, 'Infinity', '-Infinity', 'NaN', '1e308', '-1e308',
                     '1.7976931348623157e308', '5e-324', '-5e-324', '2.2250738585072014e-308',
                     '0', '-0', '1', '-1', '0.5', '11', '100', '1e-300', '0.9999999999999999']),
    ('float4', ARRAY['0.9', '0.3', NULL, 'Infinity', '-Infinity', 'NaN', '3.4e38', '1e-45', '0', '-0', '1']),
    ('numeric', ARRAY['0.9', '0.3', NULL, 'NaN', 'Infinity', '-Infinity', '1e1000', '-1e1000', '0', '1']),
    ('int2', ARRAY['5', '4', NULL, '0', '-1', '1', '11', '32767', '-32768']),
    ('int4', ARRAY['5', '4', NULL, '0', '-1', '1', '2', '7', '10', '11', '100',
                   '2147483647', '-2147483648']),
    ('int8', ARRAY['5', '4', NULL, '0', '-1', '1', '2', '11', '2147483648',
                   '4611686018427387904', '9223372036854775807', '-9223372036854775808']),
    ('bool', ARRAY['true', 'false', NULL]),
    ('text', ARRAY['renormalize', 'x', NULL, '', ' ', 'NaN', 'null', 'v1:', 'v2:x=1', 'é€😀',
                   repeat('x', 20000)]),
    ('bytea', ARRAY['\x01', '\x00', NULL, '\x', '\xff', repeat('ff', 64), '\x02' || repeat('00', 40)]),
    ('jsonb', ARRAY['{"a": 1}', '{}', NULL, '[]', 'null', '1', '"x"', '{"a": null}', '{"a": "x"}',
                    '{"a": 1e308}', '{"a": -1e308}', '{"a": {"b": 1}}', '[1, 2]']),
    ('float8[]', ARRAY['{0.9,0.3}', '{0.3,0.9}', NULL, '{}', '{NULL}', '{NaN}', '{Infinity,-Infinity}',
                       '{1e308,1e308}', '{-1,2}', '{{1,2},{3,4}}', '[0:1]={1,2}', '{0,0,0}', '{0.5}']),
    ('int4[]', ARRAY['{5,4}', '{4,5}', NULL, '{}', '{NULL}', '{2147483647,-2147483648}', '{{1,2},{3,4}}']),
    ('int8[]', ARRAY['{5,4}', '{4,5}', NULL, '{}', '{NULL}', '{9223372036854775807,-9223372036854775808}']),
    ('text[]', ARRAY['{a,b}', '{b,a}', NULL, '{}', '{NULL}', '{""}', '{a}', '{a,b,c}']),
    ('timestamptz', ARRAY['2026-01-01 00:00+00', '2026-01-02 00:00+00', NULL, 'infinity', '-infinity',
                          '4713-01-01 00:00+00 BC', '294276-12-31 23:59:59+00', '2000-01-01 00:00+00']),
    ('interval', ARRAY['1 day', '1 hour', NULL, '0', '-1 day', '1 microsecond', '178000000 years',
                       '-178000000 years', '1 month']),
    ('date', ARRAY['2026-01-02', '2026-01-01', NULL, 'infinity', '-infinity', '4713-01-01 BC',
                   '5874897-12-31', '2000-02-29']),
    -- Scorecard columns and sources: the fuzz scorecard's (below), others, garbage.
    ('name', ARRAY['v', 'day', NULL, '', 'no such column', repeat('n', 63)]),
    ('regclass', ARRAY['fuzz.sc_source', 'pg_class', NULL, '-', 'pg_type']),
    -- The function a rewritten call replaced (health_score_terms's first
    -- argument): the right one, another form, another function, none.
    ('regprocedure', ARRAY['health_score(float8[],float8[])', 'health_score(float8[],float8[],text,float8)',
                           NULL, 'nps(int)', 'pg_sleep(float8)', '-'])
) v(t, vals), unnest(vals) WITH ORDINALITY u(v, o);
-- A scorecard named as the baseline text, so that the scorecard functions can
-- succeed: one 'none' measure over a small source.
CREATE TABLE fuzz.sc_source AS
SELECT a AS account, date '2026-01-01' + d AS day, (a * 10 + d)::float8 AS v
FROM generate_series(1, 3) a, generate_series(0, 3) d;
INSERT INTO scorecard (name, source, account_column, day_column)
SELECT val, 'fuzz.sc_source', 'account', 'day' FROM fuzz.pool WHERE typ = 'text'::regtype AND ord = 1;
INSERT INTO scorecard_version (scorecard, valid_from) SELECT name, '-infinity' FROM scorecard WHERE source = 'fuzz.sc_source'::regclass;
INSERT INTO scorecard_measure (scorecard, valid_from, measure, weight) SELECT name, '-infinity', 'v', 1 FROM scorecard WHERE source = 'fuzz.sc_source'::regclass;
-- A VARIADIC "any" argument (the terms of health_score_terms) is passed as
-- float8; health.sql calls it with other types.
INSERT INTO fuzz.pool SELECT '"any"'::regtype, ord, val FROM fuzz.pool WHERE typ = 'float8'::regtype;

-- Helpers: a value as a typed SQL literal; a query's single result as text, or NULL on error.
CREATE FUNCTION fuzz.lit(val text, typ oid) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(quote_literal(val), 'NULL') || '::' || format_type(typ, NULL)
$$;
CREATE FUNCTION fuzz.try(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE query INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;
CREATE FUNCTION fuzz.baseline(typ oid, k int DEFAULT 1) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT fuzz.lit(val, typ) FROM fuzz.pool WHERE pool.typ = baseline.typ AND ord = k
$$;

-- Extension state types (base types with input functions of the extension).
-- Their text forms: seeds (aggregate INITCONDs and the states after one and two
-- transition calls), then every field of a seed set to extreme and garbage
-- values, then malformed text. What reads back is a state value for the other
-- functions; all of it is input for the type's input function.
CREATE TABLE fuzz.text_form (typ oid, val text, seed boolean, ord int GENERATED ALWAYS AS IDENTITY);
DO $$
DECLARE
    a record;
    s1 text;
    s2 text;
    sn text;
    step text;
    args text;
    args2 text;
    rest text;
    v record;
BEGIN
    FOR a IN
        SELECT ag.aggtranstype AS typ, ag.agginitval,
               format('%I.%I', n.nspname, sp.proname) AS sfunc, t.argtypes
        FROM pg_aggregate ag
        JOIN fuzz.target t ON t.fn = ag.aggfnoid
        JOIN pg_proc sp ON sp.oid = ag.aggtransfn
        JOIN pg_namespace n ON n.oid = sp.pronamespace
        JOIN pg_type ty ON ty.oid = ag.aggtranstype
        WHERE ty.typinput IN (SELECT fn FROM fuzz.target) AND ag.agginitval IS NOT NULL
        ORDER BY t.signature COLLATE "C"
    LOOP
        SELECT string_agg(fuzz.baseline(x), ', ' ORDER BY i),
               string_agg(fuzz.baseline(x, CASE WHEN i = 1 THEN 2 ELSE 1 END), ', ' ORDER BY i),
               coalesce(string_agg(', ' || fuzz.baseline(x), '' ORDER BY i) FILTER (WHERE i > 1), '')
        INTO args, args2, rest
        FROM unnest(a.argtypes) WITH ORDINALITY u(x, i);
        s1 := fuzz.try(format('SELECT %s(%s, %s)::text', a.sfunc, fuzz.lit(a.agginitval, a.typ), args));
        s2 := fuzz.try(format('SELECT %s(%s, %s)::text', a.sfunc, fuzz.lit(s1, a.typ), args2));
        -- A state of many rows: the first argument through its values, skipping errors.
        sn := a.agginitval;
        FOR v IN SELECT val FROM fuzz.pool WHERE typ = a.argtypes[1] AND val IS NOT NULL
                 ORDER BY ord LIMIT 12 LOOP
            step := fuzz.try(format('SELECT %s(%s, %s%s)::text', a.sfunc, fuzz.lit(sn, a.typ),
                                    fuzz.lit(v.val, a.argtypes[1]), rest));
            sn := coalesce(step, sn);
        END LOOP;
        INSERT INTO fuzz.text_form (typ, val, seed)
        SELECT a.typ, x, true FROM unnest(ARRAY[s2, s1, a.agginitval, sn]) WITH ORDINALITY u(x, i)
        WHERE x IS NOT NULL
          AND NOT EXISTS (SELECT FROM fuzz.text_form f WHERE f.typ = a.typ AND f.val = x)
        ORDER BY i;
    END LOOP;
END
$$;
-- Every field of every seed set to each extreme value; all fields at once; malformed text.
INSERT INTO fuzz.text_form (typ, val, seed)
SELECT typ, v, false FROM (SELECT DISTINCT typ, v FROM (
    SELECT s.typ, m[1] || ':' || array_to_string(
               (string_to_array(m[2], ','))[:f.i - 1]
               || (split_part(f.field, '=', 1) || '=' || x.v)
               || (string_to_array(m[2], ','))[f.i + 1:], ',') AS v
    FROM (SELECT DISTINCT typ, val FROM fuzz.text_form) s,
         regexp_match(s.val, '^([^:]*):(.*)$') m,
         unnest(string_to_array(m[2], ',')) WITH ORDINALITY f(field, i),
         unnest(ARRAY['0', '-0', '1', '-1', '2', '3', '0.5', '0.95', '0.9999999999999999',
                      '1e-300', '5e-324', '-5e-324', '1e308', '-1e308', '1.7976931348623157e308',
                      'inf', '-inf', 'nan', 'Infinity', '9007199254740993', '2147483648',
                      '9223372036854775807', '-9223372036854775808', '9223372036854775808',
                      '99999999999999999999', '', 'x', '1e', '0x10', ' 1', '1 ']) x(v)
    UNION ALL
    SELECT s.typ, m[1] || ':' || regexp_replace(m[2], '=[^,]*', '=' || x.v, 'g')
    FROM (SELECT DISTINCT typ, val FROM fuzz.text_form) s,
         regexp_match(s.val, '^([^:]*):(.*)$') m,
         unnest(ARRAY['0', '-1', 'nan', 'inf', '1e308', '9223372036854775807', '']) x(v)
    UNION ALL
    SELECT s.typ, x.v
    FROM (SELECT DISTINCT typ, val FROM fuzz.text_form) s,
         regexp_match(s.val, '^([^:]*):(.*)$') m,
         unnest(ARRAY[
             '', ' ', 'v1', 'v1:', 'v2:x=1', 'v0:', 'v1:=', 'v1:,', 'v1:n', 'v1:n=1,',
             'v99999999999999999999:', 'V1:' || m[2], 'v2:' || m[2], m[2],
             s.val || ',', s.val || ',extra=1', s.val || ' ', ' ' || s.val, s.val || E'\n',
             s.val || ',' || m[2], regexp_replace(s.val, ',[^,]*$', ''),
             m[1] || ':' || array_to_string(ARRAY(SELECT x FROM unnest(string_to_array(m[2], ','))
                                                  WITH ORDINALITY u(x, i) ORDER BY i DESC), ','),
             replace(s.val, ',', ';'), replace(s.val, '=', ':'), upper(s.val),
             s.val || repeat(',x=1', 5000), m[1] || ':' || repeat('9', 10000), 'v1:n=ä',
             '(1,2,3)', 'null', 'NaN']) x(v)
) t
WHERE NOT EXISTS (SELECT FROM fuzz.text_form f WHERE f.typ = t.typ AND f.val = t.v)) d
ORDER BY typ, v COLLATE "C";

-- The values of a state type: seeds first (ord 1 and 2), NULL, then whatever
-- else reads back, each distinct value once.
DO $$
DECLARE
    f record;
    canon text;
    k int;
BEGIN
    FOR f IN SELECT DISTINCT typ FROM fuzz.text_form ORDER BY typ LOOP
        k := 0;
        FOR canon IN
            SELECT c FROM (
                SELECT c, min(ord) AS first
                FROM (SELECT fuzz.try(format('SELECT %s::text', fuzz.lit(val, typ))) AS c, ord
                      FROM fuzz.text_form WHERE typ = f.typ) t
                WHERE c IS NOT NULL GROUP BY c) u
            ORDER BY first
        LOOP
            k := k + 1;
            IF k = 3 THEN
                INSERT INTO fuzz.pool VALUES (f.typ, k, NULL);
                k := k + 1;
            END IF;
            INSERT INTO fuzz.pool VALUES (f.typ, k, canon);
        END LOOP;
    END LOOP;
END
$$;

-- Composite types taken as arguments (summaries): the results of the final
-- functions that return them on the pool's first states, an all-NULL row, and
-- each field of those set to each value of its type's pool (negative counts,
-- counts that do not add up, extremes, NULL fields).
DO $$
DECLARE
    c record;
    base text[];
    b record;
    k int;
BEGIN
    FOR c IN
        SELECT DISTINCT ty.oid AS typ, ty.typrelid
        FROM fuzz.target t, unnest(t.argtypes) a(typ) JOIN pg_type ty ON ty.oid = a.typ
        WHERE ty.typtype = 'c' ORDER BY ty.oid
    LOOP
        CREATE TEMP TABLE composite_value (val text, ord serial);
        INSERT INTO composite_value (val)
        SELECT r FROM (
            SELECT fuzz.try(format('SELECT %s(%s)::text', t.qname, fuzz.lit(p.val, p.typ))) AS r,
                   t.signature, p.ord
            FROM fuzz.target t JOIN fuzz.pool p ON p.typ = t.argtypes[1] AND p.ord <= 5
            WHERE t.rettype = c.typ AND cardinality(t.argtypes) = 1 AND t.prokind = 'f') x
        WHERE r IS NOT NULL ORDER BY signature COLLATE "C", ord;
        INSERT INTO composite_value (val)
        SELECT '(' || repeat(',', count(*)::int - 1) || ')'
        FROM pg_attribute WHERE attrelid = c.typrelid AND attnum > 0 AND NOT attisdropped;
        -- Field mutations of the first two baselines.
        FOR b IN SELECT val FROM composite_value ORDER BY ord LIMIT 2 LOOP
            EXECUTE format('SELECT ARRAY(SELECT value FROM json_each_text(to_json(%s)))',
                           fuzz.lit(b.val, c.typ)) INTO base;
            INSERT INTO composite_value (val)
            SELECT fuzz.try(format('SELECT %s::text', fuzz.lit(
                       '(' || array_to_string(ARRAY(
                           SELECT coalesce('"' || replace(replace(v, '\', '\\'), '"', '\"') || '"', '')
                           FROM unnest(base[:att.attnum - 1] || p.val || base[att.attnum + 1:])
                                WITH ORDINALITY u(v, i) ORDER BY i), ',', '') || ')', c.typ)))
            FROM pg_attribute att JOIN fuzz.pool p ON p.typ = att.atttypid
            WHERE att.attrelid = c.typrelid AND att.attnum > 0 AND NOT att.attisdropped
            ORDER BY att.attnum, p.ord;
        END LOOP;
        k := 0;
        FOR b IN SELECT val, min(ord) AS first FROM composite_value WHERE val IS NOT NULL
                 GROUP BY val ORDER BY first LOOP
            k := k + 1;
            IF k = 3 THEN
                INSERT INTO fuzz.pool VALUES (c.typ, k, NULL);
                k := k + 1;
            END IF;
            INSERT INTO fuzz.pool VALUES (c.typ, k, b.val);
        END LOOP;
        DROP TABLE composite_value;
    END LOOP;
END
$$;

-- Enum types of the extension: every label and NULL.
INSERT INTO fuzz.pool
SELECT e.enumtypid, row_number() OVER (PARTITION BY e.enumtypid ORDER BY e.enumsortorder), e.enumlabel
FROM pg_enum e
WHERE e.enumtypid IN (SELECT unnest(argtypes) FROM fuzz.target);
INSERT INTO fuzz.pool
SELECT enumtypid, count(*) + 1, NULL FROM pg_enum
WHERE enumtypid IN (SELECT unnest(argtypes) FROM fuzz.target) GROUP BY enumtypid;

-- Argument types without values (the test must learn them): none expected.
-- internal is read by receive functions, fuzzed through binary COPY below.
SELECT DISTINCT format_type(a.typ, NULL) AS type_without_fuzz_values
FROM fuzz.target t, unnest(t.argtypes) a(typ)
WHERE a.typ NOT IN ('internal'::regtype, 'cstring'::regtype)
  AND NOT EXISTS (SELECT FROM fuzz.pool p WHERE p.typ = a.typ)
ORDER BY 1;

-- The values an argument of type typ of function fn gets. An input function's
-- cstring is every text form of its type, valid or not.
CREATE FUNCTION fuzz.arg_values(fn oid, typ oid) RETURNS TABLE (ord int, val text)
LANGUAGE sql STABLE AS $$
    SELECT p.ord, p.val FROM fuzz.pool p WHERE p.typ = arg_values.typ
    UNION ALL
    SELECT row_number() OVER (ORDER BY f.typ, f.ord)::int, f.val
    FROM fuzz.text_form f JOIN pg_type ty ON ty.oid = f.typ
    WHERE arg_values.typ = 'cstring'::regtype
      AND (ty.typinput = arg_values.fn
           OR NOT EXISTS (SELECT FROM pg_type t2 WHERE t2.typinput = arg_values.fn))
$$;

-- The calls: one row per call, its argument rows in fuzz.arg_row (row_no 0 is
-- a row that only an empty aggregate sees: it is filtered out).
CREATE TABLE fuzz.call (call_id int PRIMARY KEY, fn oid, kind text,
                        result text, sqlstate text, message text);
CREATE TABLE fuzz.arg_row (call_id int, row_no int, vals text[]);
CREATE INDEX ON fuzz.arg_row (call_id);

DO $$
DECLARE
    t record;
    n int;
    base text[];
    second text[];
    nulls text[];
    v record;
    varied text[];
    id int := 0;
    p int;
    k int;
    maxk int;
BEGIN
    FOR t IN SELECT * FROM fuzz.target
             WHERE NOT 'internal'::regtype = ANY (argtypes) ORDER BY signature COLLATE "C" LOOP
        n := cardinality(t.argtypes);
        SELECT coalesce(array_agg((SELECT val FROM fuzz.arg_values(t.fn, a) WHERE ord = 1) ORDER BY i), '{}'),
               coalesce(array_agg((SELECT val FROM fuzz.arg_values(t.fn, a)
                                   WHERE ord = CASE WHEN i = 1 THEN 2 ELSE 1 END) ORDER BY i), '{}'),
               coalesce(array_agg(NULL::text), '{}')
        INTO base, second, nulls
        FROM unnest(t.argtypes) WITH ORDINALITY u(a, i);
        -- The argument lists: the baseline, each position through its values,
        -- all NULL, and a diagonal (value k of every position together).
        CREATE TEMP TABLE arg_list (vals text[], ord serial);
        CREATE TEMP TABLE av AS
        SELECT u.i AS pos, row_number() OVER (PARTITION BY u.i ORDER BY a.ord) AS nth,
               count(*) OVER (PARTITION BY u.i) AS total, a.val
        FROM unnest(t.argtypes) WITH ORDINALITY u(typ, i), fuzz.arg_values(t.fn, u.typ) a;
        INSERT INTO arg_list (vals) VALUES (base), (nulls);
        FOR p IN 1 .. n LOOP
            INSERT INTO arg_list (vals)
            SELECT base[:p - 1] || av.val || base[p + 1:]
            FROM av WHERE av.pos = p AND av.nth > 1 ORDER BY av.nth;
        END LOOP;
        SELECT max(total) INTO maxk FROM av;
        FOR k IN 2 .. CASE WHEN n >= 2 THEN maxk ELSE 0 END LOOP
            INSERT INTO arg_list (vals)
            SELECT array_agg(av.val ORDER BY av.pos)
            FROM av WHERE av.nth = (k - 1) % av.total + 1;
        END LOOP;
        DROP TABLE av;
        IF n = 0 THEN
            DELETE FROM arg_list WHERE ord > 1;
        END IF;

        FOR v IN SELECT vals FROM arg_list ORDER BY ord LOOP
            IF t.prokind = 'f' THEN
                id := id + 1;
                INSERT INTO fuzz.call (call_id, fn, kind) VALUES (id, t.fn, 'call');
                INSERT INTO fuzz.arg_row VALUES (id, 1, v.vals);
            ELSIF t.prokind = 'a' THEN
                -- Alone; after the baseline row (parameters may change); in three rows
                -- that share its parameters, as a running window aggregate.
                id := id + 1;
                INSERT INTO fuzz.call (call_id, fn, kind) VALUES (id, t.fn, 'aggregate');
                INSERT INTO fuzz.arg_row VALUES (id, 1, v.vals);
                id := id + 1;
                INSERT INTO fuzz.call (call_id, fn, kind) VALUES (id, t.fn, 'aggregate');
                INSERT INTO fuzz.arg_row VALUES (id, 1, base), (id, 2, v.vals);
                id := id + 1;
                INSERT INTO fuzz.call (call_id, fn, kind) VALUES (id, t.fn, 'running aggregate');
                INSERT INTO fuzz.arg_row VALUES (id, 1, base[:1] || v.vals[2:]), (id, 2, v.vals),
                                                (id, 3, second[:1] || v.vals[2:]);
            ELSIF t.prokind = 'w' THEN
                -- With two ordinary rows that share its parameters, and with the baseline rows.
                id := id + 1;
                INSERT INTO fuzz.call (call_id, fn, kind) VALUES (id, t.fn, 'window');
                INSERT INTO fuzz.arg_row VALUES (id, 1, base[:1] || v.vals[2:]),
                                                (id, 2, second[:1] || v.vals[2:]), (id, 3, v.vals);
                id := id + 1;
                INSERT INTO fuzz.call (call_id, fn, kind) VALUES (id, t.fn, 'window');
                INSERT INTO fuzz.arg_row VALUES (id, 1, base), (id, 2, second), (id, 3, v.vals);
            END IF;
        END LOOP;
        IF t.prokind IN ('a', 'w') THEN
            -- no rows (aggregates), one row; a window function without OVER
            id := id + 1;
            INSERT INTO fuzz.call (call_id, fn, kind)
            VALUES (id, t.fn, CASE t.prokind WHEN 'a' THEN 'aggregate' ELSE 'call' END);
            INSERT INTO fuzz.arg_row VALUES (id, 0, base);
            id := id + 1;
            INSERT INTO fuzz.call (call_id, fn, kind)
            VALUES (id, t.fn, CASE t.prokind WHEN 'a' THEN 'running aggregate' ELSE 'window' END);
            INSERT INTO fuzz.arg_row VALUES (id, 1, base);
        END IF;
        DROP TABLE arg_list;
    END LOOP;
END
$$;
ANALYZE fuzz.call;
ANALYZE fuzz.arg_row;

-- The query of each kind of call of a function, over the calls $1.
CREATE FUNCTION fuzz.query(fn oid, kind text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE kind
        -- A set-returning function: all its rows, in order, as one value.
        WHEN 'call' THEN format(
            CASE WHEN t.retset
                 THEN 'SELECT r.call_id, (SELECT string_agg(x::text, ''|'') FROM %s(%s) x)'
                      ' FROM fuzz.arg_row r WHERE r.call_id = ANY ($1)'
                 ELSE 'SELECT r.call_id, (%s(%s))::text FROM fuzz.arg_row r WHERE r.call_id = ANY ($1)'
            END, t.qname, args)
        WHEN 'aggregate' THEN format(
            'SELECT r.call_id, (%s(%s ORDER BY r.row_no) FILTER (WHERE r.row_no > 0))::text'
            ' FROM fuzz.arg_row r WHERE r.call_id = ANY ($1) GROUP BY r.call_id',
            t.qname, args)
        ELSE format(
            'SELECT call_id, string_agg(coalesce(w, ''NULL''), ''|'' ORDER BY row_no)'
            ' FROM (SELECT r.call_id, r.row_no, (%s(%s) OVER (PARTITION BY r.call_id%s))::text AS w'
            '       FROM fuzz.arg_row r WHERE r.call_id = ANY ($1)) s GROUP BY call_id',
            t.qname, args, CASE kind WHEN 'running aggregate' THEN ' ORDER BY r.row_no' ELSE '' END)
        END
    FROM fuzz.target t,
         LATERAL (SELECT coalesce(string_agg(format('r.vals[%s]::%s', i, format_type(
                                                 CASE WHEN a = '"any"'::regtype THEN 'float8'::regtype ELSE a END, NULL)), ', '
                                             ORDER BY i), '') AS args
                  FROM unnest(t.argtypes) WITH ORDINALITY u(a, i)) x
    WHERE t.fn = query.fn
$$;

-- A call written out, for the report: the function applied to its argument rows.
CREATE FUNCTION fuzz.describe(id int) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT t.signature || ' ' || c.kind || ' ' ||
           string_agg('(' || array_to_string(ARRAY(
               SELECT CASE WHEN length(v) > 200 THEN quote_literal(left(v, 100)) || '...(' || length(v) || ' chars)'
                           ELSE coalesce(quote_literal(v), 'NULL') END
               FROM unnest(r.vals) WITH ORDINALITY u(v, i) ORDER BY i), ', ') || ')'
               || CASE WHEN r.row_no = 0 THEN ' filtered out' ELSE '' END, ', ' ORDER BY r.row_no)
    FROM fuzz.call c JOIN fuzz.target t USING (fn) JOIN fuzz.arg_row r USING (call_id)
    WHERE c.call_id = id GROUP BY t.signature, c.kind
$$;

-- Runs every call in its own EXECUTE and exception block and records its
-- result or error.
CREATE FUNCTION fuzz.sweep() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    g record;
    c record;
    q text;
    cid int;
    res text;
    st text;
    msg text;
    trace boolean := coalesce(current_setting('healthscore_fuzz.trace', true), '') = 'on';
    skip text := nullif(current_setting('healthscore_fuzz.skip', true), '');
BEGIN
    FOR g IN SELECT DISTINCT fn, kind FROM fuzz.call ORDER BY fn, kind LOOP
        q := fuzz.query(g.fn, g.kind);
        FOR c IN SELECT call_id FROM fuzz.call WHERE fn = g.fn AND kind = g.kind ORDER BY call_id LOOP
            IF skip IS NOT NULL AND fuzz.describe(c.call_id) ~ skip THEN
                CONTINUE;
            END IF;
            IF trace THEN
                RAISE LOG 'healthscore fuzz call %: %', c.call_id, fuzz.describe(c.call_id);
            END IF;
            BEGIN
                res := NULL;
                EXECUTE q INTO cid, res USING ARRAY[c.call_id];
                UPDATE fuzz.call SET result = res, sqlstate = '00000' WHERE call_id = c.call_id;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
                UPDATE fuzz.call SET sqlstate = st, message = msg WHERE call_id = c.call_id;
            END;
        END LOOP;
    END LOOP;
END
$$;

-- The flagged errors: internal errors and messages that leak implementation details.
CREATE FUNCTION fuzz.flagged(sqlstate text, message text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT sqlstate LIKE 'XX%' OR message ~* 'boost|std::|::|\mhs_|basic_string|exception|terminate'
$$;

SET jit = off;
SELECT fuzz.sweep();
RESET jit;

SELECT count(*) >= 5000 AS at_least_5000_calls,
       count(DISTINCT fn) = (SELECT count(*) FROM fuzz.target
                             WHERE NOT 'internal'::regtype = ANY (argtypes)) AS every_function_called,
       count(*) FILTER (WHERE sqlstate IS NULL) AS not_run
FROM fuzz.call;

-- Functions that no call ran without error (a fuzz test that only ever hits
-- the first check tests little): none expected.
SELECT t.signature AS never_succeeded
FROM fuzz.target t
WHERE NOT 'internal'::regtype = ANY (t.argtypes)
  AND t.rettype <> 'trigger'::regtype  -- called by the trigger manager only
  AND NOT EXISTS (SELECT FROM fuzz.call c WHERE c.fn = t.fn AND c.sqlstate = '00000')
ORDER BY 1;

-- Flagged calls, one line per function, error and message, with the first call: none expected.
SELECT t.signature, c.sqlstate, c.message, count(*) AS calls,
       fuzz.describe(min(c.call_id)) AS first_call
FROM fuzz.call c JOIN fuzz.target t USING (fn)
WHERE fuzz.flagged(c.sqlstate, c.message)
GROUP BY t.signature, c.sqlstate, c.message
ORDER BY 1, 2, 3;

-- Receive functions: the binary forms of a type's values (from its send
-- function), cut short, extended, with another version byte and with each
-- 8-byte field overwritten, read back through binary COPY.
CREATE TABLE fuzz.raw_bytes (b bytea);
CREATE TABLE fuzz.recv_result (typ oid, bytes bytea, sqlstate text, message text);
DO $$
DECLARE
    ty record;
    blob bytea;
    st text;
    msg text;
BEGIN
    FOR ty IN
        SELECT t.oid, format_type(t.oid, NULL) AS name, format('%I.%I', n.nspname, s.proname) AS send
        FROM pg_type t JOIN pg_proc s ON s.oid = t.typsend JOIN pg_namespace n ON n.oid = s.pronamespace
        WHERE t.typreceive IN (SELECT fn FROM fuzz.target) ORDER BY t.oid
    LOOP
        EXECUTE format('CREATE TABLE fuzz.recv_into (v %s)', ty.name);
        FOR blob IN
            WITH sent AS (
                SELECT DISTINCT fuzz.try(format('SELECT %s(%s)::text', ty.send, fuzz.lit(p.val, ty.oid)))::bytea AS b
                FROM fuzz.pool p WHERE p.typ = ty.oid AND p.val IS NOT NULL AND p.ord <= 4
            )
            SELECT DISTINCT x FROM (
                SELECT b AS x FROM sent
                UNION ALL SELECT substr(b, 1, length(b) - 1) FROM sent
                UNION ALL SELECT substr(b, 1, 1) FROM sent
                UNION ALL SELECT '\x'::bytea
                UNION ALL SELECT b || '\x00'::bytea FROM sent
                UNION ALL SELECT set_byte(b, 0, v) FROM sent, unnest(ARRAY[0, 2, 255]) v
                UNION ALL SELECT overlay(b PLACING f FROM 2 + 8 * k FOR 8)
                FROM sent, generate_series(0, (length(b) - 2) / 8) k,
                     unnest(ARRAY['\xffffffffffffffff', '\x7fffffffffffffff', '\x8000000000000000',
                                  '\x7ff8000000000000', '\x7ff0000000000000', '\xfff0000000000000',
                                  '\x0000000000000001', '\x0000000000000000']::bytea[]) f
                WHERE length(b) >= 9 + 8 * k
            ) m WHERE x IS NOT NULL ORDER BY x
        LOOP
            BEGIN
                TRUNCATE fuzz.raw_bytes;
                INSERT INTO fuzz.raw_bytes VALUES (blob);
                COPY fuzz.raw_bytes TO PROGRAM 'cat > healthscore_fuzz.bin' WITH (FORMAT binary);
                COPY fuzz.recv_into FROM 'healthscore_fuzz.bin' WITH (FORMAT binary);
                INSERT INTO fuzz.recv_result VALUES (ty.oid, blob, '00000', NULL);
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
                INSERT INTO fuzz.recv_result VALUES (ty.oid, blob, st, msg);
            END;
        END LOOP;
        -- What was read back writes out again.
        BEGIN
            EXECUTE 'SELECT count(v::text) FROM fuzz.recv_into';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            INSERT INTO fuzz.recv_result VALUES (ty.oid, NULL, st, msg);
        END;
        DROP TABLE fuzz.recv_into;
    END LOOP;
END
$$;

SELECT count(DISTINCT typ) >= 5 AS at_least_5_receive_functions,
       count(*) FILTER (WHERE sqlstate = '00000') > 0 AS some_read_back,
       count(*) FILTER (WHERE sqlstate <> '00000') > 0 AS some_rejected
FROM fuzz.recv_result;
-- Flagged: none expected.
SELECT format_type(typ, NULL) AS type, sqlstate, message, count(*) AS inputs,
       (array_agg(bytes ORDER BY bytes))[1] AS first_input
FROM fuzz.recv_result
WHERE fuzz.flagged(sqlstate, message)
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- The sweep again under forced JIT inlining, from a table (nothing folded at
-- plan time): per function, called directly or as an aggregate (window
-- functions and window aggregates call it outside JIT-compiled code), one query
-- over every call that succeeded above, whose results must be the same, and
-- one query of the first call that failed, which must fail the same way.
CREATE FUNCTION fuzz.jit_sweep() RETURNS TABLE (signature text, kind text, problem text)
LANGUAGE plpgsql AS $$
DECLARE
    g record;
    e record;
    q text;
    differing int;
    st text;
    msg text;
BEGIN
    FOR g IN SELECT c.fn, c.kind, t.signature,
                    array_agg(c.call_id ORDER BY c.call_id) FILTER (WHERE c.sqlstate = '00000') AS ok
             FROM fuzz.call c JOIN fuzz.target t USING (fn)
             WHERE c.kind IN ('call', 'aggregate')
             GROUP BY c.fn, c.kind, t.signature ORDER BY t.signature COLLATE "C", c.kind LOOP
        q := fuzz.query(g.fn, g.kind);
        IF g.ok IS NOT NULL THEN
            BEGIN
                EXECUTE format('SELECT count(*) FROM (%s) q(call_id, result) JOIN fuzz.call c USING (call_id)'
                               ' WHERE q.result IS DISTINCT FROM c.result', q)
                INTO differing USING g.ok;
                IF differing > 0 THEN
                    signature := g.signature; kind := g.kind;
                    problem := differing || ' results differ from the run without JIT';
                    RETURN NEXT;
                END IF;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
                signature := g.signature; kind := g.kind;
                problem := 'calls that succeeded without JIT fail: ' || st || ' ' || msg;
                RETURN NEXT;
            END;
        END IF;
        FOR e IN SELECT min(call_id) AS call_id, c.sqlstate FROM fuzz.call c
                 WHERE c.fn = g.fn AND c.kind = g.kind AND c.sqlstate <> '00000'
                 GROUP BY c.sqlstate ORDER BY min(call_id) LIMIT 1 LOOP
            BEGIN
                EXECUTE q USING ARRAY[e.call_id];
                st := '00000';
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            END;
            IF st <> e.sqlstate OR fuzz.flagged(st, msg) THEN
                signature := g.signature; kind := g.kind;
                problem := format('%s: %s %s%s', fuzz.describe(e.call_id), st, msg,
                                  CASE WHEN st <> e.sqlstate THEN ' (without JIT: ' || e.sqlstate || ')' ELSE '' END);
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;
END
$$;

SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
-- Problems under JIT: none expected.
SELECT * FROM fuzz.jit_sweep();
RESET jit;
RESET jit_above_cost;
RESET jit_inline_above_cost;
RESET jit_optimize_above_cost;

-- The session is still usable.
SELECT nps(s) FROM (VALUES (10), (9), (3)) v(s);
SET client_min_messages = warning;
-- The fuzz scorecard and what its runs wrote.
DELETE FROM health_history WHERE scorecard IN (SELECT name FROM scorecard WHERE source = 'fuzz.sc_source'::regclass);
DELETE FROM scorecard WHERE source = 'fuzz.sc_source'::regclass;
DROP SCHEMA fuzz CASCADE;
RESET client_min_messages;

-- The binary COPY files above are in the server's data directory (where the
-- server runs programs and reads relative paths), not in a directory other
-- clusters' test runs share; remove them.
COPY (SELECT) TO PROGRAM 'rm -f healthscore_fuzz.bin';
