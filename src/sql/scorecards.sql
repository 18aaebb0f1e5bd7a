-- @since 0.2.0
-- Scorecards: definitions in tables, one row per account and day in
-- health_history (README "Scorecards"). The arithmetic is the functions above;
-- this part reads a definition and composes them. Every function here runs with
-- the caller's rights and search_path = pg_catalog, pg_temp: the SQL it builds
-- quotes every identifier, names the source by its schema and calls the
-- extension's functions by theirs, so no object of the caller's search_path is
-- ever used. No SQL text comes from a table.

-- Definitions ------------------------------------------------------------------

CREATE TABLE scorecard (
    name text PRIMARY KEY CONSTRAINT scorecard_name_not_empty CHECK (name <> ''),
    source regclass NOT NULL,
    account_column name NOT NULL,
    day_column name NOT NULL,
    cohort_column name,
    priority int NOT NULL DEFAULT 0,
    description text
);
COMMENT ON TABLE scorecard IS
    'Scorecards: a source table or view with one row per account and day, its account, day and (optional) cohort columns, and a priority for account_health';

CREATE TABLE scorecard_version (
    scorecard text NOT NULL REFERENCES scorecard ON DELETE CASCADE ON UPDATE CASCADE,
    valid_from date NOT NULL DEFAULT '-infinity',
    red_below float8 NOT NULL DEFAULT 40,
    green_from float8 NOT NULL DEFAULT 70,
    band_margin float8 NOT NULL DEFAULT 5,
    missing text NOT NULL DEFAULT 'renormalize'
        CONSTRAINT scorecard_version_missing_rule CHECK (missing IN ('renormalize', 'neutral', 'zero')),
    min_coverage float8 NOT NULL DEFAULT 0.5
        CONSTRAINT scorecard_version_min_coverage_0_to_1 CHECK (min_coverage >= 0 AND min_coverage <= 1),
    note text,
    PRIMARY KEY (scorecard, valid_from),
    CONSTRAINT scorecard_version_band_limits CHECK (
        red_below > '-infinity' AND green_from < 'infinity' AND red_below <= green_from),
    CONSTRAINT scorecard_version_band_margin CHECK (band_margin >= 0 AND band_margin < 'infinity')
);
COMMENT ON TABLE scorecard_version IS
    'Versions of a scorecard: the one in force on a day is the latest valid_from on or before it; its band limits, hysteresis margin and missing-data rule';

CREATE TABLE scorecard_group (
    scorecard text NOT NULL,
    valid_from date NOT NULL,
    group_name text NOT NULL CONSTRAINT scorecard_group_name_not_empty CHECK (group_name <> ''),
    weight float8 NOT NULL CONSTRAINT scorecard_group_weight_positive CHECK (weight > 0 AND weight < 'infinity'),
    PRIMARY KEY (scorecard, valid_from, group_name),
    FOREIGN KEY (scorecard, valid_from) REFERENCES scorecard_version ON DELETE CASCADE ON UPDATE CASCADE
);
COMMENT ON TABLE scorecard_group IS
    'Groups of measures of a scorecard version: a group''s score is the weighted score of its present measures, and it counts in the overall score with its weight';

CREATE TABLE scorecard_measure (
    scorecard text NOT NULL,
    valid_from date NOT NULL,
    measure text NOT NULL CONSTRAINT scorecard_measure_name_not_empty CHECK (measure <> ''),
    source_column name,
    group_name text,
    weight float8 NOT NULL CONSTRAINT scorecard_measure_weight_positive CHECK (weight > 0 AND weight < 'infinity'),
    scaling text NOT NULL DEFAULT 'none' CONSTRAINT scorecard_measure_scaling CHECK (
        scaling IN ('none', 'linear', 'log', 'sigmoid', 'minmax', 'percentile')),
    worst float8,
    best float8,
    higher_is_better boolean NOT NULL DEFAULT true,
    PRIMARY KEY (scorecard, valid_from, measure),
    FOREIGN KEY (scorecard, valid_from) REFERENCES scorecard_version ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT scorecard_measure_group_exists FOREIGN KEY (scorecard, valid_from, group_name)
        REFERENCES scorecard_group ON DELETE CASCADE ON UPDATE CASCADE
);
COMMENT ON TABLE scorecard_measure IS
    'Measures of a scorecard version: a source column, its scaling onto 0-100 (none, linear, log, sigmoid with worst and best; minmax, percentile within the cohort and day), its weight and group';

