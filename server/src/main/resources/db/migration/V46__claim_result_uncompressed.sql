-- A claim's stored result (the engine's full trace, ~6 KB of JSON per claim) is kept out of line but not
-- compressed (issue 5). PostgreSQL's default compression (pglz) cost ~0.3 ms of database CPU per claim at every
-- submission and every estimate, and again at every read of the application's full view; the space it saved
-- (~3.5 KB per claim) is a few megabytes for a district's year of claims. lz4 would do as well, but not every
-- PostgreSQL is built with it (the embedded default is not).
alter table claim alter column engine_result set storage external;
