\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Installing into a dedicated schema (README "Install") closes a hazard of
-- public. In a database owned by a role without superuser, that role owns
-- public and may create functions there. public.health_score(int[], int[]) is
-- an exact match for the README's first health_score example, written with
-- integer literals, so it wins over the extension's
-- health_score(float8[], float8[]) (a coercion) from any position on the
-- search_path: a superuser running the example would run the owner's code.
-- With the recommended setup (a superuser makes the schema healthscore and
-- installs the extension there; a superuser's search_path holds no schema that
-- another role can create objects in) the example calls the extension.
-- Runs in a database of its own, owned by a role without superuser.
\set regression_db :DBNAME
CREATE ROLE regress_hs_dbowner NOLOGIN NOSUPERUSER;
CREATE DATABASE healthscore_schema OWNER regress_hs_dbowner;
\c healthscore_schema
CREATE SCHEMA healthscore;
CREATE EXTENSION healthscore SCHEMA healthscore;
GRANT USAGE ON SCHEMA healthscore TO PUBLIC;

-- The owner of the database may create objects in public, not in healthscore.
SET ROLE regress_hs_dbowner;
SELECT has_schema_privilege('public', 'CREATE') AS owner_creates_in_public,
       has_schema_privilege('healthscore', 'CREATE') AS owner_creates_in_healthscore;
CREATE FUNCTION public.health_score(scores int[], weights int[]) RETURNS float8
LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER ROLE regress_hs_dbowner SUPERUSER;
    END IF;
    RETURN -1;
END
$$;
RESET ROLE;

-- The hazard: with public on the search_path, even after healthscore, the
-- superuser runs the owner's function, which makes its owner a superuser.
SET search_path = healthscore, public;
SELECT health_score(ARRAY[47, 59, 21], ARRAY[20, 15, 22]);
SELECT rolsuper AS owner_is_superuser FROM pg_roles WHERE rolname = 'regress_hs_dbowner';
ALTER ROLE regress_hs_dbowner NOSUPERUSER;

-- The recommended search_path of a superuser: the extension's schema, no public.
SET search_path = healthscore;
SELECT health_score(ARRAY[47, 59, 21], ARRAY[20, 15, 22]);
SELECT rolsuper AS owner_is_superuser FROM pg_roles WHERE rolname = 'regress_hs_dbowner';
\c :regression_db
DROP DATABASE healthscore_schema;
DROP ROLE regress_hs_dbowner;