CREATE TABLE score_override (
    scorecard text NOT NULL REFERENCES scorecard ON DELETE CASCADE ON UPDATE CASCADE,
    account text NOT NULL,
    measure text,
    score float8 NOT NULL CONSTRAINT score_override_score_0_to_100 CHECK (score >= 0 AND score <= 100),
    valid daterange NOT NULL CONSTRAINT score_override_valid_not_empty CHECK (NOT isempty(valid)),
    reason text NOT NULL CONSTRAINT score_override_reason_not_empty CHECK (btrim(reason) <> ''),
    created_by name NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX score_override_account ON score_override (scorecard, account);
COMMENT ON TABLE score_override IS
    'A CSM''s judgment with an expiry: the score of a measure (or, with measure NULL, the overall score) of an account on the days of valid; overlapping overrides: the latest created wins';

-- No foreign key to scorecard: its check on every written row would cost a
-- backfill a fifth of its time; deleting a scorecard leaves its history.
CREATE TABLE health_history (
    scorecard text NOT NULL,
    account text NOT NULL,
    day date NOT NULL,
    version date NOT NULL,
    score float8,
    band health_band,
    steady_band health_band,
    coverage float8,
    measures jsonb NOT NULL,
    groups jsonb NOT NULL,
    drivers text[],
    overridden boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scorecard, account, day)
);
-- Dashboards read days across accounts: with the columns they count, a scan of
-- the days they ask for reads the index alone, wherever a backfill put the rows.
CREATE INDEX health_history_day ON health_history (scorecard, day) INCLUDE (account, score, band, steady_band);
COMMENT ON TABLE health_history IS
    'One row per scorecard, account and day, written by scorecard_run and scorecard_backfill: the score, band, band with hysteresis, coverage, the measures'' and groups'' 0-100 scores, the drivers (most points lost first) and whether an override applied';

SELECT pg_catalog.pg_extension_config_dump('scorecard', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard_version', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard_group', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard_measure', '');
SELECT pg_catalog.pg_extension_config_dump('score_override', '');
SELECT pg_catalog.pg_extension_config_dump('health_history', '');

-- The install is trusted: the tables belong to the bootstrap superuser. The
-- role that created the extension edits them and grants to others.
GRANT SELECT ON scorecard, scorecard_version, scorecard_group, scorecard_measure, score_override,
    health_history TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON scorecard, scorecard_version, scorecard_group, scorecard_measure,
    score_override, health_history TO @extowner@ WITH GRANT OPTION;

-- Checks ------------------------------------------------------------------------

-- The type of a column of a scorecard's source, or 42703 naming the scorecard,
-- what the column is for and the source.
CREATE FUNCTION scorecard_column_type(scorecard text, source regclass, column_name name, role text)
    RETURNS regtype
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t regtype;
BEGIN
    SELECT a.atttypid INTO t FROM pg_attribute a
    WHERE a.attrelid = source AND a.attname = column_name AND a.attnum > 0 AND NOT a.attisdropped;
    IF t IS NULL THEN
        RAISE EXCEPTION 'scorecard "%": column "%" (%) does not exist in %', scorecard, column_name, role, source
            USING ERRCODE = 'undefined_column';
    END IF;
    RETURN t;
END $$;
COMMENT ON FUNCTION scorecard_column_type(text, regclass, name, text) IS
    'The type of a column of a scorecard''s source; an error naming the scorecard and the column''s role when it does not exist';

-- Everything a run needs from the source, checked: the columns exist, the day
-- is a date, measures are numbers. Raises with the scorecard and column named.
CREATE FUNCTION scorecard_check(scorecard text) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s @extschema@.scorecard;
    m record;
    t regtype;
BEGIN
    SELECT * INTO s FROM @extschema@.scorecard c WHERE c.name = scorecard_check.scorecard;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'scorecard "%" does not exist', scorecard USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_class WHERE oid = s.source) THEN
        RAISE EXCEPTION 'scorecard "%": its source (oid %) no longer exists', scorecard, s.source::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF (SELECT relkind FROM pg_class WHERE oid = s.source) NOT IN ('r', 'v', 'm', 'p', 'f') THEN
        RAISE EXCEPTION 'scorecard "%": source % is not a table or view', scorecard, s.source
            USING ERRCODE = 'wrong_object_type';
    END IF;
    PERFORM @extschema@.scorecard_column_type(scorecard, s.source, s.account_column, 'the account column');
    t := @extschema@.scorecard_column_type(scorecard, s.source, s.day_column, 'the day column');
    IF t <> 'date'::regtype THEN
        RAISE EXCEPTION 'scorecard "%": day column "%" is %, not date', scorecard, s.day_column, t
            USING ERRCODE = 'datatype_mismatch';
    END IF;
    IF s.cohort_column IS NOT NULL THEN
        PERFORM @extschema@.scorecard_column_type(scorecard, s.source, s.cohort_column, 'the cohort column');
    END IF;
    FOR m IN SELECT measure, coalesce(source_column, measure::name) AS col FROM @extschema@.scorecard_measure sm
             WHERE sm.scorecard = scorecard_check.scorecard LOOP
        t := @extschema@.scorecard_column_type(scorecard, s.source, m.col, format('measure %s', m.measure));
        IF (SELECT typcategory FROM pg_type WHERE oid = t) <> 'N' THEN
            RAISE EXCEPTION 'scorecard "%": column "%" of measure % is %, not a number', scorecard, m.col, m.measure, t
                USING ERRCODE = 'datatype_mismatch';
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION scorecard_check(text) IS
    'Checks a scorecard against its source (columns exist, the day is a date, measures are numbers); raises an error naming the scorecard and column';

