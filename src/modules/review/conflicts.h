// Conflicts of interest between reviewers and proposals, detected from plain facts about
// the people involved (gathered by the review service from the accounts, the network and
// the proposals) and explained in English and Japanese. Pure functions; thread-safe.
//
// What counts (docs/review.md, "Conflicts of interest"), each switched by the call's
// policy:
//   same_organization  an organisation of the reviewer (current, or ended within
//                      org_years) is the organisation of a team member or the applicant,
//                      now or within org_years (same network organisation id, or names the
//                      name engine scores as the same organisation)
//   coauthorship       a publication within coauthor_years that names a team member among
//                      the reviewer's co-authors (or the reviewer among a member's), or
//                      the same DOI in both publication lists
//   co_proposer        the reviewer owns or is on the team of this proposal, or is on
//                      another proposal of the same call with one of this one's people
//   same_person        a team member recorded under another record is, by e-mail or by
//                      name and country, the reviewer
//   advisor            the reviewer's network record names a team member or the applicant
//                      as advisor or advisee, or theirs names the reviewer (by network
//                      person id, else e-mail, else names the name engine scores as the
//                      same), for supervision ended within advisor_years (unset: ever)
//   same_project       the reviewer and a team member or the applicant worked on the same
//                      project (the same identifier when both give one, else the same name
//                      once case, spaces and punctuation are set aside), their times on it
//                      overlapping and the overlap ending within project_years (unset:
//                      ever); a project without years counts
//   declared           declared by the reviewer or the applicant (added by the service)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace asta::review {

struct CoiPolicy {
  std::optional<int> org_years = 3;       // nullopt: not checked; 0: current only
  std::optional<int> coauthor_years = 5;  // nullopt: not checked
  bool co_proposers = true;
  bool advisor = true;
  std::optional<int> advisor_years;  // nullopt: ever (the usual rule for supervision)
  bool same_project = true;
  std::optional<int> project_years = 5;  // nullopt: ever
  bool same_person = true;
  Json ToJson() const;
};

// What asta knows of one person: the account and/or the network record.
struct PersonFacts {
  std::optional<std::int64_t> person_id;  // network record
  std::optional<std::int64_t> user_id;    // account
  std::string name;                       // for explanations
  std::vector<std::string> names;         // every written form (name, Latin, others)
  std::vector<std::string> emails;        // normalised
  std::vector<std::string> countries;
  struct Affiliation {
    std::optional<std::int64_t> org_id;
    std::string org_name;
    std::string start, end;  // partial dates; end "" = current
  };
  std::vector<Affiliation> affiliations;
  struct Publication {
    std::string title, doi;
    std::optional<int> year;
    std::vector<std::string> coauthors;
  };
  std::vector<Publication> publications;
  // Supervision recorded on the person's network record (network::PersonRelation): kind
  // "advisor" = the other person supervised this one, "advisee" = this one supervised them.
  struct Relation {
    std::string kind, level;
    std::optional<std::int64_t> person_id;  // the other person's network record
    std::string name, email;                // the other person's name and e-mail, if known
    std::optional<int> start_year, end_year;
  };
  std::vector<Relation> relations;
  struct Project {
    std::string name, identifier;
    std::optional<int> start_year, end_year;
  };
  std::vector<Project> projects;
};

struct TeamMember {
  std::string role;          // lead | co_lead | member | applicant
  std::string organization;  // as written in the proposal
  std::string country;
  PersonFacts person;  // names/emails from the proposal, plus the linked record's facts
};

struct ProposalFacts {
  std::int64_t id = 0;
  std::string title;
  std::int64_t owner_user_id = 0;
  std::vector<TeamMember> people;  // the team, then the applicant (role "applicant")
};

struct DetectedConflict {
  // same_organization | coauthorship | co_proposer | same_person | advisor | same_project
  std::string kind;
  std::string explanation, explanation_ja;
};

// Conflicts of `reviewer` with `proposal`; `others` are the other proposals of the same
// call (for co-proposers). `now_year` bounds the year windows. Deterministic.
std::vector<DetectedConflict> DetectConflicts(const PersonFacts& reviewer,
                                              const ProposalFacts& proposal,
                                              const std::vector<ProposalFacts>& others,
                                              const CoiPolicy& policy, int now_year);

// True when `reviewer` is on proposal `q`: its applicant, or the same person as one of its
// team. Only such proposals can make a reviewer a co-proposer of another proposal, so
// callers may pass DetectConflicts just these as `others` (found once per reviewer).
bool OnProposal(const PersonFacts& reviewer, const ProposalFacts& q);

// True when the two people are the same by record, account, e-mail or name (the name
// engine's score at or above its default threshold). `score` receives the name score.
bool SamePerson(const PersonFacts& a, const PersonFacts& b, double* score = nullptr);
// The best name-engine score between any name of `names` and `name`.
double BestNameScore(const std::vector<std::string>& names, const std::string& name);

}  // namespace asta::review
