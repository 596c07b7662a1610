-- Exchange programmes and overseas offices' cooperation needs (issue 4, docs/network.md).
-- Partial dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD"; lists are JSON text.

-- An alumni association, a re-invitation programme, a dispatch programme or a secondment
-- scheme. country: the partner country it is about (its region follows); org_id: the
-- organisation behind it. call_open/call_close: the nomination window (re-invitation).
CREATE TABLE exchange_programmes (
  id {{id}},
  kind TEXT NOT NULL CHECK (kind IN ('alumni_association', 'reinvitation', 'dispatch',
                                     'secondment')),
  name TEXT NOT NULL,
  name_ja TEXT NOT NULL,
  description TEXT NOT NULL,
  country TEXT NOT NULL,
  region TEXT NOT NULL,
  org_id {{bigint}} REFERENCES organizations(id),
  themes_json TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  call_open TEXT NOT NULL,
  call_close TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1
);
CREATE INDEX exchange_programmes_region ON exchange_programmes(region, id);
CREATE INDEX exchange_programmes_org ON exchange_programmes(org_id);

-- A person in a programme: a member, an invitee (nominated, then visiting, then
-- reporting), a dispatched or seconded researcher. One row per person and programme.
CREATE TABLE programme_participants (
  id {{id}},
  programme_id {{bigint}} NOT NULL REFERENCES exchange_programmes(id),
  person_id {{bigint}} NOT NULL REFERENCES people(id),
  role TEXT NOT NULL,
  org_id {{bigint}} REFERENCES organizations(id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL,
  report TEXT NOT NULL,
  nominated_by {{bigint}} REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1,
  UNIQUE (programme_id, person_id)
);
CREATE INDEX programme_participants_person ON programme_participants(person_id);

-- What partners in an office's region ask for, by theme.
CREATE TABLE cooperation_needs (
  id {{id}},
  office_id {{bigint}} NOT NULL REFERENCES organizations(id),
  region TEXT NOT NULL,
  country TEXT NOT NULL,
  partner_org_id {{bigint}} REFERENCES organizations(id),
  theme TEXT NOT NULL CHECK (theme IN ('green-innovation', 'life-innovation', 'safety-security',
                                       'basic-research', 'ict')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'addressed', 'closed')),
  reported_by {{bigint}} REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version {{bigint}} NOT NULL DEFAULT 1
);
CREATE INDEX cooperation_needs_region ON cooperation_needs(region, id);
CREATE INDEX cooperation_needs_office ON cooperation_needs(office_id, id);
