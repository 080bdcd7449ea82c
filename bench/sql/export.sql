-- Baseline for `stance export`: every statement joined with its positions,
-- in statement order, as sqlite3 -json writes it.
SELECT s.uuid AS id, pa.slug AS party, a.slug AS actor, s.said_on, s.kind, s.text,
       src.slug AS source, s.url, s.credibility, s.recorded_by, s.recorded_at,
       s.retracted_at, s.retracted_by, s.retraction_reason,
       i.slug AS issue, p.stance, p.red_line, p.condition
FROM statement AS s
JOIN party AS pa ON pa.id = s.party_id
LEFT JOIN actor AS a ON a.id = s.actor_id
LEFT JOIN source AS src ON src.id = s.source_id
LEFT JOIN position AS p ON p.statement_id = s.id
LEFT JOIN issue AS i ON i.id = p.issue_id
ORDER BY s.said_on, s.recorded_at, s.uuid, i.slug;
