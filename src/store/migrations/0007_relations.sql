-- A person's relations in the researcher network (issue 6, conflicts of interest):
-- supervision (advisor / advisee) and the projects they worked on. Written and read
-- with the person (docs/network.md); the review module detects conflicts from them.

-- Supervision. kind 'advisor': the other person supervised this one; 'advisee': this one
-- supervised the other. The other person by network id when asta has them
-- (other_person_id), else by name and, when known, e-mail. level: doctoral |
-- postdoctoral | ''. Years are four-digit; NULL when not given (end: still going on).
CREATE TABLE person_relations (
  id {{id}},
  person_id {{bigint}} NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL CHECK (kind IN ('advisor', 'advisee')),
  level TEXT NOT NULL,
  other_person_id {{bigint}} REFERENCES people(id),
  other_name TEXT NOT NULL,
  other_email TEXT NOT NULL,
  start_year {{bigint}},
  end_year {{bigint}},
  position {{bigint}} NOT NULL
);
CREATE INDEX person_relations_person ON person_relations(person_id, position);
CREATE INDEX person_relations_other ON person_relations(other_person_id);

-- A project the person worked on: its name, an identifier such as a grant number (or
-- ''), and the years they took part.
CREATE TABLE person_projects (
  id {{id}},
  person_id {{bigint}} NOT NULL REFERENCES people(id),
  name TEXT NOT NULL,
  identifier TEXT NOT NULL,
  start_year {{bigint}},
  end_year {{bigint}},
  position {{bigint}} NOT NULL
);
CREATE INDEX person_projects_person ON person_projects(person_id, position);
