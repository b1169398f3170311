-- A claim's stored result (the engine's full trace, ~4.5 KB of JSON per claim) is kept as json, not jsonb
-- (issue 5). It is written whole at every estimate (each step of a draft: create, edit, every upload) and read
-- whole for the application's full view; nothing queries inside it. jsonb parsed it into its binary form on every
-- write and printed it back to text on every read, which was most of the database's work for those steps; json
-- keeps the text as written (checked to be JSON) and hands it back as it is. Still kept out of line, uncompressed
-- (V46).
alter table claim alter column engine_result type json using engine_result::json;
alter table claim alter column engine_result set storage external;
