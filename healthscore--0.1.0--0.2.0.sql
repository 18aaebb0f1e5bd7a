-- healthscore 0.1.0 -> 0.2.0. After the 0.1.0 freeze, every change of the SQL
-- surface goes here and into the src/sql parts (DEVELOPERS.md "Releasing").
\echo Use "ALTER EXTENSION healthscore UPDATE TO '0.2.0'" to load this file. \quit
