-- The e-mail addresses of people, one row each, ASCII-lower-cased: a person is found by
-- e-mail (the review module's conflict checks, for every team member of every proposal)
-- through this index instead of reading every profile. Written with the person's other
-- child rows (network.cc WritePersonChildren); profiles stored before this table are
-- indexed once at start-up (NetworkService::EnsureEmailIndex).
CREATE TABLE person_emails (
  email TEXT NOT NULL,
  person_id {{bigint}} NOT NULL REFERENCES people(id)
);
CREATE INDEX person_emails_email ON person_emails(email, person_id);
CREATE INDEX person_emails_person ON person_emails(person_id);
