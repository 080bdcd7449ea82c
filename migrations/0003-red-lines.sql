-- Lasting red lines and the ends of an issue's scale (design sections 1
-- and 2, version 2).
--
-- A party's current red line on an issue is the outcome of a walk over
-- its positions on the issue in statement order: a position with red_line
-- 1 sets it, one with 0 ends it, and one with null keeps it only while its
-- stance has the sign of the position that set it. current_position keeps
-- the statement that set the current red line (null: none), so that the
-- all-time analyses stay as cheap as the number of parties and issues.
--
-- The view current_red_line says what that statement is for every current
-- position, walking back rather than forward: the current red line is set
-- by the latest position up to the current one whose red line is stated
-- or whose stance has another sign than the current one, when that
-- position is a red line of the current one's sign, and by none otherwise.
-- (Every position after it is unstated and of the current sign, so the
-- walk forward from it keeps what it left.) The triggers use it whenever
-- a change reaches behind the current position; a position that becomes
-- the current one takes its red line from the one before in one step.

ALTER TABLE issue ADD COLUMN low TEXT CHECK (length(low) > 0);
ALTER TABLE issue ADD COLUMN high TEXT CHECK (length(high) > 0);
ALTER TABLE issue ADD COLUMN status_quo REAL
	CHECK (status_quo BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308);

ALTER TABLE current_position ADD COLUMN red_line_statement_id INTEGER REFERENCES statement (id);

CREATE VIEW current_red_line (party_id, issue_id, statement_id) AS
SELECT c.party_id, c.issue_id,
       (SELECT CASE WHEN p2.red_line = 1
                     AND (p2.stance > 0) - (p2.stance < 0) = (lp.stance > 0) - (lp.stance < 0)
                    THEN s2.id END
        FROM statement AS s2 CROSS JOIN position AS p2
             ON p2.statement_id = s2.id AND p2.issue_id = c.issue_id
        WHERE s2.party_id = c.party_id AND s2.retracted_at IS NULL
          AND (s2.said_on, s2.recorded_at, s2.uuid) <= (ls.said_on, ls.recorded_at, ls.uuid)
          AND (p2.red_line IS NOT NULL
               OR (p2.stance > 0) - (p2.stance < 0) <> (lp.stance > 0) - (lp.stance < 0))
        ORDER BY s2.said_on DESC, s2.recorded_at DESC, s2.uuid DESC
        LIMIT 1)
FROM current_position AS c
CROSS JOIN statement AS ls ON ls.id = c.statement_id
CROSS JOIN position AS lp ON lp.statement_id = c.statement_id AND lp.issue_id = c.issue_id;

DROP TRIGGER position_current;
DROP TRIGGER position_uncode;
DROP TRIGGER statement_replace;

-- A new position becomes the current one when it is the latest; its red
-- line then follows from the one before. One said before the current
-- position may change the current red line: the walk is made again.
CREATE TRIGGER position_current AFTER INSERT ON position
BEGIN
	INSERT INTO current_position (party_id, issue_id, statement_id, red_line_statement_id)
	SELECT s.party_id, NEW.issue_id, s.id, CASE WHEN NEW.red_line = 1 THEN s.id END
	FROM statement AS s
	WHERE s.id = NEW.statement_id AND s.retracted_at IS NULL
	ON CONFLICT (party_id, issue_id) DO UPDATE
	SET statement_id = excluded.statement_id,
	    red_line_statement_id = CASE
		WHEN NEW.red_line = 1 THEN excluded.statement_id
		WHEN NEW.red_line = 0 THEN NULL
		WHEN (SELECT (p.stance > 0) - (p.stance < 0) FROM position AS p
		      WHERE p.statement_id = current_position.red_line_statement_id
		        AND p.issue_id = NEW.issue_id) = (NEW.stance > 0) - (NEW.stance < 0)
		THEN current_position.red_line_statement_id
	    END
	WHERE (SELECT (n.said_on, n.recorded_at, n.uuid) > (o.said_on, o.recorded_at, o.uuid)
	       FROM statement AS n, statement AS o
	       WHERE n.id = excluded.statement_id AND o.id = current_position.statement_id);
	UPDATE current_position
	SET red_line_statement_id = (SELECT v.statement_id FROM current_red_line AS v
				     WHERE v.party_id = current_position.party_id
				       AND v.issue_id = current_position.issue_id)
	WHERE issue_id = NEW.issue_id AND statement_id <> NEW.statement_id
	  AND party_id = (SELECT party_id FROM statement
			  WHERE id = NEW.statement_id AND retracted_at IS NULL);
