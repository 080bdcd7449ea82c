-- Baseline for `stance matrix` (conflicts metric): the current positions
-- ranked by a window function over every position, then the conflicts of
-- each pair of parties counted. bench/run substitutes @AS_OF@ (a quoted
-- date, or NULL for all time). Pairs that share no issue are left out.
WITH ranked AS (
	SELECT s.party_id, p.issue_id, p.stance,
	       row_number() OVER (PARTITION BY s.party_id, p.issue_id
	                          ORDER BY s.said_on DESC, s.recorded_at DESC, s.uuid DESC) AS rn
	FROM statement AS s JOIN position AS p ON p.statement_id = s.id
	WHERE s.retracted_at IS NULL AND (@AS_OF@ IS NULL OR s.said_on <= @AS_OF@)
), cur AS (
	SELECT party_id, issue_id, stance FROM ranked WHERE rn = 1
)
SELECT pa.slug AS a, pb.slug AS b, sum(a.stance * b.stance < 0) AS conflicts
FROM cur AS a JOIN cur AS b ON b.issue_id = a.issue_id
JOIN party AS pa ON pa.id = a.party_id JOIN party AS pb ON pb.id = b.party_id
GROUP BY pa.slug, pb.slug
ORDER BY pa.slug, pb.slug;
