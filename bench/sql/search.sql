-- Baseline for `stance statements --search`: LIKE on both words (bench/run
-- substitutes @WORD1@ and @WORD2@), the matching statements with their
-- positions, in statement order.
SELECT s.uuid AS id, pa.slug AS party, s.said_on, s.kind, s.text,
       i.slug AS issue, p.stance, p.red_line, p.condition
FROM statement AS s
JOIN party AS pa ON pa.id = s.party_id
LEFT JOIN position AS p ON p.statement_id = s.id
LEFT JOIN issue AS i ON i.id = p.issue_id
WHERE s.retracted_at IS NULL
  AND s.text LIKE '%' || @WORD1@ || '%' AND s.text LIKE '%' || @WORD2@ || '%'
ORDER BY s.said_on, s.recorded_at, s.uuid, i.slug;
