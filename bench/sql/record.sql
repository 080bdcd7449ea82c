-- Baseline for `stance record`: the same statement, its full-text row and
-- its two positions, in one transaction, entities looked up by slug.
-- bench/run substitutes the @…@ values (quoted).
BEGIN IMMEDIATE;
INSERT INTO statement (uuid, party_id, actor_id, said_on, kind, text, source_id,
                       recorded_by, recorded_at)
SELECT lower(printf('%s-%s-4%s-a%s-%s', substr(h, 1, 8), substr(h, 9, 4), substr(h, 14, 3),
                    substr(h, 18, 3), substr(h, 21, 12))),
       (SELECT id FROM party WHERE slug = @PARTY@), NULL, @DATE@, 'quote', @TEXT@,
       (SELECT id FROM source WHERE slug = @SOURCE@), 'bench',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM (SELECT hex(randomblob(16)) AS h);
INSERT INTO position (statement_id, issue_id, stance, red_line)
SELECT last_insert_rowid(), id, 1, 0 FROM issue WHERE slug = @ISSUE1@;
INSERT INTO position (statement_id, issue_id, stance, red_line)
SELECT last_insert_rowid(), id, -2, 1 FROM issue WHERE slug = @ISSUE2@;
INSERT INTO statement_fts (rowid, text) VALUES (last_insert_rowid(), @TEXT@);
COMMIT;