END;

-- An uncoded position hands its issue back to the party's latest
-- remaining one, and the red line is walked again.
CREATE TRIGGER position_uncode AFTER DELETE ON position
BEGIN
	DELETE FROM current_position
	WHERE statement_id = OLD.statement_id AND issue_id = OLD.issue_id;
	INSERT OR IGNORE INTO current_position (party_id, issue_id, statement_id)
	SELECT s.party_id, OLD.issue_id,
	       (SELECT s2.id
	        FROM position AS p2 JOIN statement AS s2 ON s2.id = p2.statement_id
	        WHERE p2.issue_id = OLD.issue_id AND s2.party_id = s.party_id
	          AND s2.retracted_at IS NULL
	        ORDER BY s2.said_on DESC, s2.recorded_at DESC, s2.uuid DESC
	        LIMIT 1) AS latest
	FROM statement AS s
	WHERE s.id = OLD.statement_id AND latest IS NOT NULL;
	UPDATE current_position
	SET red_line_statement_id = (SELECT v.statement_id FROM current_red_line AS v
				     WHERE v.party_id = current_position.party_id
				       AND v.issue_id = current_position.issue_id)
	WHERE issue_id = OLD.issue_id
	  AND party_id = (SELECT party_id FROM statement WHERE id = OLD.statement_id);
END;

-- A recoded stance or red line may change the current red line wherever
-- the position lies in the walk.
CREATE TRIGGER position_recode AFTER UPDATE OF stance, red_line ON position
BEGIN
	UPDATE current_position
	SET red_line_statement_id = (SELECT v.statement_id FROM current_red_line AS v
				     WHERE v.party_id = current_position.party_id
				       AND v.issue_id = current_position.issue_id)
	WHERE issue_id = NEW.issue_id
	  AND party_id = (SELECT party_id FROM statement WHERE id = NEW.statement_id);
END;

-- A statement that moves in the order, changes party or is retracted (or
-- restored) makes the current positions of both its parties anew.
CREATE TRIGGER statement_replace
AFTER UPDATE OF party_id, said_on, recorded_at, uuid, retracted_at ON statement
BEGIN
	DELETE FROM current_position
	WHERE party_id IN (OLD.party_id, NEW.party_id)
	  AND issue_id IN (SELECT issue_id FROM position WHERE statement_id = NEW.id);
	INSERT INTO current_position (party_id, issue_id, statement_id)
	SELECT pp.party_id, p.issue_id,
	       (SELECT s2.id
	        FROM position AS p2 JOIN statement AS s2 ON s2.id = p2.statement_id
	        WHERE p2.issue_id = p.issue_id AND s2.party_id = pp.party_id
	          AND s2.retracted_at IS NULL
	        ORDER BY s2.said_on DESC, s2.recorded_at DESC, s2.uuid DESC
	        LIMIT 1) AS latest
	FROM position AS p, (SELECT OLD.party_id AS party_id UNION SELECT NEW.party_id) AS pp
	WHERE p.statement_id = NEW.id AND latest IS NOT NULL;
	UPDATE current_position
	SET red_line_statement_id = (SELECT v.statement_id FROM current_red_line AS v
				     WHERE v.party_id = current_position.party_id
				       AND v.issue_id = current_position.issue_id)
	WHERE party_id IN (OLD.party_id, NEW.party_id)
	  AND issue_id IN (SELECT issue_id FROM position WHERE statement_id = NEW.id);
END;

UPDATE current_position
SET red_line_statement_id = (SELECT v.statement_id FROM current_red_line AS v
			     WHERE v.party_id = current_position.party_id
			       AND v.issue_id = current_position.issue_id);