-- A measure's scaling needs its parameters.
CREATE FUNCTION scorecard_measure_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m @extschema@.scorecard_measure := NEW;
    what text := format('scorecard "%s": measure %s', m.scorecard, m.measure);
BEGIN
    IF m.scaling IN ('linear', 'log', 'sigmoid') AND (m.worst IS NULL OR m.best IS NULL) THEN
        RAISE EXCEPTION '%: scaling % needs worst and best', what, m.scaling USING ERRCODE = 'not_null_violation',
            DETAIL = CASE m.scaling WHEN 'sigmoid' THEN 'For sigmoid, worst is the midpoint and best the width.'
                     ELSE 'The score is 0 at worst and 100 at best.' END;
    ELSIF m.scaling NOT IN ('linear', 'log', 'sigmoid') AND (m.worst IS NOT NULL OR m.best IS NOT NULL) THEN
        RAISE EXCEPTION '%: scaling % takes no worst or best', what, m.scaling USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF m.scaling = 'linear' THEN
        PERFORM @extschema@.scale_linear(0, m.worst, m.best);
    ELSIF m.scaling = 'log' THEN
        PERFORM @extschema@.scale_log(0, m.worst, m.best);
    ELSIF m.scaling = 'sigmoid' THEN
        PERFORM @extschema@.scale_sigmoid(0, m.worst, m.best);
    END IF;
    PERFORM @extschema@.scorecard_check(m.scorecard);
    RETURN NEW;
EXCEPTION WHEN invalid_parameter_value THEN
    -- the scaling function's own message, under the measure's name
    DECLARE
        msg text;
        detail text;
    BEGIN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
        RAISE EXCEPTION '%: %', what, msg USING ERRCODE = 'invalid_parameter_value', DETAIL = detail;
    END;
END $$;
COMMENT ON FUNCTION scorecard_measure_check() IS
    'Trigger of scorecard_measure: the scaling''s worst and best are given and valid, and the source column exists';
CREATE TRIGGER scorecard_measure_check AFTER INSERT OR UPDATE ON scorecard_measure
    FOR EACH ROW EXECUTE FUNCTION scorecard_measure_check();

CREATE FUNCTION scorecard_source_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM @extschema@.scorecard_check(NEW.name);
    RETURN NEW;
END $$;
COMMENT ON FUNCTION scorecard_source_check() IS
    'Trigger of scorecard: the source''s account, day and cohort columns exist, and the day is a date';
CREATE TRIGGER scorecard_source_check AFTER INSERT OR UPDATE ON scorecard
    FOR EACH ROW EXECUTE FUNCTION scorecard_source_check();

-- Runs ----------------------------------------------------------------------------

-- A 'none' measure's value: already a 0-100 score, or an error naming it.
CREATE FUNCTION scorecard_checked_score(scorecard text, measure text, score float8) RETURNS float8
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF score IS NULL OR (score >= 0 AND score <= 100) THEN
        RETURN score;
    END IF;
    RAISE EXCEPTION 'scorecard "%": measure % has score %, outside 0 to 100', scorecard, measure, score
        USING ERRCODE = 'numeric_value_out_of_range',
              DETAIL = 'A measure with scaling none must already be a 0-100 score.';
END $$;
COMMENT ON FUNCTION scorecard_checked_score(text, text, float8) IS
    'The value of a measure with scaling none: a 0-100 score (or NULL) as it is, an error naming the scorecard and measure otherwise';

