-- The history for the as-known benchmark: @COUNT@ corrections of as many
-- statements, a second apart from now on, each one revision as stance's
-- own commands write it (design §7), and the current tables changed to
-- its "to" (the triggers keep current_position right): half amend a
-- statement's date a day later, half recode its first position to the
-- opposite side. SQL instead of @COUNT@ runs of `stance amend` or `recode`
-- so that it takes seconds; bench/run checks the result with `stance check`.
-- bench/run substitutes @COUNT@.
BEGIN IMMEDIATE;
CREATE TEMP TABLE pick AS
SELECT id, uuid, said_on, row_number() OVER (ORDER BY id) AS k,
       (SELECT min(p.issue_id) FROM position AS p WHERE p.statement_id = every.id) AS issue_id
FROM (SELECT id, uuid, said_on, row_number() OVER (ORDER BY id) AS n
      FROM statement WHERE retracted_at IS NULL) AS every
WHERE n % max(1, (SELECT count(*) FROM statement) / @COUNT@) = 0
LIMIT @COUNT@;

INSERT INTO revision (uuid, at, author, reason, target_kind, target_key, target_id)
SELECT lower(printf('%s-%s-4%s-a%s-%s', substr(h, 1, 8), substr(h, 9, 4), substr(h, 14, 3),
                    substr(h, 18, 3), substr(h, 21, 12))),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || k || ' seconds'), 'bench',
       'benchmark correction', 'statement', uuid, id
FROM (SELECT pick.*, hex(randomblob(16)) AS h FROM pick);
CREATE TEMP TABLE picked AS
SELECT pick.*, r.id AS revision_id FROM pick JOIN revision AS r ON r.target_id = pick.id
WHERE r.target_kind = 'statement' AND r.author = 'bench';

-- odd: the date, a day later
INSERT INTO revision_change (revision_id, member, from_value, to_value)
SELECT revision_id, 'said_on', json_quote(said_on), json_quote(date(said_on, '+1 day'))
FROM picked WHERE k % 2 = 1;
UPDATE statement SET said_on = date(said_on, '+1 day')
WHERE id IN (SELECT id FROM picked WHERE k % 2 = 1);

-- even: the first position, to the other side (neutral to support)
CREATE TEMP TABLE recoded AS
SELECT x.revision_id, p.statement_id, p.issue_id, i.slug,
       json_object('stance', n.name, 'point', p.point,
                   'red_line', json(CASE p.red_line WHEN 1 THEN 'true' WHEN 0 THEN 'false'
                                    ELSE 'null' END), 'condition', p.condition) AS from_value,
       iif(p.stance = 0, 1, -p.stance) AS stance
FROM picked AS x JOIN position AS p ON p.statement_id = x.id AND p.issue_id = x.issue_id
JOIN issue AS i ON i.id = p.issue_id
JOIN (SELECT -2 AS v, 'strongly-oppose' AS name UNION ALL SELECT -1, 'oppose'
      UNION ALL SELECT 0, 'neutral' UNION ALL SELECT 1, 'support'
      UNION ALL SELECT 2, 'strongly-support') AS n ON n.v = p.stance
WHERE x.k % 2 = 0;
INSERT INTO revision_change (revision_id, member, from_value, to_value, issue_id)
SELECT r.revision_id, 'positions.' || r.slug, r.from_value,
       json_set(r.from_value, '$.stance', n.name), r.issue_id
FROM recoded AS r
JOIN (SELECT -2 AS v, 'strongly-oppose' AS name UNION ALL SELECT -1, 'oppose'
      UNION ALL SELECT 1, 'support' UNION ALL SELECT 2, 'strongly-support') AS n
  ON n.v = r.stance;
UPDATE position SET stance = (SELECT r.stance FROM recoded AS r
                              WHERE r.statement_id = position.statement_id
                                AND r.issue_id = position.issue_id)
WHERE (statement_id, issue_id) IN (SELECT statement_id, issue_id FROM recoded);
COMMIT;
