-- The researcher network (issue 4): organisations (ROR records or entered here), people
-- with their affiliations, Japan experience and publications, and the change log that
-- every process follows to keep its search index current. Instants are ISO 8601 UTC
-- text; partial dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD"; lists are JSON text.

-- An organisation. names_json: [{value, lang, kind}] with kind display|label|alias|
-- acronym, the display name first. region: the overseas-office region an office serves
-- (offices only). merged_into: set when this record was merged into another; such a
-- record is kept for the audit trail but hidden from lists and search.
CREATE TABLE organizations (
  id {{id}},
  ror TEXT UNIQUE,
  display_name TEXT NOT NULL,
  names_json TEXT NOT NULL,
  country TEXT NOT NULL,
  city TEXT NOT NULL,
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION,
  types_json TEXT NOT NULL,
  status TEXT NOT NULL,
  established {{bigint}},
  domains_json TEXT NOT NULL,
  links_json TEXT NOT NULL,
  external_ids_json TEXT NOT NULL,
  relations_json TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  ror_modified TEXT NOT NULL DEFAULT '',
  merged_into {{bigint}} REFERENCES organizations(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1
);
CREATE INDEX organizations_country ON organizations(country, id);

-- A person. name is as written (any script); latin_name its Latin form. user_id: the
-- account whose profile this is (a researcher edits their own). Lists as JSON text.
CREATE TABLE people (
  id {{id}},
  name TEXT NOT NULL,
  latin_name TEXT NOT NULL,
  other_names_json TEXT NOT NULL,
  orcid TEXT UNIQUE,
  emails_json TEXT NOT NULL,
  nationality TEXT NOT NULL,
  residence_json TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  keywords_json TEXT NOT NULL,
  themes_json TEXT NOT NULL,
  career_stage TEXT NOT NULL,
  bio_en TEXT NOT NULL,
  bio_ja TEXT NOT NULL,
  user_id {{bigint}} UNIQUE REFERENCES users(id),
  source_id TEXT NOT NULL DEFAULT '',
  merged_into {{bigint}} REFERENCES people(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1
);

-- Where a person works or worked: the organisation's ROR id and name as given, and
-- org_id when asta knows the organisation.
CREATE TABLE affiliations (
  id {{id}},
  person_id {{bigint}} NOT NULL REFERENCES people(id),
  org_id {{bigint}} REFERENCES organizations(id),
  org_ror TEXT NOT NULL,
  org_name TEXT NOT NULL,
  role TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  position {{bigint}} NOT NULL
);
CREATE INDEX affiliations_person ON affiliations(person_id, position);
CREATE INDEX affiliations_org ON affiliations(org_id);
CREATE INDEX affiliations_ror ON affiliations(org_ror);

-- A stay in Japan: degree study, postdoc, fellowship, visiting research or training.
CREATE TABLE japan_experience (
  id {{id}},
  person_id {{bigint}} NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL CHECK (kind IN ('degree_study', 'postdoc', 'fellowship',
                                     'visiting_research', 'training')),
  host_org_id {{bigint}} REFERENCES organizations(id),
  host_ror TEXT NOT NULL,
  host_name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  funding_scheme TEXT NOT NULL,
  position {{bigint}} NOT NULL
);
CREATE INDEX japan_experience_person ON japan_experience(person_id, position);
CREATE INDEX japan_experience_ror ON japan_experience(host_ror);

CREATE TABLE publications (
  id {{id}},
  person_id {{bigint}} NOT NULL REFERENCES people(id),
  title TEXT NOT NULL,
  abstract TEXT NOT NULL,
  year {{bigint}},
  doi TEXT NOT NULL,
  coauthors_json TEXT NOT NULL,
  position {{bigint}} NOT NULL
);
CREATE INDEX publications_person ON publications(person_id, position);

-- Every change to a searchable object appends a row here in the same transaction; each
-- process applies the rows after the position its index has seen (asta reindex starts
-- from the last seq). entity_type: person|organization.
CREATE TABLE network_changes (
  seq {{id}},
  entity_type TEXT NOT NULL,
  entity_id {{bigint}} NOT NULL,
  at TEXT NOT NULL
);
