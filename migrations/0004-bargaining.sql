-- Bargaining (design section 8): analysts' dated judgements of a party's salience
-- on an issue and of its capability (on an issue, or on every issue), and
-- the outcomes decided, against which forecasts are backtested. Both are
-- records like statements: a UUID, who recorded them and when, and a
-- retraction that a revision sets or clears (target kinds 'assessment' and
-- 'outcome', which migration 0002 already allows).

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

-- export and listing order; the latest judgement of a party on an issue
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
