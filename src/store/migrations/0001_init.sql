-- Accounts, tenants, sessions, tokens and the audit trail.
-- Instants are ISO 8601 UTC text ("2026-11-28T12:04:52Z"); ids are generated integers.

CREATE TABLE ministries (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  country TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE agencies (
  id {{id}},
  ministry_id {{bigint}} NOT NULL REFERENCES ministries(id),
  code TEXT NOT NULL UNIQUE,
  country TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX agencies_ministry ON agencies(ministry_id);

CREATE TABLE users (
  id {{id}},
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  latin_name TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('ja', 'en')),
  orcid TEXT UNIQUE,
  agency_id {{bigint}} REFERENCES agencies(id),
  password_hash TEXT,
  disabled {{bigint}} NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);

CREATE TABLE role_grants (
  id {{id}},
  user_id {{bigint}} NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  scope_type TEXT NOT NULL,
  scope_id TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (user_id, role, scope_type, scope_id)
);

CREATE TABLE sessions (
  id {{id}},
  user_id {{bigint}} NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked {{bigint}} NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{id}},
  user_id {{bigint}} NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked {{bigint}} NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
  id {{id}},
  email_key TEXT NOT NULL,
  remote_addr TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email_key, at);
CREATE INDEX login_failures_addr ON login_failures(remote_addr, at);

-- Append-only, hash-chained audit log. audit_head holds the sequence number and hash
-- of the newest entry; updating it first in every writing transaction serialises
-- appenders on both backends, and lets `asta audit verify` notice a deleted tail.
CREATE TABLE audit_log (
  seq {{bigint}} PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id {{bigint}},
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id);

CREATE TABLE audit_head (
  id {{bigint}} PRIMARY KEY CHECK (id = 1),
  seq {{bigint}} NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
