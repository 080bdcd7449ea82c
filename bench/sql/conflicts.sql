-- Baseline for `stance conflicts` (all time): the current positions ranked
-- by a window function over every position, then paired on each issue.
-- bench/run substitutes @AS_OF@ (a quoted date, or NULL for all time).
WITH ranked AS (
	SELECT s.party_id, p.issue_id, p.stance, p.red_line, s.uuid, s.said_on,
	       row_number() OVER (PARTITION BY s.party_id, p.issue_id
	                          ORDER BY s.said_on DESC, s.recorded_at DESC, s.uuid DESC) AS rn
	FROM statement AS s JOIN position AS p ON p.statement_id = s.id
	WHERE s.retracted_at IS NULL AND (@AS_OF@ IS NULL OR s.said_on <= @AS_OF@)
), cur AS (
	SELECT r.*, pa.slug AS party FROM ranked AS r JOIN party AS pa ON pa.id = r.party_id
	WHERE rn = 1
)
SELECT i.slug AS issue,
       CASE WHEN a.red_line OR b.red_line THEN 'hard' ELSE 'soft' END AS severity,
       abs(a.stance - b.stance) AS distance,
       a.party AS a_party, a.stance AS a_stance, a.red_line AS a_red_line,
       a.uuid AS a_statement, a.said_on AS a_said_on,
       b.party AS b_party, b.stance AS b_stance, b.red_line AS b_red_line,
       b.uuid AS b_statement, b.said_on AS b_said_on
FROM cur AS a JOIN cur AS b ON b.issue_id = a.issue_id AND a.party < b.party
JOIN issue AS i ON i.id = a.issue_id
WHERE a.stance * b.stance < 0
ORDER BY i.slug, a.party, b.party;
