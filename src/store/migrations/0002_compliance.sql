-- Compliance: restricted-party lists and their versions, screening subjects, the
-- screening queue, hits, the control-list category table and technology-provision
-- requests. Instants are ISO 8601 UTC text; JSON is stored as text.

CREATE TABLE lists (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  current_version {{bigint}} NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- One row per import. The counts describe the diff against the previous version.
CREATE TABLE list_versions (
  id {{id}},
  list_id {{bigint}} NOT NULL REFERENCES lists(id),
  version {{bigint}} NOT NULL,
  format TEXT NOT NULL,
  publisher_version TEXT NOT NULL,
  entities {{bigint}} NOT NULL,
  names {{bigint}} NOT NULL,
  added {{bigint}} NOT NULL,
  changed {{bigint}} NOT NULL,
  removed {{bigint}} NOT NULL,
  sha256 TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (list_id, version)
);

-- An entity row is valid for the versions first_version..last_version; last_version is
-- NULL while the row belongs to the current version. An unchanged entity keeps its row
-- across imports, so an import writes only what changed and the current version loads
-- with one indexed scan.
CREATE TABLE list_entities (
  id {{id}},
  list_id {{bigint}} NOT NULL REFERENCES lists(id),
  entity_id TEXT NOT NULL,
  first_version {{bigint}} NOT NULL,
  last_version {{bigint}},
  kind TEXT NOT NULL,
  names_json TEXT NOT NULL,
  search_text TEXT NOT NULL,
  countries TEXT NOT NULL,
  programme TEXT NOT NULL,
  listed_on TEXT NOT NULL,
  remarks TEXT NOT NULL,
  fingerprint TEXT NOT NULL
);
CREATE INDEX list_entities_current ON list_entities(list_id, last_version, entity_id);
CREATE INDEX list_entities_entity ON list_entities(list_id, entity_id);

-- The diff of each version, entity by entity, for GET …/versions/{v}/diff.
CREATE TABLE list_changes (
  id {{id}},
  list_id {{bigint}} NOT NULL REFERENCES lists(id),
  version {{bigint}} NOT NULL,
  change_kind TEXT NOT NULL CHECK (change_kind IN ('added', 'changed', 'removed')),
  entity_id TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE INDEX list_changes_version ON list_changes(list_id, version, change_kind, entity_id);

-- index_generation moves with every list import, so that every process sharing the
-- database notices that its in-memory screening index is stale.
CREATE TABLE compliance_state (
  id {{bigint}} PRIMARY KEY CHECK (id = 1),
  index_generation {{bigint}} NOT NULL
);
INSERT INTO compliance_state (id, index_generation) VALUES (1, 0);

-- A person or organisation asta screens; `source` says where it comes from
-- ("user:12", "agency:3", "party:7"). other_names is a JSON array of strings.
CREATE TABLE subjects (
  id {{id}},
  source TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
  name TEXT NOT NULL,
  other_names TEXT NOT NULL,
  country TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'clear', 'open_hits', 'true_match')),
  screened_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX subjects_status ON subjects(status, id);

-- Subjects waiting to be (re-)screened. `ticket` moves whenever the subject is queued
-- again, so a screening that raced with a change or a new list version is not taken
-- as the final word: its queue row is deleted only when the ticket still matches.
CREATE TABLE screening_queue (
  subject_id {{bigint}} PRIMARY KEY REFERENCES subjects(id),
  ticket {{bigint}} NOT NULL,
  enqueued_at TEXT NOT NULL
);

CREATE TABLE hits (
  id {{id}},
  subject_id {{bigint}} NOT NULL REFERENCES subjects(id),
  list_name TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  matched_name TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  explanation_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'true_match', 'false_positive')),
  reason TEXT,
  decided_by TEXT,
  decided_by_user_id {{bigint}},
  decided_at TEXT,
  subject_fingerprint TEXT NOT NULL,
  entity_fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX hits_subject ON hits(subject_id, list_name, entity_id);
CREATE INDEX hits_status ON hits(status, id);

-- The control-list category table; terms are JSON arrays of strings.
CREATE TABLE control_categories (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  title_en TEXT NOT NULL,
  title_ja TEXT NOT NULL,
  terms_en TEXT NOT NULL,
  terms_ja TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE tech_requests (
  id {{id}},
  provider_user_id {{bigint}} NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  project TEXT NOT NULL,
  recipient_subject_id {{bigint}} NOT NULL REFERENCES subjects(id),
  suggested_json TEXT NOT NULL,
  category_code TEXT,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
  licence_number TEXT,
  conditions TEXT,
  expires_on TEXT,
  reason TEXT,
  decided_by TEXT,
  decided_by_user_id {{bigint}},
  decided_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tech_requests_provider ON tech_requests(provider_user_id, id);
CREATE INDEX tech_requests_status ON tech_requests(status, id);
CREATE INDEX tech_requests_recipient ON tech_requests(recipient_subject_id);
