-- Programmes, calls and proposals (issue 5, docs/programmes.md). Instants are ISO 8601
-- UTC text; a call keeps the zone it was announced in. Definitions and proposal content
-- are JSON text checked by the programmes module; columns hold what lists filter on.

-- Country groups that eligibility rules name (maintained data, seeded from
-- src/modules/programmes/country_groups.cc when empty).
CREATE TABLE country_groups (
  code TEXT PRIMARY KEY,
  name_en TEXT NOT NULL,
  name_ja TEXT NOT NULL,
  source TEXT NOT NULL,
  countries_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE programmes (
  id {{id}},
  agency_id {{bigint}} REFERENCES agencies(id),
  agency_code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('joint_research', 'fellowship', 'invitation',
                                     'capacity_building', 'facility_access')),
  name TEXT NOT NULL,
  name_ja TEXT NOT NULL,
  description TEXT NOT NULL,
  themes_json TEXT NOT NULL,
  partners_json TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1
);
CREATE INDEX programmes_agency ON programmes(agency_id, id);

-- source: "" for calls built in asta, "eu:<topicId>" for imported EU topics (unique).
CREATE TABLE calls (
  id {{id}},
  programme_id {{bigint}} NOT NULL REFERENCES programmes(id),
  title TEXT NOT NULL,
  title_ja TEXT NOT NULL,
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  funding_model TEXT NOT NULL CHECK (funding_model IN ('single_funder', 'common_pot',
                                                       'virtual_common_pot')),
  stages {{bigint}} NOT NULL CHECK (stages IN (1, 2)),
  definition_json TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1
);
CREATE INDEX calls_programme ON calls(programme_id, id);
CREATE INDEX calls_closes ON calls(closes_at, id);
CREATE UNIQUE INDEX calls_source ON calls(source) WHERE source <> '';

CREATE TABLE call_funders (
  call_id {{bigint}} NOT NULL REFERENCES calls(id),
  position {{bigint}} NOT NULL,
  agency TEXT NOT NULL,
  budget {{bigint}},
  currency TEXT NOT NULL,
  countries_json TEXT NOT NULL,
  PRIMARY KEY (call_id, position)
);

-- stage: 1 for a two-stage call's pre-proposal (until the officers invite it to the full
-- proposal, stage 2); 2 otherwise.
-- content_json: the current draft (or the frozen submitted version); requested_json its
-- amounts per "funder|currency" (the officers' totals read only these). check_json: the
-- eligibility verdicts of that content. screening_json: officers only. subjects_noted: 1
-- once the submitted team is noted as screening subjects (in batches, by the worker).
CREATE TABLE proposals (
  id {{id}},
  call_id {{bigint}} NOT NULL REFERENCES calls(id),
  owner_user_id {{bigint}} NOT NULL REFERENCES users(id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'withdrawn')),
  stage {{bigint}} NOT NULL CHECK (stage IN (1, 2)),
  title TEXT NOT NULL,
  slot TEXT NOT NULL,
  content_json TEXT NOT NULL,
  requested_json TEXT NOT NULL,
  eligible {{bigint}} NOT NULL,
  check_json TEXT NOT NULL,
  screening_status TEXT NOT NULL CHECK (screening_status IN ('none', 'pending', 'clear',
                                                             'alerts')),
  screening_json TEXT NOT NULL,
  subjects_noted {{bigint}} NOT NULL DEFAULT 0,
  submitted_version {{bigint}},
  submitted_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1
);
CREATE INDEX proposals_call ON proposals(call_id, id);
CREATE INDEX proposals_owner ON proposals(owner_user_id, id);
-- Submitted proposals whose team the compliance module has not been told of yet.
CREATE INDEX proposals_to_note ON proposals(id) WHERE subjects_noted = 0 AND state = 'submitted';

CREATE TABLE proposal_versions (
  proposal_id {{bigint}} NOT NULL REFERENCES proposals(id),
  number {{bigint}} NOT NULL,
  state TEXT NOT NULL,
  content_json TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by {{bigint}} REFERENCES users(id),
  PRIMARY KEY (proposal_id, number)
);

CREATE TABLE proposal_attachments (
  id {{id}},
  proposal_id {{bigint}} NOT NULL REFERENCES proposals(id),
  key TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size {{bigint}} NOT NULL,
  sha256 TEXT NOT NULL,
  scan TEXT NOT NULL,
  bytes {{blob}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX proposal_attachments_proposal ON proposal_attachments(proposal_id, id);

CREATE TABLE proposal_receipts (
  number TEXT PRIMARY KEY,
  proposal_id {{bigint}} NOT NULL REFERENCES proposals(id),
  version {{bigint}} NOT NULL,
  stage {{bigint}} NOT NULL,
  submitted_at TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX proposal_receipts_proposal ON proposal_receipts(proposal_id);
