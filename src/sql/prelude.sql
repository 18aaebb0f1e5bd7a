-- healthscore install script, assembled by the Makefile from src/sql/*.sql.
-- Every object carries a COMMENT ON, so \dx+ healthscore and \df+ document it.
\echo Use "CREATE EXTENSION healthscore" to load this file. \quit