-- The SELECT that computes the history rows of a scorecard for the days from
-- from_day to to_day: per version in force, the measures scaled (relative ones
-- within the cohort and day, through minmax_fit and minmax_apply or
-- percentile_score), overrides, group and overall scores, coverage, bands and
-- drivers; then the band with hysteresis over the days in order, continuing
-- from each account's latest stored row before from_day. With version, that
-- version for every day. With metrics (scorecard_eval), one row whose measure
-- columns are the object's keys, instead of the source: its score, band,
-- coverage and drivers (as health_drivers_json).
CREATE FUNCTION scorecard_sql(scorecard text, from_day date, to_day date, version date DEFAULT NULL,
                              metrics jsonb DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ext constant text := quote_ident('@extschema@');
    s @extschema@.scorecard;
    src text;
    v record;
    m record;
    g record;
    parts text[] := '{}';
    lo date;
    hi date;
    first_from date;
    xcol text;        -- a measure's column of base
    x text;           -- the same, qualified
    expr text;        -- a measure's 0-100 score
    fits text;        -- the fits of minmax measures
    scores text;      -- the measure scores m1, m2, ...
    names text;       -- jsonb_build_object arguments of the measures
    comps text;       -- overall components: groups, then ungrouped measures
    comp_names text;
    comp_weights text;
    group_objs text;
    k int;            -- components so far
    has_overrides boolean;
    base_cols text;
BEGIN
    IF from_day IS NULL OR to_day IS NULL OR from_day > to_day OR NOT isfinite(from_day) OR NOT isfinite(to_day) THEN
        RAISE EXCEPTION 'scorecard "%": % to % is not a range of days', scorecard, from_day, to_day
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF metrics IS NULL THEN
        PERFORM @extschema@.scorecard_check(scorecard);
    END IF;
    SELECT * INTO s FROM @extschema@.scorecard c WHERE c.name = scorecard_sql.scorecard;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'scorecard "%" does not exist', scorecard USING ERRCODE = 'undefined_object';
    END IF;
    SELECT format('%I.%I', n.nspname, c.relname) INTO src
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = s.source;

    IF version IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.scorecard_version sv
            WHERE sv.scorecard = scorecard_sql.scorecard AND sv.valid_from = version) THEN
        RAISE EXCEPTION 'scorecard "%" has no version valid from %', scorecard, version USING ERRCODE = 'undefined_object';
    END IF;
    SELECT min(sv.valid_from) INTO first_from FROM @extschema@.scorecard_version sv
    WHERE sv.scorecard = scorecard_sql.scorecard;
    IF version IS NULL AND (first_from IS NULL OR first_from > from_day) THEN
        RAISE EXCEPTION 'scorecard "%" has no version in force on %', scorecard, from_day
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = coalesce(format('Its first version is valid from %s.', first_from), 'It has no version.');
    END IF;
    has_overrides := metrics IS NULL AND EXISTS (SELECT FROM @extschema@.score_override o
        WHERE o.scorecard = scorecard_sql.scorecard AND o.valid && daterange(from_day, to_day, '[]'));

    FOR v IN
        SELECT * FROM (
            SELECT sv.*, lead(sv.valid_from) OVER (ORDER BY sv.valid_from) AS next_from
            FROM @extschema@.scorecard_version sv WHERE sv.scorecard = scorecard_sql.scorecard) y
        WHERE CASE WHEN version IS NULL
                   THEN y.valid_from <= to_day AND (y.next_from IS NULL OR y.next_from > from_day)
                   ELSE y.valid_from = version END
        ORDER BY y.valid_from
    LOOP
        lo := CASE WHEN version IS NULL THEN greatest(from_day, v.valid_from) ELSE from_day END;
        hi := CASE WHEN version IS NULL AND v.next_from IS NOT NULL THEN least(to_day, v.next_from - 1) ELSE to_day END;
        fits := ''; scores := ''; names := '';
        comps := ''; comp_names := ''; comp_weights := ''; group_objs := ''; k := 0;
        FOR m IN SELECT sm.*, row_number() OVER (ORDER BY sm.measure) AS i FROM @extschema@.scorecard_measure sm
                 WHERE sm.scorecard = scorecard_sql.scorecard AND sm.valid_from = v.valid_from ORDER BY sm.measure LOOP
            IF metrics IS NOT NULL AND m.scaling IN ('minmax', 'percentile') THEN
                RAISE EXCEPTION 'scorecard "%": measure % is scaled within its cohort (%), which one row does not have',
                    scorecard, m.measure, m.scaling USING ERRCODE = 'feature_not_supported',
                    HINT = 'scorecard_eval takes scorecards whose measures are target-based: none, linear, log or sigmoid.';
            END IF;
            xcol := quote_ident('c_' || coalesce(m.source_column, m.measure::name));
            x := 'b.' || xcol;
            expr := CASE m.scaling
                WHEN 'none' THEN format('CASE WHEN %2$s IS NULL OR (%2$s >= 0 AND %2$s <= 100) THEN %2$s'
                                        ' ELSE %1$s.scorecard_checked_score(%3$L, %4$L, %2$s) END', ext, x, scorecard, m.measure)
                WHEN 'linear' THEN format('%s.scale_linear(%s, %L, %L)', ext, x, m.worst, m.best)
                WHEN 'log' THEN format('%s.scale_log(%s, %L, %L)', ext, x, m.worst, m.best)
                WHEN 'sigmoid' THEN format('%s.scale_sigmoid(%s, %L, %L)', ext, x, m.worst, m.best)
                WHEN 'minmax' THEN format('%s.minmax_apply(f.f%s, %s, %L)', ext, m.i, x, m.higher_is_better)
                WHEN 'percentile' THEN format('%s.percentile_score(%s, %L) OVER (PARTITION BY b.cohort, b.no_cohort, b.day)',
                                              ext, x, m.higher_is_better)
            END;
            IF m.scaling IN ('none', 'linear', 'log', 'sigmoid') AND NOT m.higher_is_better THEN
                expr := format('100 - %s', expr);
            END IF;
            IF m.scaling = 'minmax' THEN
                fits := fits || format(', %s.minmax_fit(%s) AS f%s', ext, xcol, m.i);
            END IF;
            IF has_overrides THEN
                expr := format('coalesce((o.scores ->> %L)::float8, %s)', m.measure, expr);
            END IF;
            scores := scores || format(', %s AS m%s', expr, m.i);
            names := names || format(', %L, sc.m%s', m.measure, m.i);
        END LOOP;
        IF scores = '' THEN
            RAISE EXCEPTION 'scorecard "%": version % has no measures', scorecard, v.valid_from
                USING ERRCODE = 'invalid_parameter_value';
        END IF;

        -- The overall score's components: groups (by name), then ungrouped measures (by name).
        FOR g IN
            SELECT sg.group_name, sg.weight,
                   string_agg(format('sc.m%s', y.i), ', ' ORDER BY y.i) AS members,
                   string_agg(format('%s::float8', y.weight), ', ' ORDER BY y.i) AS weights,
                   string_agg(format('sc.m%s IS NOT NULL', y.i), ' OR ' ORDER BY y.i) AS present
            FROM @extschema@.scorecard_group sg
            JOIN (SELECT sm.group_name, sm.weight, row_number() OVER (ORDER BY sm.measure) AS i
                  FROM @extschema@.scorecard_measure sm
                  WHERE sm.scorecard = scorecard_sql.scorecard AND sm.valid_from = v.valid_from) y
              ON y.group_name = sg.group_name
            WHERE sg.scorecard = scorecard_sql.scorecard AND sg.valid_from = v.valid_from
            GROUP BY sg.group_name, sg.weight ORDER BY sg.group_name
        LOOP
            k := k + 1;
            comps := comps || format(', CASE WHEN %s THEN %s.health_score(ARRAY[%s], ARRAY[%s], %L) END',
                                     g.present, ext, g.members, g.weights, v.missing);
            comp_names := comp_names || format(', %L', g.group_name);
            comp_weights := comp_weights || format(', %s::float8', g.weight);
            group_objs := group_objs || format(', %L, c.comps[%s]', g.group_name, k);
        END LOOP;
        FOR m IN SELECT sm.measure, sm.weight, sm.group_name, row_number() OVER (ORDER BY sm.measure) AS i
                 FROM @extschema@.scorecard_measure sm
                 WHERE sm.scorecard = scorecard_sql.scorecard AND sm.valid_from = v.valid_from ORDER BY sm.measure LOOP
            CONTINUE WHEN m.group_name IS NOT NULL;
            comps := comps || format(', sc.m%s', m.i);
            comp_names := comp_names || format(', %L', m.measure);
            comp_weights := comp_weights || format(', %s::float8', m.weight);
        END LOOP;

        parts := parts || format($q$
    SELECT c.account, c.day, %1$L::date AS version, %2$L::float8 AS red_below, %3$L::float8 AS green_from,
           %4$L::float8 AS margin, c.score, %5$s.health_band(c.score, %2$L, %3$L) AS band, c.coverage,
           c.measures, c.groups,
           CASE WHEN c.score IS NOT NULL THEN %5$s.health_driver_names(c.names, c.comps, c.weights) END AS drivers,
           c.overridden, c.names, c.comps, c.weights
    FROM (
        SELECT c.*, coalesce(c.override, %5$s.health_score(c.comps, c.weights, %6$L, %7$L)) AS score,
               %5$s.health_coverage(c.comps, c.weights) AS coverage, jsonb_build_object(%8$s) AS groups
        FROM (
            SELECT sc.account, sc.day, jsonb_build_object(%12$s) AS measures, sc.override, sc.overridden,
                   ARRAY[%9$s]::float8[] AS comps, ARRAY[%10$s]::text[] AS names,
                   ARRAY[%11$s]::float8[] AS weights
            FROM (
                SELECT b.account, b.day, %13$s AS override, %14$s AS overridden%15$s
                FROM (SELECT * FROM base WHERE day BETWEEN %16$L AND %17$L) b%18$s%19$s
                OFFSET 0  -- each measure's score computed once, not in every expression that reads it
            ) sc
        ) c
    ) c$q$,
            v.valid_from, v.red_below, v.green_from, v.band_margin, ext, v.missing, v.min_coverage,
            substr(group_objs, 3), substr(comps, 3), substr(comp_names, 3), substr(comp_weights, 3), substr(names, 3),
            CASE WHEN has_overrides THEN '(o.scores ->> '''')::float8' ELSE 'NULL::float8' END,
            CASE WHEN has_overrides THEN 'o.scores IS NOT NULL' ELSE 'false' END,
            scores, lo, hi,
            CASE WHEN fits <> '' THEN format(E'\n                LEFT JOIN (SELECT cohort, no_cohort, day%s FROM base'
                                             ' WHERE day BETWEEN %L AND %L GROUP BY cohort, no_cohort, day) f'
                                             ' ON f.day = b.day AND f.cohort = b.cohort AND f.no_cohort = b.no_cohort',
                                             fits, lo, hi)
                 ELSE '' END,
            CASE WHEN has_overrides THEN E'\n                LEFT JOIN overrides o ON o.account = b.account AND o.day = b.day'
                 ELSE '' END);
    END LOOP;

    SELECT CASE WHEN metrics IS NULL THEN string_agg(DISTINCT format(', s.%I::float8 AS %I', col, 'c_' || col), '')
                ELSE string_agg(DISTINCT format(', (s.s ->> %L)::float8 AS %I', col, 'c_' || col), '') END
    INTO base_cols
    FROM (SELECT coalesce(sm.source_column, sm.measure::name) AS col FROM @extschema@.scorecard_measure sm
          WHERE sm.scorecard = scorecard_sql.scorecard) c;

    IF metrics IS NOT NULL THEN
        -- one row: the measure columns read from the object (a missing key or null is missing)
        RETURN format($q$
WITH base AS (
    SELECT ''::text AS account, %1$L::date AS day, ''::text AS cohort, true AS no_cohort%2$s
    FROM (SELECT %3$L::jsonb AS s) s
),
computed AS (%4$s
)
SELECT r.score, r.band, r.coverage,
       CASE WHEN r.score IS NOT NULL THEN %5$s.health_drivers_json(r.names, r.comps, r.weights) END AS drivers
FROM computed r$q$,
            from_day, base_cols, metrics,
            array_to_string(parts, E'\n    UNION ALL'), ext);
    END IF;

    RETURN format($q$
WITH base AS MATERIALIZED (
    SELECT s.%1$I::text AS account, s.%2$I AS day, %3$s%4$s
    FROM %5$s s WHERE s.%2$I BETWEEN %6$L AND %7$L
)%8$s,
computed AS (%9$s
),
previous AS (
    SELECT a.account, p.steady_band FROM (SELECT DISTINCT account FROM base) a
    CROSS JOIN LATERAL (SELECT h.steady_band FROM %10$s.health_history h
                        WHERE h.scorecard = %11$L AND h.account = a.account AND h.day < %6$L
                        ORDER BY h.day DESC LIMIT 1) p
    WHERE %12$s
)
SELECT %11$L::text AS scorecard, r.account, r.day, r.version, r.score, r.band,
       %10$s.band_hysteresis(r.score, r.red_below, r.green_from, r.margin, p.steady_band)
           OVER (PARTITION BY r.account ORDER BY r.day) AS steady_band,
       r.coverage, r.measures, r.groups, r.drivers, r.overridden
FROM computed r LEFT JOIN previous p USING (account)$q$,
        s.account_column, s.day_column,
        -- the cohort as two hashable columns: its text ('' for NULL) and whether it is NULL
        CASE WHEN s.cohort_column IS NULL THEN ''''' AS cohort, true AS no_cohort'
             ELSE format('coalesce(s.%1$I::text, '''') AS cohort, s.%1$I IS NULL AS no_cohort', s.cohort_column) END,
        base_cols, src, from_day, to_day,
        CASE WHEN has_overrides THEN format($o$,
overrides AS (
    -- per account and day: the latest created override of each measure ('' = the overall score)
    SELECT account, day, jsonb_object_agg(coalesce(measure, ''), score) AS scores
    FROM (SELECT DISTINCT ON (b.account, b.day, o.measure) b.account, b.day, o.measure, o.score
          FROM base b JOIN %1$s.score_override o
            ON o.scorecard = %2$L AND o.account = b.account AND o.valid @> b.day
          ORDER BY b.account, b.day, o.measure, o.created_at DESC, o.score) x
    GROUP BY account, day
)$o$, ext, scorecard) ELSE '' END,
        array_to_string(parts, E'\n    UNION ALL'), ext, scorecard,
        -- no stored day before from_day: nothing to continue from
        CASE WHEN EXISTS (SELECT FROM @extschema@.health_history h
                          WHERE h.scorecard = scorecard_sql.scorecard AND h.day < from_day) THEN 'true' ELSE 'false' END);
END $$;
COMMENT ON FUNCTION scorecard_sql(text, date, date, date, jsonb) IS
    'The query that computes a scorecard''s history rows for a range of days (with version: as if that version were in force; with metrics: of one row, for scorecard_eval); built from the definition tables, every identifier quoted';

-- Writes the history of a scorecard for the days from from_day to to_day (the
-- rows of scorecard_sql), replacing what was there, then restates the band
-- with hysteresis of later stored days, which continues from these. One
-- statement per step, in the caller's transaction: an error leaves the history
-- as it was.
CREATE FUNCTION scorecard_backfill(scorecard text, from_day date, to_day date) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    query text := @extschema@.scorecard_sql(scorecard, from_day, to_day);
    written bigint;
    detail text;
BEGIN
    -- one writer per scorecard at a time
    PERFORM pg_advisory_xact_lock(hashtextextended('healthscore scorecard ' || scorecard, 0));
    DELETE FROM @extschema@.health_history h
    WHERE h.scorecard = scorecard_backfill.scorecard AND h.day BETWEEN from_day AND to_day;
    BEGIN
        EXECUTE 'INSERT INTO ' || quote_ident('@extschema@') || '.health_history (scorecard, account, day, version,'
             || ' score, band, steady_band, coverage, measures, groups, drivers, overridden)' || query;
        GET DIAGNOSTICS written = ROW_COUNT;
    EXCEPTION WHEN unique_violation THEN
        GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
        RAISE EXCEPTION 'scorecard "%": the source has more than one row for an account and day',
            scorecard USING ERRCODE = 'cardinality_violation', DETAIL = detail;
    END;
    IF EXISTS (SELECT FROM @extschema@.health_history h
               WHERE h.scorecard = scorecard_backfill.scorecard AND h.day > to_day) THEN
        UPDATE @extschema@.health_history h SET steady_band = r.steady_band
        FROM (
            SELECT x.account, x.day,
                   @extschema@.band_hysteresis(x.score, v.red_below, v.green_from, v.band_margin, p.steady_band)
                       OVER (PARTITION BY x.account ORDER BY x.day) AS steady_band
            FROM @extschema@.health_history x
            JOIN @extschema@.scorecard_version v ON v.scorecard = x.scorecard AND v.valid_from = x.version
            LEFT JOIN LATERAL (
                SELECT p.steady_band FROM @extschema@.health_history p
                WHERE p.scorecard = x.scorecard AND p.account = x.account AND p.day <= to_day
                ORDER BY p.day DESC LIMIT 1) p ON true
            WHERE x.scorecard = scorecard_backfill.scorecard AND x.day > to_day
        ) r
        WHERE h.scorecard = scorecard_backfill.scorecard AND h.account = r.account AND h.day = r.day
          AND h.steady_band IS DISTINCT FROM r.steady_band;
    END IF;
    RETURN written;
END $$;
COMMENT ON FUNCTION scorecard_backfill(text, date, date) IS
    'Scores every account of a scorecard''s source on every day from from_day to to_day into health_history, set-based: the same rows as daily runs in order; later stored days get their band with hysteresis restated';

CREATE FUNCTION scorecard_run(scorecard text, day date) RETURNS bigint
    LANGUAGE sql VOLATILE
    RETURN @extschema@.scorecard_backfill(scorecard, day, day);
COMMENT ON FUNCTION scorecard_run(text, date) IS
    'Scores every account of a scorecard''s source on one day with the version in force and writes health_history, replacing an earlier run of that day; the band with hysteresis continues from the stored days before';

CREATE FUNCTION scorecard_preview(scorecard text, day date, version date DEFAULT NULL)
    RETURNS SETOF health_history
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY EXECUTE @extschema@.scorecard_sql(scorecard, day, day, version);
END $$;
COMMENT ON FUNCTION scorecard_preview(text, date, date) IS
    'The rows scorecard_run would write for a day, written nowhere; with version, as if that version were in force (restated scores, or a re-weighting tried before it takes effect)';

CREATE FUNCTION health_trend(scorecard text, day date, lookback interval DEFAULT '30 days', dead_band float8 DEFAULT 5)
    RETURNS TABLE (account text, score float8, previous_score float8, delta float8, direction text)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM @extschema@.scorecard c WHERE c.name = health_trend.scorecard) THEN
        RAISE EXCEPTION 'scorecard "%" does not exist', scorecard USING ERRCODE = 'undefined_object';
    END IF;
    IF lookback IS NULL OR lookback <= interval '0' OR NOT isfinite(day - lookback) THEN
        RAISE EXCEPTION 'health_trend lookback % is out of range', lookback USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The lookback is how far back the previous score is taken: more than 0.';
    END IF;
    IF dead_band IS NULL OR NOT (dead_band >= 0 AND dead_band < 'infinity') THEN
        RAISE EXCEPTION 'health_trend dead_band % is out of range', dead_band USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The dead band is the smallest change that counts as up or down: at least 0, finite.';
    END IF;
    RETURN QUERY
    SELECT h.account, h.score, p.score, h.score - p.score,
           CASE WHEN h.score - p.score >= dead_band AND h.score - p.score <> 0 THEN 'up'
                WHEN p.score - h.score >= dead_band AND h.score - p.score <> 0 THEN 'down'
                WHEN h.score IS NOT NULL AND p.score IS NOT NULL THEN 'flat' END
    FROM @extschema@.health_history h
    LEFT JOIN LATERAL (
        SELECT q.score FROM @extschema@.health_history q
        WHERE q.scorecard = h.scorecard AND q.account = h.account AND q.day <= (health_trend.day - lookback)::date
        ORDER BY q.day DESC LIMIT 1) p ON true
    WHERE h.scorecard = health_trend.scorecard AND h.day = health_trend.day
    ORDER BY h.account;
END $$;
COMMENT ON FUNCTION health_trend(text, date, interval, float8) IS
    'Per account scored on a day: its score, the stored score lookback earlier (the latest on or before), the change, and up, down or flat (flat while the change is smaller than dead_band)';

CREATE VIEW health_transitions AS
SELECT h.scorecard, h.account, h.day, p.steady_band::text AS from_band, h.steady_band::text AS to_band
FROM health_history h
CROSS JOIN LATERAL (
    SELECT q.steady_band FROM health_history q
    WHERE q.scorecard = h.scorecard AND q.account = h.account AND q.day < h.day
    ORDER BY q.day DESC LIMIT 1) p
WHERE p.steady_band <> h.steady_band;
COMMENT ON VIEW health_transitions IS
    'Every change of an account''s band with hysteresis in health_history, for alerts: the day it changed, the band before and after (as text)';

CREATE VIEW account_health AS
SELECT DISTINCT ON (h.account)
       h.account, h.scorecard, h.day, h.score, h.band::text AS band, h.steady_band::text AS steady_band,
       h.coverage, array_to_string(h.drivers, ', ') AS drivers, h.overridden
FROM health_history h JOIN scorecard s ON s.name = h.scorecard
ORDER BY h.account, s.priority DESC, h.day DESC, h.scorecard;
COMMENT ON VIEW account_health IS
    'Each account''s latest row of the highest-priority scorecard that scores it, in plain types (bands and drivers as text) for dashboards';
GRANT SELECT ON health_transitions, account_health TO PUBLIC;

CREATE FUNCTION scorecard_eval(scorecard text, metrics jsonb, day date DEFAULT current_date,
                               OUT score float8, OUT band health_band, OUT coverage float8, OUT drivers jsonb)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF metrics IS NULL OR jsonb_typeof(metrics) <> 'object' THEN
        RAISE EXCEPTION 'scorecard_eval metrics must be a jsonb object, not %', coalesce(jsonb_typeof(metrics), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The keys are the measures'' source columns, the values their numbers.';
    END IF;
    EXECUTE @extschema@.scorecard_sql(scorecard, day, day, NULL, metrics) INTO score, band, coverage, drivers;
END $$;
COMMENT ON FUNCTION scorecard_eval(text, jsonb, date) IS
    'A scorecard on one row: the score, band, coverage and drivers of a jsonb object of measure values (keys: the source columns) under the version in force on day; target-based measures only';
