// Exchange programmes (alumni associations, re-invitation, dispatch, secondment) with
// their participants, and the overseas offices' cooperation needs: the part of the
// network module that links people, organisations and periods. docs/network.md is the
// contract of the API built on it.
//
// Every change is one write transaction with its audit entry. Participations move
// forward only (kinds and transitions below); a nomination must fall in the programme's
// call window; a person takes part in a programme once.
//
// Errors: InvalidArgument naming the field ("kind", "themes[1]", "end"), NotFound,
// AlreadyExists (a person twice in a programme), FailedPrecondition (a stale version, a
// transition the status does not allow, a nomination outside the call window, a closed
// programme). Authorisation is the routes' job: the service trusts its caller.
//
// Thread-safety: ExchangeService is thread-safe (state lives in the database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "modules/api/api.h"
#include "modules/audit/audit_log.h"
#include "store/database.h"

namespace asta::network {

// The themes of the strategy that calls, people and needs are classified by.
const std::vector<std::string>& Themes();
bool IsTheme(std::string_view theme);

bool IsProgrammeKind(std::string_view kind);
// The roles a participant may have in a programme of `kind`; the first is the default.
std::vector<std::string> RolesOf(std::string_view kind);
// The status a new participation starts in, and the statuses `from` may move to.
std::string FirstStatus(std::string_view kind);
std::vector<std::string> NextStatuses(std::string_view kind, std::string_view from);

struct ProgrammeInput {
  std::string kind;  // alumni_association | reinvitation | dispatch | secondment
  std::string name, name_ja, description;
  std::string country;  // ISO alpha-2 (the partner country)
  std::optional<std::int64_t> org_id;
  std::vector<std::string> themes;
  std::string start, end;             // partial dates or ""
  std::string call_open, call_close;  // YYYY-MM-DD or "" (re-invitation only)
  std::string status = "active";      // active | closed
};

struct Participation {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::int64_t person_id = 0;
  std::string person_name, person_latin_name;
  std::string role;
  std::optional<std::int64_t> org_id;
  std::string org_name;
  std::string start, end, status, note, report;
  std::optional<std::int64_t> nominated_by;
  std::string created_at, updated_at;
  std::int64_t version = 1;
  // The programme's kind, name and country, filled by PersonProgrammes.
  std::string programme_kind, programme_name, programme_country;
  // `with_notes`: note and report, for those who run the programme and the participant.
  Json ToJson(bool with_notes) const;
};

struct Programme {
  std::int64_t id = 0;
  ProgrammeInput input;
  std::string region;
  std::string org_name;
  std::int64_t participant_count = 0;
  std::string created_at, updated_at;
  std::int64_t version = 1;
  std::vector<Participation> participants;  // filled by GetProgramme
  Json ToJson() const;                      // without participants
};

struct ProgrammeFilter {
  std::string kind, country, region;  // "" = any
  std::int64_t after_id = 0;
  int limit = 50;  // 1..200; up to limit + 1 are returned
};

struct ParticipantInput {
  std::int64_t person_id = 0;
  std::string role;  // "" = the kind's default
  std::optional<std::int64_t> org_id;
  std::string start, end, note;
};

// A change to a participation: what is given replaces what is stored.
struct ParticipantUpdate {
  std::optional<std::string> status, role, start, end, note, report;
  std::optional<std::optional<std::int64_t>> org_id;  // set to nullopt-inside to clear
};

struct NeedInput {
  std::int64_t office_id = 0;  // an organisation of type overseas_office with a region
  std::string country;         // in the office's region
  std::optional<std::int64_t> partner_org_id;
  std::string theme, title, body;
  std::string status = "open";  // open | addressed | closed
};

struct Need {
  std::int64_t id = 0;
  NeedInput input;
  std::string region, office_name, partner_org_name;
  std::optional<std::int64_t> reported_by;
  std::string created_at, updated_at;
  std::int64_t version = 1;
  Json ToJson() const;
};

struct NeedFilter {
  std::string region, theme, status;
  std::optional<std::int64_t> office_id;
  std::int64_t after_id = 0;
  int limit = 50;
};

class ExchangeService {
 public:
  explicit ExchangeService(store::Database& db);

  // Programmes. Read functions fail with NotFound for an unknown id.
  Result<Programme> CreateProgramme(const audit::Actor& actor, ProgrammeInput input);
  Result<Programme> UpdateProgramme(const audit::Actor& actor, std::int64_t id,
                                    ProgrammeInput input,
                                    std::optional<std::int64_t> expected_version);
  Result<Programme> GetProgramme(std::int64_t id);  // with its participants
  Result<std::vector<Programme>> ListProgrammes(const ProgrammeFilter& filter);

  // Participants. `actor.user_id` is kept as the nominator.
  Result<Participation> AddParticipant(const audit::Actor& actor, std::int64_t programme_id,
                                       ParticipantInput input);
  Result<Participation> UpdateParticipant(const audit::Actor& actor, std::int64_t programme_id,
                                          std::int64_t participation_id, ParticipantUpdate update,
                                          std::optional<std::int64_t> expected_version);
  Result<std::vector<Participation>> PersonProgrammes(std::int64_t person_id);

  // Offices: organisations of type overseas_office. Each entry:
  // {office, alumni_count, partner_count, open_needs}.
  Result<Json> Offices();
  // One office with its region's alumni, partners, programmes (at most 50 of each) and,
  // when `with_needs`, its needs. NotFound unless `id` is an office.
  Result<Json> Office(std::int64_t id, bool with_needs);
  // The region of an office (for authorisation), NotFound unless it is one.
  Result<std::string> OfficeRegion(std::int64_t office_id);

  // Cooperation needs.
  Result<Need> CreateNeed(const audit::Actor& actor, NeedInput input);
  Result<Need> UpdateNeed(const audit::Actor& actor, std::int64_t id, NeedInput input,
                          std::optional<std::int64_t> expected_version);
  Result<Need> GetNeed(std::int64_t id);
  Result<std::vector<Need>> ListNeeds(const NeedFilter& filter);
  // Counts by theme and status: {items: [{theme, status, count}]}.
  Result<Json> NeedsSummary(const std::string& region);

 private:
  store::Database& db_;
};

class NetworkService;
// The routes of exchange programmes, offices and needs, duplicates and merges, and the
// network views (docs/network.md, "API, continued").
std::vector<api::RouteSpec> ExchangeRoutes(NetworkService& network, ExchangeService& exchange);

}  // namespace asta::network
