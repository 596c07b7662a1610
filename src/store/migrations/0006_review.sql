-- Review and selection (issue 6, docs/review.md): per-call review settings, the reviewer
-- pool, conflicts of interest declared by either side and officers' overrides of them,
-- assignments, reviews, the panel's ranking and decisions, and the release of results.
-- Instants are ISO 8601 UTC text; JSON is text checked by the review module. Detected
-- conflicts are not stored: they are recomputed from the network and the proposals.

-- k: reviewers per proposal; loads: proposals per reviewer; deadline_at: the review
-- deadline as an instant (deadline_text as the officer wrote it, with its offset).
-- coi_json: the conflict policy; diversity_json: the diversity constraints; mode:
-- total | fair; move_cost: what moving a kept assignment must gain.
CREATE TABLE review_settings (
  call_id {{bigint}} PRIMARY KEY REFERENCES calls(id),
  k {{bigint}} NOT NULL,
  max_load {{bigint}} NOT NULL,
  min_load {{bigint}} NOT NULL,
  deadline_at TEXT,
  deadline_text TEXT NOT NULL DEFAULT '',
  coi_json TEXT NOT NULL,
  diversity_json TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('total', 'fair')),
  move_cost DOUBLE PRECISION NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  updated_by {{bigint}} REFERENCES users(id)
);

-- A user with the reviewer role in a call's pool.
CREATE TABLE review_invitations (
  id {{id}},
  call_id {{bigint}} NOT NULL REFERENCES calls(id),
  user_id {{bigint}} NOT NULL REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('invited', 'accepted', 'declined')),
  invited_at TEXT NOT NULL,
  answered_at TEXT,
  reminded_at TEXT,
  UNIQUE (call_id, user_id)
);
CREATE INDEX review_invitations_user ON review_invitations(user_id, id);

-- A conflict declared by the reviewer (reviewer_user_id set) or by the applicant (the
-- name and e-mail as given; reviewer_user_id when asta matched them to a pool member at
-- the time, matching is repeated whenever conflicts are listed).
CREATE TABLE review_conflict_declarations (
  id {{id}},
  call_id {{bigint}} NOT NULL REFERENCES calls(id),
  proposal_id {{bigint}} NOT NULL REFERENCES proposals(id),
  reviewer_user_id {{bigint}} REFERENCES users(id),
  source TEXT NOT NULL CHECK (source IN ('declared_by_reviewer', 'declared_by_applicant')),
  declared_name TEXT NOT NULL,
  declared_email TEXT NOT NULL,
  reason TEXT NOT NULL,
  declared_by {{bigint}} REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX review_conflict_declarations_call ON review_conflict_declarations(call_id, id);
CREATE INDEX review_conflict_declarations_pair
  ON review_conflict_declarations(proposal_id, reviewer_user_id);

-- An officer lifts every conflict of one pair, with a reason; deleting the row restores
-- the exclusion (both recorded in the audit log).
CREATE TABLE review_conflict_overrides (
  proposal_id {{bigint}} NOT NULL REFERENCES proposals(id),
  reviewer_user_id {{bigint}} NOT NULL REFERENCES users(id),
  call_id {{bigint}} NOT NULL REFERENCES calls(id),
  reason TEXT NOT NULL,
  overridden_by {{bigint}} REFERENCES users(id),
  overridden_at TEXT NOT NULL,
  PRIMARY KEY (proposal_id, reviewer_user_id)
);
CREATE INDEX review_conflict_overrides_call ON review_conflict_overrides(call_id);

-- status: assigned, or withdrawn_conflict once the reviewer declared a conflict.
CREATE TABLE review_assignments (
  id {{id}},
  call_id {{bigint}} NOT NULL REFERENCES calls(id),
  proposal_id {{bigint}} NOT NULL REFERENCES proposals(id),
  reviewer_user_id {{bigint}} NOT NULL REFERENCES users(id),
  affinity DOUBLE PRECISION NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('assigned', 'withdrawn_conflict')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (proposal_id, reviewer_user_id)
);
CREATE INDEX review_assignments_call ON review_assignments(call_id, proposal_id);
CREATE INDEX review_assignments_reviewer ON review_assignments(reviewer_user_id, id);

-- One review per assignment. scores_json: {criterion key: score}.
CREATE TABLE reviews (
  id {{id}},
  assignment_id {{bigint}} NOT NULL UNIQUE REFERENCES review_assignments(id),
  scores_json TEXT NOT NULL,
  comment_to_applicant TEXT NOT NULL,
  confidential_comment TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  submitted_at TEXT,
  updated_at TEXT NOT NULL
);

-- The panel's view of a proposal: rank (1 = best), discussion note, decision and why.
CREATE TABLE panel_entries (
  proposal_id {{bigint}} PRIMARY KEY REFERENCES proposals(id),
  call_id {{bigint}} NOT NULL REFERENCES calls(id),
  panel_rank {{bigint}},
  note TEXT NOT NULL DEFAULT '',
  decision TEXT CHECK (decision IN ('funded', 'not_funded', 'reserve')),
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_by {{bigint}} REFERENCES users(id),
  decided_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX panel_entries_call ON panel_entries(call_id, panel_rank);

-- Results released to applicants (once per call).
CREATE TABLE review_releases (
  call_id {{bigint}} PRIMARY KEY REFERENCES calls(id),
  released_at TEXT NOT NULL,
  released_by {{bigint}} REFERENCES users(id)
);
