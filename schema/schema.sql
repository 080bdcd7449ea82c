-- schema.sql: the whole current schema of a stance database, for readers.
-- A unit test checks that applying migrations/ to an empty database gives
-- exactly these tables, indexes and triggers. Change it together with a new
-- migration; the migrations are what the program applies. The text of each
-- object is SQLite's own, as the migrations leave it (ALTER TABLE ... ADD
-- COLUMN appends to the CREATE TABLE); migrations/ says why each exists.

CREATE TABLE party (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE
		CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'),
	name TEXT NOT NULL CHECK (length(name) > 0),
	kind TEXT NOT NULL DEFAULT 'other'
		CHECK (kind IN ('state', 'bloc', 'organisation', 'faction', 'other'))
, created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'), created_by TEXT CHECK (length(created_by) > 0), removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))) STRICT;

CREATE TABLE actor (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE
		CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'),
	name TEXT NOT NULL CHECK (length(name) > 0),
	party_id INTEGER NOT NULL REFERENCES party (id),
	role TEXT CHECK (role IS NULL OR length(role) > 0)
, created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'), created_by TEXT CHECK (length(created_by) > 0), removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))) STRICT;

CREATE INDEX actor_party ON actor (party_id);

CREATE TABLE source (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE
		CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'),
	name TEXT NOT NULL CHECK (length(name) > 0),
	reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
	url TEXT
, created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'), created_by TEXT CHECK (length(created_by) > 0), removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))) STRICT;

CREATE TABLE issue (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE
		CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'),
	title TEXT NOT NULL CHECK (length(title) > 0),
	description TEXT,
	parent_id INTEGER REFERENCES issue (id) CHECK (parent_id <> id)
, created_at TEXT
	CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'), created_by TEXT CHECK (length(created_by) > 0), removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)), low TEXT CHECK (length(low) > 0), high TEXT CHECK (length(high) > 0), status_quo REAL
	CHECK (status_quo BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308)) STRICT;

CREATE INDEX issue_parent ON issue (parent_id);

CREATE TABLE statement (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE
		CHECK (length(uuid) = 36 AND uuid GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
	party_id INTEGER NOT NULL REFERENCES party (id),
	actor_id INTEGER REFERENCES actor (id),
	said_on TEXT NOT NULL
		CHECK (said_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind TEXT NOT NULL DEFAULT 'quote'
		CHECK (kind IN ('quote', 'paraphrase', 'proposal', 'report')),
	text TEXT NOT NULL CHECK (length(text) > 0),
	source_id INTEGER REFERENCES source (id),
	url TEXT,
	credibility INTEGER CHECK (credibility BETWEEN 1 AND 6),
	recorded_by TEXT NOT NULL CHECK (length(recorded_by) > 0),
	recorded_at TEXT NOT NULL
		CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	retracted_at TEXT
		CHECK (retracted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	retracted_by TEXT CHECK (length(retracted_by) > 0),
	retraction_reason TEXT CHECK (length(retraction_reason) > 0),
	CHECK ((retracted_at IS NULL) = (retracted_by IS NULL)
		AND (retracted_at IS NULL) = (retraction_reason IS NULL))
) STRICT;

CREATE INDEX statement_order ON statement (said_on, recorded_at, uuid, party_id, retracted_at);

CREATE INDEX statement_party ON statement (party_id, said_on, recorded_at, uuid);

CREATE INDEX statement_actor ON statement (actor_id);

CREATE INDEX statement_source ON statement (source_id);

CREATE TABLE current_position (
	party_id INTEGER NOT NULL REFERENCES party (id),
	issue_id INTEGER NOT NULL REFERENCES issue (id),
	statement_id INTEGER NOT NULL REFERENCES statement (id), red_line_statement_id INTEGER REFERENCES statement (id),
	PRIMARY KEY (party_id, issue_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX current_position_issue ON current_position (issue_id, party_id);

CREATE INDEX current_position_statement ON current_position (statement_id);

CREATE VIRTUAL TABLE statement_fts USING fts5 (
	text, content = 'statement', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE alias (
	kind TEXT NOT NULL CHECK (kind IN ('party', 'actor', 'source', 'issue')),
	slug TEXT NOT NULL
		CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'),
	entity_id INTEGER NOT NULL,
	PRIMARY KEY (kind, slug)
) STRICT, WITHOUT ROWID;

CREATE INDEX alias_entity ON alias (kind, entity_id);

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

CREATE INDEX revision_order ON revision (at, uuid);

CREATE INDEX revision_target ON revision (target_kind, target_id, at, uuid);

CREATE TABLE revision_change (
	revision_id INTEGER NOT NULL REFERENCES revision (id),
	member TEXT NOT NULL CHECK (length(member) > 0),
	from_value TEXT NOT NULL,
	to_value TEXT NOT NULL,
	issue_id INTEGER REFERENCES issue (id),
	PRIMARY KEY (revision_id, member)
) STRICT, WITHOUT ROWID;

CREATE INDEX revision_change_issue ON revision_change (issue_id) WHERE issue_id IS NOT NULL;

CREATE TABLE "position" (
	statement_id INTEGER NOT NULL REFERENCES statement (id),
	issue_id INTEGER NOT NULL REFERENCES issue (id),
	stance INTEGER NOT NULL CHECK (stance BETWEEN -2 AND 2),
	red_line INTEGER CHECK (red_line IN (0, 1)),
	condition TEXT CHECK (condition IS NULL OR length(condition) > 0),
	point REAL CHECK (point BETWEEN 0 AND 100),
	PRIMARY KEY (statement_id, issue_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX position_issue ON position (issue_id, statement_id);

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

CREATE TRIGGER position_recode AFTER UPDATE OF stance, red_line ON position
BEGIN
	UPDATE current_position
	SET red_line_statement_id = (SELECT v.statement_id FROM current_red_line AS v
				     WHERE v.party_id = current_position.party_id
				       AND v.issue_id = current_position.issue_id)
	WHERE issue_id = NEW.issue_id
	  AND party_id = (SELECT party_id FROM statement WHERE id = NEW.statement_id);
END;

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

CREATE TABLE assessment (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE
		CHECK (length(uuid) = 36 AND uuid GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
	party_id INTEGER NOT NULL REFERENCES party (id),
	-- null: the party's capability on every issue
	issue_id INTEGER REFERENCES issue (id),
	salience REAL CHECK (salience BETWEEN 0 AND 100),
	capability REAL CHECK (capability >= 0),
	date TEXT NOT NULL
		CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	reason TEXT CHECK (length(reason) > 0),
	recorded_by TEXT NOT NULL CHECK (length(recorded_by) > 0),
	recorded_at TEXT NOT NULL
		CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	retracted_at TEXT
		CHECK (retracted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	retracted_by TEXT CHECK (length(retracted_by) > 0),
	retraction_reason TEXT CHECK (length(retraction_reason) > 0),
	CHECK (salience IS NOT NULL OR capability IS NOT NULL),
	-- salience is how much one issue matters: a party-wide one means nothing
	CHECK (salience IS NULL OR issue_id IS NOT NULL),
	CHECK ((retracted_at IS NULL) = (retracted_by IS NULL)
		AND (retracted_at IS NULL) = (retraction_reason IS NULL))
) STRICT;

CREATE INDEX assessment_order ON assessment (date, recorded_at, uuid);

CREATE INDEX assessment_party ON assessment (party_id, issue_id, date, recorded_at, uuid);

CREATE TABLE outcome (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE
		CHECK (length(uuid) = 36 AND uuid GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
	issue_id INTEGER NOT NULL REFERENCES issue (id),
	date TEXT NOT NULL
		CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	point REAL NOT NULL CHECK (point BETWEEN 0 AND 100),
	text TEXT CHECK (length(text) > 0),
	source_id INTEGER REFERENCES source (id),
	recorded_by TEXT NOT NULL CHECK (length(recorded_by) > 0),
	recorded_at TEXT NOT NULL
		CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	retracted_at TEXT
		CHECK (retracted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	retracted_by TEXT CHECK (length(retracted_by) > 0),
	retraction_reason TEXT CHECK (length(retraction_reason) > 0),
	CHECK ((retracted_at IS NULL) = (retracted_by IS NULL)
		AND (retracted_at IS NULL) = (retraction_reason IS NULL))
) STRICT;

CREATE INDEX outcome_order ON outcome (date, recorded_at, uuid);

CREATE INDEX outcome_issue ON outcome (issue_id, date);
