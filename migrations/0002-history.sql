-- The history (design section 7): revisions and the members they change,
-- aliases left by renames, who created each entity and whether it is
-- removed; points and three-state red lines on positions; and triggers
-- that keep current_position right whatever changes a statement or a
-- position, not only inserts and retractions.
--
-- Rows that predate this migration have no created_at/created_by (null:
-- "before the history began"). A position's red_line 0 meant "not a red
-- line", which version 2 calls "not stated": it becomes null, so existing
-- data keeps its meaning.

ALTER TABLE party ADD COLUMN created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z');
ALTER TABLE party ADD COLUMN created_by TEXT CHECK (length(created_by) > 0);
ALTER TABLE party ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));

ALTER TABLE actor ADD COLUMN created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z');
ALTER TABLE actor ADD COLUMN created_by TEXT CHECK (length(created_by) > 0);
ALTER TABLE actor ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));

ALTER TABLE source ADD COLUMN created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z');
ALTER TABLE source ADD COLUMN created_by TEXT CHECK (length(created_by) > 0);
ALTER TABLE source ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));

ALTER TABLE issue ADD COLUMN created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z');
ALTER TABLE issue ADD COLUMN created_by TEXT CHECK (length(created_by) > 0);
ALTER TABLE issue ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));

-- Every former slug of an entity, which still names it: kept for good, so
-- that a colleague's snapshot that uses it still merges. entity_id is the
-- row id in the table that kind names.
CREATE TABLE alias (
	kind TEXT NOT NULL CHECK (kind IN ('party', 'actor', 'source', 'issue')),
	slug TEXT NOT NULL
		CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'),
	entity_id INTEGER NOT NULL,
	PRIMARY KEY (kind, slug)
) STRICT, WITHOUT ROWID;

CREATE INDEX alias_entity ON alias (kind, entity_id);

-- One row per revision. target_key is the target's slug or statement id
-- after the revision, as the snapshot gives it; target_id the target's row
-- id, which a rename does not change.
CREATE TABLE revision (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE
		CHECK (length(uuid) = 36 AND uuid GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
	at TEXT NOT NULL
		CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	author TEXT NOT NULL CHECK (length(author) > 0),
	reason TEXT CHECK (length(reason) > 0),
	target_kind TEXT NOT NULL
		CHECK (target_kind IN ('party', 'actor', 'source', 'issue', 'statement', 'assessment', 'outcome')),
	target_key TEXT NOT NULL CHECK (length(target_key) > 0),
	target_id INTEGER NOT NULL
) STRICT;

-- newest first for `stance log`; a record's story; the latest revision of a
-- member (merge, revert, as known)
CREATE INDEX revision_order ON revision (at, uuid);
CREATE INDEX revision_target ON revision (target_kind, target_id, at, uuid);

-- One row per member a revision changed, with its old and new value as
-- the snapshot's JSON (checked by libstance and by `stance check`: with
-- trusted_schema off, a CHECK may not call json_valid()). A member
-- positions.ISSUE names the issue by its slug at the time; issue_id is that
-- issue's row id, which renames keep, so that two revisions of one position
-- are found the same whatever slugs they use.
CREATE TABLE revision_change (
	revision_id INTEGER NOT NULL REFERENCES revision (id),
	member TEXT NOT NULL CHECK (length(member) > 0),
	from_value TEXT NOT NULL,
	to_value TEXT NOT NULL,
	issue_id INTEGER REFERENCES issue (id),
	PRIMARY KEY (revision_id, member)
) STRICT, WITHOUT ROWID;

CREATE INDEX revision_change_issue ON revision_change (issue_id) WHERE issue_id IS NOT NULL;

-- Positions gain a point and a three-state red line: the table is made
-- anew (SQLite cannot change a column's constraint), with the triggers
-- that name it.
DROP TRIGGER position_current;
DROP TRIGGER statement_retract;

CREATE TABLE position_v2 (
	statement_id INTEGER NOT NULL REFERENCES statement (id),
	issue_id INTEGER NOT NULL REFERENCES issue (id),
	stance INTEGER NOT NULL CHECK (stance BETWEEN -2 AND 2),
	red_line INTEGER CHECK (red_line IN (0, 1)),
	condition TEXT CHECK (condition IS NULL OR length(condition) > 0),
	point REAL CHECK (point BETWEEN 0 AND 100),
	PRIMARY KEY (statement_id, issue_id)
) STRICT, WITHOUT ROWID;

INSERT INTO position_v2 (statement_id, issue_id, stance, red_line, condition, point)
SELECT statement_id, issue_id, stance, CASE WHEN red_line = 1 THEN 1 END, condition, NULL
FROM position;

DROP TABLE position;
ALTER TABLE position_v2 RENAME TO position;

CREATE INDEX position_issue ON position (issue_id, statement_id);

-- As before: a new position may become its party's current one.
CREATE TRIGGER position_current AFTER INSERT ON position
BEGIN
	INSERT INTO current_position (party_id, issue_id, statement_id)
	SELECT s.party_id, NEW.issue_id, s.id
	FROM statement AS s
	WHERE s.id = NEW.statement_id AND s.retracted_at IS NULL
	ON CONFLICT (party_id, issue_id) DO UPDATE
	SET statement_id = excluded.statement_id
	WHERE (SELECT (n.said_on, n.recorded_at, n.uuid) > (o.said_on, o.recorded_at, o.uuid)
	       FROM statement AS n, statement AS o
	       WHERE n.id = excluded.statement_id AND o.id = current_position.statement_id);
END;

-- An uncoded position hands its issue back to the party's latest
-- remaining statement on it, if it was the current one.
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
END;

-- A statement whose party, order or retraction changes (amend, retract,
-- unretract, a merge, or a hand edit) has the current position of each
-- issue it codes recomputed, for its old party and its new one.
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
END;
