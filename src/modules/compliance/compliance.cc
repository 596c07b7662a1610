#include "modules/compliance/compliance.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "core/countries.h"
#include "core/crypto.h"
#include "core/text.h"
#include "core/time.h"

namespace asta::compliance {
namespace {

using store::Connection;
using store::Value;

constexpr int kBatchSubjects = 100;
// Candidates looked at per name of a subject when raising hits.
constexpr size_t kHitCandidates = 20;

thread_local std::vector<std::int64_t> t_noted_subjects;

Value OptValue(const std::optional<std::string>& v) { return v ? Value(*v) : Value(); }

std::string JsonStrings(const std::vector<std::string>& items) {
  Json a = Json::array();
  for (const auto& i : items) a.push_back(i);
  return a.dump();
}

std::vector<std::string> ParseStrings(const std::string& text) {
  std::vector<std::string> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string JoinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ',';
    out += i;
  }
  return out;
}

Status ValidateListName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 40 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!ok) return InvalidArgument("must be 1 to 40 of a-z, 0-9 and '-'", "name");
  return Ok();
}

Result<std::string> ValidateKind(const std::string& kind, const std::string& field) {
  if (kind == "person" || kind == "organization") return kind;
  if (kind == "organisation") return std::string("organization");
  return InvalidArgument("must be \"person\" or \"organization\"", field);
}

names::Kind EngineKind(const std::string& kind) {
  if (kind == "person") return names::Kind::kPerson;
  if (kind == "organization") return names::Kind::kOrganization;
  return names::Kind::kAny;
}

// What screening a subject depends on; a hit decided under one fingerprint stands until
// it changes.
std::string SubjectFingerprint(const std::string& kind, const std::string& name,
                               const std::vector<std::string>& other_names,
                               const std::string& country) {
  std::string text = kind + '\x1f' + name + '\x1f' + country;
  std::vector<std::string> others = other_names;
  std::sort(others.begin(), others.end());
  for (const auto& o : others) text += '\x1f' + o;
  return Sha256Hex(text);
}

// Cleans a SubjectInput: trimmed names, other names without blanks and duplicates of the
// name, the country upper case.
Result<SubjectInput> CleanSubject(const SubjectInput& in, const std::string& prefix) {
  SubjectInput out;
  out.source = in.source;
  ASTA_ASSIGN_OR_RETURN(out.kind, ValidateKind(in.kind, prefix + "kind"));
  ASTA_ASSIGN_OR_RETURN(out.name, ValidateText(in.name, prefix + "name", 300));
  if (in.other_names.size() > 20) {
    return InvalidArgument("must hold at most 20 names", prefix + "other_names");
  }
  for (const auto& o : in.other_names) {
    std::string t(Trim(o));
    if (t.empty() || t == out.name) continue;
    ASTA_ASSIGN_OR_RETURN(t, ValidateText(t, prefix + "other_names", 300));
    if (std::find(out.other_names.begin(), out.other_names.end(), t) == out.other_names.end()) {
      out.other_names.push_back(t);
    }
  }
  if (!in.country.empty()) {
    ASTA_ASSIGN_OR_RETURN(out.country, NormalizeCountry(in.country, prefix + "country"));
  }
  return out;
}

Status Enqueue(Connection& conn, std::int64_t subject_id) {
  std::string now = NowIso8601();
  ASTA_ASSIGN_OR_RETURN(
      auto n, conn.Execute("UPDATE screening_queue SET ticket = ticket + 1, enqueued_at = ? "
                           "WHERE subject_id = ?",
                           {now, subject_id}));
  if (n == 0) {
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO screening_queue (subject_id, ticket, enqueued_at) VALUES (?, 1, ?)",
        {subject_id, now}));
  }
  // Bounded: a thread that never hands its notes over (a long import script) must not
  // grow without end; whatever is not taken is screened by the worker or ProcessQueue.
  if (t_noted_subjects.size() < 10000) t_noted_subjects.push_back(subject_id);
  return Ok();
}

// The subject's status from its hits and its place in the queue: unresolved hits first,
// then whether a screening is still due.
Status RefreshSubjectStatus(Connection& conn, std::int64_t subject_id) {
  ASTA_ASSIGN_OR_RETURN(auto counts, conn.Query("SELECT status, COUNT(*) FROM hits WHERE "
                                                "subject_id = ? GROUP BY status",
                                                {subject_id}));
  std::int64_t open = 0, true_match = 0;
  for (const auto& r : counts.rows) {
    if (r.Text(0) == "open") open = r.Int(1);
    if (r.Text(0) == "true_match") true_match = r.Int(1);
  }
  ASTA_ASSIGN_OR_RETURN(auto queued, conn.Query("SELECT s.screened_at, q.subject_id FROM subjects "
                                                "s LEFT JOIN screening_queue q ON q.subject_id = "
                                                "s.id WHERE s.id = ?",
                                                {subject_id}));
  bool pending = queued.empty() || queued.rows[0].IsNull(0) || !queued.rows[0].IsNull(1);
  std::string status = true_match > 0 ? "true_match"
                       : open > 0     ? "open_hits"
                       : pending      ? "pending"
                                      : "clear";
  ASTA_RETURN_IF_ERROR(
      conn.Execute("UPDATE subjects SET status = ? WHERE id = ?", {status, subject_id}));
  return Ok();
}

constexpr char kSubjectColumns[] =
    "SELECT s.id, s.kind, s.name, s.other_names, s.country, s.source, s.status, "
    "(SELECT COUNT(*) FROM hits h WHERE h.subject_id = s.id AND h.status = 'open'), "
    "s.screened_at FROM subjects s ";

Subject SubjectFromRow(const store::Row& r) {
  Subject s;
  s.id = r.Int(0);
  s.kind = r.Text(1);
  s.name = r.Text(2);
  s.other_names = ParseStrings(r.Text(3));
  s.country = r.Text(4);
  s.source = r.Text(5);
  s.status = r.Text(6);
  s.open_hits = r.Int(7);
  s.screened_at = r.OptText(8);
  return s;
}

constexpr char kHitColumns[] =
    "SELECT h.id, h.subject_id, s.kind, s.name, s.country, s.source, h.list_name, h.entity_id, "
    "h.matched_name, h.score, h.explanation_json, h.status, h.reason, h.decided_by, "
    "h.decided_at, h.created_at FROM hits h JOIN subjects s ON s.id = h.subject_id ";

Hit HitFromRow(const store::Row& r) {
  Hit h;
  h.id = r.Int(0);
  h.subject_id = r.Int(1);
  h.subject_kind = r.Text(2);
  h.subject_name = r.Text(3);
  h.subject_country = r.Text(4);
  h.subject_source = r.Text(5);
  h.list = r.Text(6);
  h.entity_id = r.Text(7);
  h.matched_name = r.Text(8);
  h.score = r.Double(9);
  h.explanation = Json::parse(r.Text(10), nullptr, false);
  if (h.explanation.is_discarded()) h.explanation = nullptr;
  h.status = r.Text(11);
  h.reason = r.OptText(12);
  h.decided_by = r.OptText(13);
  h.decided_at = r.OptText(14);
  h.created_at = r.Text(15);
  return h;
}

Result<Subject> LoadSubject(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query(std::string(kSubjectColumns) + "WHERE s.id = ?", {id}));
  if (rows.empty()) return NotFound("no subject has id " + std::to_string(id));
  return SubjectFromRow(rows.rows[0]);
}

Result<std::vector<Hit>> LoadHitsOfSubject(Connection& conn, std::int64_t subject_id) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(std::string(kHitColumns) + "WHERE h.subject_id = ? ORDER BY h.id", {subject_id}));
  std::vector<Hit> hits;
  for (const auto& r : rows.rows) hits.push_back(HitFromRow(r));
  return hits;
}

Result<Hit> LoadHit(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string(kHitColumns) + "WHERE h.id = ?", {id}));
  if (rows.empty()) return NotFound("no hit has id " + std::to_string(id));
  return HitFromRow(rows.rows[0]);
}

// Inserts a new party subject ("party:ID") and queues it.
Result<std::int64_t> InsertParty(Connection& conn, const SubjectInput& party) {
  std::string now = NowIso8601();
  std::string fingerprint =
      SubjectFingerprint(party.kind, party.name, party.other_names, party.country);
  ASTA_ASSIGN_OR_RETURN(
      auto ins, conn.Query("INSERT INTO subjects (source, kind, name, other_names, country, "
                           "fingerprint, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                           "?, 'pending', ?, ?) RETURNING id",
                           {"party:new", party.kind, party.name, JsonStrings(party.other_names),
                            party.country, fingerprint, now, now}));
  std::int64_t id = ins.rows.at(0).Int(0);
  ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE subjects SET source = ? WHERE id = ?",
                                    {"party:" + std::to_string(id), id}));
  ASTA_RETURN_IF_ERROR(Enqueue(conn, id));
  return id;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

Result<std::string> ValidateDate(const std::string& text, const std::string& field) {
  auto bad = [&] { return InvalidArgument("must be a date YYYY-MM-DD", field); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return bad();
  }
  int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2)),
      d = std::stoi(text.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return bad();
  int max_day = kDays[m - 1] + (m == 2 && IsLeapYear(y) ? 1 : 0);
  if (d > max_day) return bad();
  return text;
}

Status ValidateCategoryCode(const std::string& code) {
  bool ok = !code.empty() && code.size() <= 32 && std::all_of(code.begin(), code.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!ok) return InvalidArgument("must be 1 to 32 letters, digits, '-', '_' or '.'", "code");
  return Ok();
}

// --- classification -------------------------------------------------------------------

std::string Stem(std::string w) {
  auto ends = [&w](std::string_view s) {
    return w.size() > s.size() + 2 && w.compare(w.size() - s.size(), s.size(), s) == 0;
  };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("ing")) return w.substr(0, w.size() - 3);
  if (ends("ed")) return w.substr(0, w.size() - 2);
  if (ends("es") && (w[w.size() - 3] == 's' || w[w.size() - 3] == 'x' || w[w.size() - 3] == 'h')) {
    return w.substr(0, w.size() - 2);
  }
  if (ends("s") && w[w.size() - 2] != 's') return w.substr(0, w.size() - 1);
  return w;
}

// Lower-cased, stemmed ASCII words; every other byte separates words.
std::vector<std::string> EnglishWords(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      current += static_cast<char>(std::tolower(u));
    } else if (!current.empty()) {
      words.push_back(Stem(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(Stem(current));
  return words;
}

}  // namespace

Result<std::int64_t> NoteSubject(Connection& conn, const SubjectInput& input) {
  if (input.source.empty() || input.source.size() > 100) {
    return InvalidArgument("must be 1 to 100 characters", "source");
  }
  ASTA_ASSIGN_OR_RETURN(SubjectInput in, CleanSubject(input, ""));
  std::string fingerprint = SubjectFingerprint(in.kind, in.name, in.other_names, in.country);
  std::string now = NowIso8601();
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id, fingerprint FROM subjects WHERE "
                                              "source = ?",
                                              {in.source}));
  if (rows.empty()) {
    ASTA_ASSIGN_OR_RETURN(
        auto ins, conn.Query("INSERT INTO subjects (source, kind, name, other_names, country, "
                             "fingerprint, status, created_at, updated_at) VALUES (?, ?, ?, ?, "
                             "?, ?, 'pending', ?, ?) RETURNING id",
                             {in.source, in.kind, in.name, JsonStrings(in.other_names), in.country,
                              fingerprint, now, now}));
    std::int64_t id = ins.rows.at(0).Int(0);
    ASTA_RETURN_IF_ERROR(Enqueue(conn, id));
    return id;
  }
  std::int64_t id = rows.rows[0].Int(0);
  if (rows.rows[0].Text(1) != fingerprint) {
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE subjects SET kind = ?, name = ?, other_names = ?, country = ?, "
        "fingerprint = ?, updated_at = ? WHERE id = ?",
        {in.kind, in.name, JsonStrings(in.other_names), in.country, fingerprint, now, id}));
    ASTA_RETURN_IF_ERROR(Enqueue(conn, id));
    ASTA_RETURN_IF_ERROR(RefreshSubjectStatus(conn, id));
  }
  return id;
}

std::vector<std::int64_t> TakeNotedSubjects() {
  std::vector<std::int64_t> out;
  out.swap(t_noted_subjects);
  return out;
}

// --- JSON -----------------------------------------------------------------------------

Json ListInfo::ToJson() const {
  return Json{{"name", name},         {"format", format}, {"version", version},
              {"entities", entities}, {"names", names},   {"imported_at", imported_at}};
}

Json ListVersionInfo::ToJson() const {
  return Json{{"version", version},
              {"format", format},
              {"publisher_version", publisher_version},
              {"sha256", sha256},
              {"entities", entities},
              {"names", names},
              {"added", added},
              {"changed", changed},
              {"removed", removed},
              {"imported_at", imported_at},
              {"imported_by", imported_by}};
}

Json ImportReport::ToJson() const {
  return Json{{"name", name},   {"version", version}, {"entities", entities}, {"names", names},
              {"added", added}, {"changed", changed}, {"removed", removed}};
}

Json VersionDiff::ToJson() const {
  auto list = [](const std::vector<DiffEntry>& entries) {
    Json a = Json::array();
    for (const auto& e : entries) a.push_back(Json{{"entity_id", e.entity_id}, {"name", e.name}});
    return a;
  };
  return Json{{"added", list(added)}, {"changed", list(changed)}, {"removed", list(removed)}};
}

Json EntityRow::ToJson() const {
  return Json{{"id", id},       {"entity_id", entity_id}, {"kind", kind},
              {"names", names}, {"countries", countries}, {"programme", programme}};
}

Json ExplanationJson(const names::Explanation& e) {
  Json parts = Json::array();
  for (const auto& p : e.parts) {
    parts.push_back(Json{{"query_part", p.query_part},
                         {"candidate_part", p.candidate_part},
                         {"how", std::string(names::MatchHowName(p.how))},
                         {"similarity", p.similarity},
                         {"weight", p.weight}});
  }
  return Json{{"query_reading", e.query_reading},
              {"candidate_reading", e.candidate_reading},
              {"parts", parts}};
}

Json ScreenMatch::ToJson() const {
  return Json{
      {"list", list},   {"entity_id", entity_id}, {"matched_name", matched_name},
      {"score", score}, {"alert", alert},         {"explanation", ExplanationJson(explanation)}};
}

Json Subject::ToJson() const {
  return Json{{"id", id},
              {"kind", kind},
              {"name", name},
              {"other_names", other_names},
              {"country", country.empty() ? Json(nullptr) : Json(country)},
              {"source", source},
              {"status", status},
              {"open_hits", open_hits},
              {"screened_at", screened_at ? Json(*screened_at) : Json(nullptr)}};
}

Json Hit::ToJson() const {
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
  return Json{
      {"id", id},
      {"subject", Json{{"id", subject_id},
                       {"kind", subject_kind},
                       {"name", subject_name},
                       {"country", subject_country.empty() ? Json(nullptr) : Json(subject_country)},
                       {"source", subject_source}}},
      {"list", list},
      {"entity_id", entity_id},
      {"matched_name", matched_name},
      {"score", score},
      {"explanation", explanation},
      {"status", status},
      {"reason", opt(reason)},
      {"decided_by", opt(decided_by)},
      {"decided_at", opt(decided_at)},
      {"created_at", created_at}};
}

Json ControlCategory::ToJson() const {
  return Json{{"code", code},
              {"title_en", title_en},
              {"title_ja", title_ja},
              {"terms_en", terms_en},
              {"terms_ja", terms_ja}};
}

Json CategorySuggestion::ToJson() const {
  return Json{{"code", code},
              {"title_en", title_en},
              {"title_ja", title_ja},
              {"score", score},
              {"matched_terms", matched_terms}};
}

Json TechRequest::ToJson(bool with_hits) const {
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
  std::string screening = recipient.status == "open_hits"    ? "open_hits"
                          : recipient.status == "true_match" ? "true_match"
                          : recipient.status == "clear"      ? "clear"
                                                             : "pending";
  Json r{{"id", recipient.id},
         {"kind", recipient.kind},
         {"name", recipient.name},
         {"other_names", recipient.other_names},
         {"country", recipient.country.empty() ? Json(nullptr) : Json(recipient.country)},
         {"source", recipient.source},
         {"screening_status", screening},
         {"screened_at", recipient.screened_at ? Json(*recipient.screened_at) : Json(nullptr)}};
  if (with_hits) {
    Json hits = Json::array();
    for (const auto& h : recipient_hits) hits.push_back(h.ToJson());
    r["hits"] = hits;
  }
  return Json{{"id", id},
              {"provider", Json{{"id", provider_user_id}, {"name", provider_name}}},
              {"title", title},
              {"description", description},
              {"project", project},
              {"recipient", r},
              {"suggested_categories", suggested_categories},
              {"category_code", opt(category_code)},
              {"status", status},
              {"licence_number", opt(licence_number)},
              {"conditions", opt(conditions)},
              {"expires_on", opt(expires_on)},
              {"reason", opt(reason)},
              {"decided_by", opt(decided_by)},
              {"decided_at", opt(decided_at)},
              {"created_at", created_at},
              {"updated_at", updated_at}};
}

// --- classification ---------------------------------------------------------------------

std::vector<CategorySuggestion> ClassifyDescription(const std::vector<ControlCategory>& categories,
                                                    std::string_view description) {
  std::vector<std::string> words = EnglishWords(description);
  std::vector<CategorySuggestion> out;
  for (const auto& c : categories) {
    CategorySuggestion s{c.code, c.title_en, c.title_ja, 0, {}};
    for (const auto& term : c.terms_en) {
      std::vector<std::string> tw = EnglishWords(term);
      if (tw.empty() || tw.size() > words.size()) continue;
      bool found = false;
      for (size_t i = 0; i + tw.size() <= words.size() && !found; ++i) {
        found = std::equal(tw.begin(), tw.end(), words.begin() + static_cast<std::ptrdiff_t>(i));
      }
      if (found) {
        s.score += static_cast<double>(tw.size());
        s.matched_terms.push_back(term);
      }
    }
    for (const auto& term : c.terms_ja) {
      if (term.empty()) continue;
      if (description.find(term) != std::string_view::npos) {
        s.score += std::max(1.0, static_cast<double>(CodePointCount(term)) / 2.0);
        s.matched_terms.push_back(term);
      }
    }
    if (s.score > 0) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const CategorySuggestion& a, const CategorySuggestion& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.code < b.code;
  });
  return out;
}

// --- service --------------------------------------------------------------------------

ComplianceService::ComplianceService(store::Database& db) : db_(db) {}

ComplianceService::~ComplianceService() { StopWorker(); }

Result<ImportReport> ComplianceService::ImportListFile(const audit::Actor& actor,
                                                       const std::string& name, ListFormat format,
                                                       const std::filesystem::path& path) {
  ASTA_RETURN_IF_ERROR(ValidateListName(name));
  ASTA_ASSIGN_OR_RETURN(ListSnapshot snapshot, ReadList(format, path));
  // The digest covers what was read; for a folder (OFAC) the canonical entities stand in.
  std::string digest;
  {
    std::string canonical;
    for (const auto& e : snapshot.entities) canonical += e.entity_id + ':' + EntityFingerprint(e);
    digest = Sha256Hex(canonical);
  }
  return Import(actor, name, format, snapshot, digest);
}

Result<ImportReport> ComplianceService::ImportListBytes(const audit::Actor& actor,
                                                        const std::string& name, ListFormat format,
                                                        std::string_view bytes) {
  ASTA_RETURN_IF_ERROR(ValidateListName(name));
  ASTA_ASSIGN_OR_RETURN(ListSnapshot snapshot, ReadListBytes(format, bytes));
  return Import(actor, name, format, snapshot, Sha256Hex(bytes));
}

Result<ImportReport> ComplianceService::Import(const audit::Actor& actor, const std::string& name,
                                               ListFormat format, const ListSnapshot& snapshot,
                                               const std::string& sha256) {
  const std::string format_name(ListFormatName(format));
  auto result = db_.InWriteTransaction<ImportReport>([&](Connection& conn) -> Result<ImportReport> {
    std::string now = NowIso8601();
    ASTA_ASSIGN_OR_RETURN(
        auto lists, conn.Query("SELECT id, current_version FROM lists WHERE name = ?", {name}));
    std::int64_t list_id = 0, previous = 0;
    if (lists.empty()) {
      ASTA_ASSIGN_OR_RETURN(auto ins,
                            conn.Query("INSERT INTO lists (name, format, current_version, "
                                       "created_at) VALUES (?, ?, 0, ?) RETURNING id",
                                       {name, format_name, now}));
      list_id = ins.rows.at(0).Int(0);
    } else {
      list_id = lists.rows[0].Int(0);
      previous = lists.rows[0].Int(1);
    }
    const std::int64_t version = previous + 1;

    struct Current {
      std::int64_t row_id;
      std::string fingerprint, name;
    };
    std::unordered_map<std::string, Current> current;
    ASTA_ASSIGN_OR_RETURN(auto rows,
                          conn.Query("SELECT id, entity_id, fingerprint, names_json FROM "
                                     "list_entities WHERE list_id = ? AND "
                                     "last_version IS NULL",
                                     {list_id}));
    for (const auto& r : rows.rows) {
      auto names = ParseStrings(r.Text(3));
      current[r.Text(1)] = Current{r.Int(0), r.Text(2), names.empty() ? "" : names[0]};
    }

    ImportReport report;
    report.name = name;
    report.version = version;
    auto change = [&](const char* kind, const std::string& entity_id,
                      const std::string& entity_name) -> Status {
      return conn
          .Execute(
              "INSERT INTO list_changes (list_id, version, change_kind, entity_id, name) "
              "VALUES (?, ?, ?, ?, ?)",
              {list_id, version, std::string(kind), entity_id, entity_name})
          .map([](std::int64_t) {});
    };
    auto insert = [&](const ListEntity& e, const std::string& fingerprint) -> Status {
      std::vector<std::string> names;
      std::string search;
      for (const auto& n : e.names) {
        names.push_back(n.name);
        search += AsciiLower(n.name) + '\n';
      }
      return conn
          .Execute(
              "INSERT INTO list_entities (list_id, entity_id, first_version, last_version, "
              "kind, names_json, search_text, countries, programme, listed_on, remarks, "
              "fingerprint) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
              {list_id, e.entity_id, version, e.kind, JsonStrings(names), search,
               JoinComma(e.countries), e.programme, e.listed_on, e.remarks, fingerprint})
          .map([](std::int64_t) {});
    };
    std::set<std::string> seen;
    for (const auto& e : snapshot.entities) {
      report.entities += 1;
      report.names += static_cast<std::int64_t>(e.names.size());
      seen.insert(e.entity_id);
      std::string fingerprint = EntityFingerprint(e);
      std::string primary = e.names.empty() ? "" : e.names[0].name;
      auto it = current.find(e.entity_id);
      if (it == current.end()) {
        ++report.added;
        ASTA_RETURN_IF_ERROR(insert(e, fingerprint));
        ASTA_RETURN_IF_ERROR(change("added", e.entity_id, primary));
      } else if (it->second.fingerprint != fingerprint) {
        ++report.changed;
        ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE list_entities SET last_version = ? WHERE id = ?",
                                          {previous, it->second.row_id}));
        ASTA_RETURN_IF_ERROR(insert(e, fingerprint));
        ASTA_RETURN_IF_ERROR(change("changed", e.entity_id, primary));
      }
    }
    for (const auto& [entity_id, row] : current) {
      if (seen.count(entity_id)) continue;
      ++report.removed;
      ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE list_entities SET last_version = ? WHERE id = ?",
                                        {previous, row.row_id}));
      ASTA_RETURN_IF_ERROR(change("removed", entity_id, row.name));
    }
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO list_versions (list_id, version, format, publisher_version, entities, names, "
        "added, changed, removed, sha256, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)",
        {list_id, version, format_name, snapshot.version, report.entities, report.names,
         report.added, report.changed, report.removed, sha256, actor.name, now}));
    ASTA_RETURN_IF_ERROR(
        conn.Execute("UPDATE lists SET current_version = ?, format = ? WHERE id = ?",
                     {version, format_name, list_id}));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE compliance_state SET index_generation = index_generation + 1 WHERE id = 1"));
    // Every subject is screened again against the new version.
    ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE screening_queue SET ticket = ticket + 1"));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "INSERT INTO screening_queue (subject_id, ticket, enqueued_at) SELECT id, 1, ? FROM "
        "subjects WHERE id NOT IN (SELECT subject_id FROM screening_queue)",
        {now}));
    Json after = report.ToJson();
    after["format"] = format_name;
    after["sha256"] = sha256;
    after["publisher_version"] = snapshot.version;
    ASTA_RETURN_IF_ERROR(
        audit::Append(conn, actor, "list.import", "list", name, nullptr, std::move(after)));
    return report;
  });
  if (result) Wake();
  return result;
}

Result<std::vector<ListInfo>> ComplianceService::Lists() {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(
      auto rows, lease->Query("SELECT l.name, l.format, l.current_version, v.entities, v.names, "
                              "v.imported_at FROM lists l JOIN list_versions v ON v.list_id = l.id "
                              "AND v.version = l.current_version ORDER BY l.name"));
  std::vector<ListInfo> out;
  for (const auto& r : rows.rows) {
    out.push_back(ListInfo{r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.Int(4), r.Text(5)});
  }
  return out;
}

namespace {
Result<std::int64_t> ListId(Connection& conn, const std::string& name) {
  ASTA_RETURN_IF_ERROR(ValidateListName(name));
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM lists WHERE name = ?", {name}));
  if (rows.empty()) return NotFound("no list is named " + name);
  return rows.rows[0].Int(0);
}
}  // namespace

Result<std::vector<ListVersionInfo>> ComplianceService::Versions(const std::string& name,
                                                                 std::int64_t after_version,
                                                                 int limit) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(std::int64_t list_id, ListId(*lease, name));
  ASTA_ASSIGN_OR_RETURN(
      auto rows,
      lease->Query("SELECT version, format, publisher_version, sha256, entities, names, added, "
                   "changed, removed, imported_at, imported_by FROM list_versions WHERE list_id = "
                   "? AND version > ? ORDER BY version LIMIT ?",
                   {list_id, after_version, static_cast<std::int64_t>(limit + 1)}));
  std::vector<ListVersionInfo> out;
  for (const auto& r : rows.rows) {
    ListVersionInfo v;
    v.version = r.Int(0);
    v.format = r.Text(1);
    v.publisher_version = r.Text(2);
    v.sha256 = r.Text(3);
    v.entities = r.Int(4);
    v.names = r.Int(5);
    v.added = r.Int(6);
    v.changed = r.Int(7);
    v.removed = r.Int(8);
    v.imported_at = r.Text(9);
    v.imported_by = r.Text(10);
    out.push_back(std::move(v));
  }
  return out;
}

Result<VersionDiff> ComplianceService::Diff(const std::string& name, std::int64_t version) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(std::int64_t list_id, ListId(*lease, name));
  ASTA_ASSIGN_OR_RETURN(auto exists,
                        lease->Query("SELECT id FROM list_versions WHERE list_id = ? AND "
                                     "version = ?",
                                     {list_id, version}));
  if (exists.empty()) {
    return NotFound("list " + name + " has no version " + std::to_string(version));
  }
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query("SELECT change_kind, entity_id, name FROM "
                                                "list_changes WHERE list_id = ? AND version = ? "
                                                "ORDER BY entity_id",
                                                {list_id, version}));
  VersionDiff diff;
  for (const auto& r : rows.rows) {
    DiffEntry e{r.Text(1), r.Text(2)};
    std::string kind = r.Text(0);
    if (kind == "added") diff.added.push_back(std::move(e));
    if (kind == "changed") diff.changed.push_back(std::move(e));
    if (kind == "removed") diff.removed.push_back(std::move(e));
  }
  return diff;
}

Result<std::vector<EntityRow>> ComplianceService::Entities(const std::string& name,
                                                           const std::string& q,
                                                           std::int64_t after_id, int limit) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(std::int64_t list_id, ListId(*lease, name));
  std::string sql =
      "SELECT id, entity_id, kind, names_json, countries, programme FROM list_entities WHERE "
      "list_id = ? AND last_version IS NULL AND id > ?";
  std::vector<Value> params{list_id, after_id};
  if (!q.empty()) {
    std::string pattern = "%";
    for (char c : AsciiLower(q)) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    pattern += "%";
    sql += " AND search_text LIKE ? ESCAPE '\\'";
    params.push_back(pattern);
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<EntityRow> out;
  for (const auto& r : rows.rows) {
    out.push_back(EntityRow{r.Int(0), r.Text(1), r.Text(2), ParseStrings(r.Text(3)),
                            SplitComma(r.Text(4)), r.Text(5)});
  }
  return out;
}

// --- index ----------------------------------------------------------------------------

Result<std::shared_ptr<const ScreeningIndex>> ComplianceService::BuildIndex(
    std::int64_t /*generation*/) {
  struct Loaded {
    std::int64_t generation = 0;
    std::vector<store::Row> rows;
  };
  // The generation and the entities are read in one snapshot, so the index is labelled
  // with the generation it really reflects.
  ASTA_ASSIGN_OR_RETURN(
      Loaded loaded, db_.InReadTransaction<Loaded>([](Connection& conn) -> Result<Loaded> {
        Loaded l;
        ASTA_ASSIGN_OR_RETURN(auto g, conn.Query("SELECT index_generation FROM "
                                                 "compliance_state WHERE id = 1"));
        l.generation = g.rows.at(0).Int(0);
        ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT l.name, e.entity_id, e.kind, "
                                                    "e.names_json, e.countries, "
                                                    "e.fingerprint FROM list_entities e "
                                                    "JOIN lists l ON l.id = e.list_id "
                                                    "WHERE e.last_version IS NULL ORDER BY "
                                                    "l.name, e.entity_id"));
        l.rows = std::move(rows.rows);
        return l;
      }));
  auto built = std::make_shared<ScreeningIndex>();
  built->generation = loaded.generation;
  names::Index::Builder builder;
  for (const auto& r : loaded.rows) {
    auto number = static_cast<std::uint32_t>(built->entities.size());
    built->entities.push_back(ScreeningIndex::Entity{r.Text(0), r.Text(1), r.Text(5)});
    names::Kind kind = EngineKind(r.Text(2));
    auto countries = SplitComma(r.Text(4));
    std::string country = countries.empty() ? "" : countries[0];
    for (const auto& n : ParseStrings(r.Text(3))) {
      builder.Add(number, n, kind, country);
      built->names.push_back(n);
    }
  }
  built->index = std::shared_ptr<const names::Index>(builder.Build());
  return std::shared_ptr<const ScreeningIndex>(std::move(built));
}

Result<std::shared_ptr<const ScreeningIndex>> ComplianceService::CurrentIndex() {
  std::int64_t generation = 0;
  {
    ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
    ASTA_ASSIGN_OR_RETURN(
        auto g, lease->Query("SELECT index_generation FROM compliance_state WHERE id = 1"));
    generation = g.rows.at(0).Int(0);
  }
  {
    std::lock_guard lock(index_mutex_);
    if (index_ && index_->generation >= generation) return index_;
  }
  std::lock_guard build(build_mutex_);
  {
    std::lock_guard lock(index_mutex_);
    if (index_ && index_->generation >= generation) return index_;
  }
  ASTA_ASSIGN_OR_RETURN(auto fresh, BuildIndex(generation));
  std::lock_guard lock(index_mutex_);
  index_ = fresh;
  return index_;
}

namespace {

Result<names::SearchOptions> CheckScreenOptions(const ScreenOptions& options) {
  if (options.top < 1 || options.top > 100) {
    return InvalidArgument("must be an integer from 1 to 100", "top");
  }
  if (options.threshold && !(*options.threshold >= 0 && *options.threshold <= 1)) {
    return InvalidArgument("must be a number from 0 to 1", "threshold");
  }
  names::SearchOptions s;
  s.top_k = static_cast<size_t>(options.top);
  s.explain = options.explain;
  return s;
}

std::vector<ScreenMatch> RunQuery(const ScreeningIndex& index, const ScreenQuery& q,
                                  names::SearchOptions s, double threshold) {
  s.kind = EngineKind(q.kind);
  s.country = q.country;
  std::vector<ScreenMatch> out;
  for (auto& m : index.index->Search(q.name, s)) {
    // A candidate that shares nothing with the query is noise, not a result.
    if (m.score <= 0 || m.entity >= index.entities.size() || m.name >= index.names.size()) {
      continue;
    }
    const auto& e = index.entities[m.entity];
    ScreenMatch sm;
    sm.list = e.list;
    sm.entity_id = e.entity_id;
    sm.matched_name = index.names[m.name];
    sm.score = m.score;
    sm.alert = m.score >= threshold;
    sm.explanation = std::move(m.explanation);
    out.push_back(std::move(sm));
  }
  return out;
}

Result<ScreenQuery> CleanQuery(const ScreenQuery& q, const std::string& prefix) {
  ScreenQuery out = q;
  ASTA_ASSIGN_OR_RETURN(out.name, ValidateText(q.name, prefix + "name", 300));
  if (!q.kind.empty()) {
    if (q.kind == "any") {
      out.kind.clear();
    } else {
      ASTA_ASSIGN_OR_RETURN(out.kind, ValidateKind(q.kind, prefix + "kind"));
    }
  }
  if (!q.country.empty()) {
    ASTA_ASSIGN_OR_RETURN(out.country, NormalizeCountry(q.country, prefix + "country"));
  }
  return out;
}

}  // namespace

Result<std::vector<ScreenMatch>> ComplianceService::Screen(const ScreenQuery& query,
                                                           const ScreenOptions& options) {
  ASTA_ASSIGN_OR_RETURN(names::SearchOptions s, CheckScreenOptions(options));
  ASTA_ASSIGN_OR_RETURN(ScreenQuery q, CleanQuery(query, ""));
  ASTA_ASSIGN_OR_RETURN(auto index, CurrentIndex());
  return RunQuery(*index, q, s, options.threshold.value_or(names::DefaultThreshold()));
}

Result<std::vector<std::vector<ScreenMatch>>> ComplianceService::ScreenBatch(
    const std::vector<ScreenQuery>& queries, const ScreenOptions& options, int threads) {
  ASTA_ASSIGN_OR_RETURN(names::SearchOptions s, CheckScreenOptions(options));
  std::vector<ScreenQuery> clean;
  clean.reserve(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    ASTA_ASSIGN_OR_RETURN(auto q, CleanQuery(queries[i], "queries[" + std::to_string(i) + "]."));
    clean.push_back(std::move(q));
  }
  ASTA_ASSIGN_OR_RETURN(auto index, CurrentIndex());
  const double threshold = options.threshold.value_or(names::DefaultThreshold());
  std::vector<std::vector<ScreenMatch>> out(clean.size());
  threads = std::max(1, std::min<int>(threads, static_cast<int>(clean.size() / 64 + 1)));
  // Threads take queries in interleaved blocks from a shared counter; each writes only
  // its own slots, so the output keeps the input order.
  std::atomic<size_t> next{0};
  auto work = [&] {
    constexpr size_t kBlock = 32;
    for (;;) {
      size_t start = next.fetch_add(kBlock);
      if (start >= clean.size()) return;
      size_t end = std::min(clean.size(), start + kBlock);
      for (size_t i = start; i < end; ++i) out[i] = RunQuery(*index, clean[i], s, threshold);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

// --- subjects and hits ----------------------------------------------------------------

Result<Subject> ComplianceService::RegisterParty(const audit::Actor& actor,
                                                 const SubjectInput& party) {
  ASTA_ASSIGN_OR_RETURN(SubjectInput clean, CleanSubject(party, ""));
  ASTA_ASSIGN_OR_RETURN(
      std::int64_t id,
      db_.InWriteTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, InsertParty(conn, clean));
        ASTA_ASSIGN_OR_RETURN(Subject s, LoadSubject(conn, id));
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "party.create", "subject",
                                           std::to_string(id), nullptr, s.ToJson()));
        return id;
      }));
  ASTA_RETURN_IF_ERROR(ProcessSubjects({id}));
  return GetSubject(id);
}

Result<std::vector<Subject>> ComplianceService::ListSubjects(std::int64_t after_id, int limit) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(
      auto rows, lease->Query(std::string(kSubjectColumns) + "WHERE s.id > ? ORDER BY s.id LIMIT ?",
                              {after_id, static_cast<std::int64_t>(limit + 1)}));
  std::vector<Subject> out;
  for (const auto& r : rows.rows) out.push_back(SubjectFromRow(r));
  return out;
}

Result<Subject> ComplianceService::GetSubject(std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  return LoadSubject(*lease, id);
}

Result<std::optional<Subject>> ComplianceService::FindSubjectBySource(const std::string& source) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(
      auto rows, lease->Query(std::string(kSubjectColumns) + "WHERE s.source = ?", {source}));
  if (rows.empty()) return std::optional<Subject>();
  return std::optional<Subject>(SubjectFromRow(rows.rows[0]));
}

Result<std::vector<Hit>> ComplianceService::HitsOfSubject(std::int64_t subject_id) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  return LoadHitsOfSubject(*lease, subject_id);
}

Result<std::vector<Hit>> ComplianceService::ListHits(const std::string& status,
                                                     std::int64_t after_id, int limit) {
  if (!status.empty() && status != "open" && status != "true_match" && status != "false_positive") {
    return InvalidArgument("must be open, true_match or false_positive", "status");
  }
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  std::string sql = std::string(kHitColumns) + "WHERE h.id > ?";
  std::vector<Value> params{after_id};
  if (!status.empty()) {
    sql += " AND h.status = ?";
    params.push_back(status);
  }
  sql += " ORDER BY h.id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<Hit> out;
  for (const auto& r : rows.rows) out.push_back(HitFromRow(r));
  return out;
}

Result<Hit> ComplianceService::GetHit(std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  return LoadHit(*lease, id);
}

Result<Hit> ComplianceService::DecideHit(const audit::Actor& actor, std::int64_t id,
                                         const std::string& status, const std::string& reason_in) {
  if (status != "true_match" && status != "false_positive") {
    return InvalidArgument("must be \"true_match\" or \"false_positive\"", "status");
  }
  ASTA_ASSIGN_OR_RETURN(std::string reason, ValidateText(reason_in, "reason", 2000));
  return db_.InWriteTransaction<Hit>([&](Connection& conn) -> Result<Hit> {
    ASTA_ASSIGN_OR_RETURN(Hit before, LoadHit(conn, id));
    std::string now = NowIso8601();
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE hits SET status = ?, reason = ?, decided_by = ?, decided_by_user_id = ?, "
        "decided_at = ?, updated_at = ? WHERE id = ?",
        {status, reason, actor.name, actor.user_id ? Value(*actor.user_id) : Value(), now, now,
         id}));
    ASTA_RETURN_IF_ERROR(RefreshSubjectStatus(conn, before.subject_id));
    ASTA_ASSIGN_OR_RETURN(Hit after, LoadHit(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "hit.decide", "hit", std::to_string(id),
                                       before.ToJson(), after.ToJson()));
    return after;
  });
}

// --- the screening queue --------------------------------------------------------------

struct ComplianceService::Screened {
  std::int64_t subject_id = 0;
  std::int64_t ticket = 0;
  std::string fingerprint;
  // Best match per engine entity over all the subject's names.
  std::map<std::uint32_t, std::pair<names::Match, std::string>> matches;
};

Result<int> ComplianceService::ProcessQueue(int max_subjects) {
  int total = 0;
  int idle_rounds = 0;
  while (total < max_subjects) {
    std::vector<std::int64_t> ids;
    {
      ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
      ASTA_ASSIGN_OR_RETURN(
          auto rows,
          lease->Query(
              "SELECT subject_id FROM screening_queue ORDER BY enqueued_at, subject_id "
              "LIMIT ?",
              {static_cast<std::int64_t>(std::min(kBatchSubjects, max_subjects - total))}));
      for (const auto& r : rows.rows) ids.push_back(r.Int(0));
    }
    if (ids.empty()) break;
    ASTA_ASSIGN_OR_RETURN(int done, ProcessBatch(ids));
    total += done;
    // A batch whose every ticket moved meanwhile is retried, but not forever.
    if (done == 0 && ++idle_rounds > 3) break;
  }
  return total;
}

Result<int> ComplianceService::ProcessSubjects(const std::vector<std::int64_t>& subject_ids) {
  if (subject_ids.empty()) return 0;
  return ProcessBatch(subject_ids);
}

Result<int> ComplianceService::ProcessBatch(const std::vector<std::int64_t>& subject_ids) {
  std::lock_guard process(process_mutex_);
  ASTA_ASSIGN_OR_RETURN(auto index, CurrentIndex());
  std::vector<store::Row> queued;
  {
    // The connection goes back to the pool before the (slower) screening.
    ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
    std::string sql =
        "SELECT q.subject_id, q.ticket, s.kind, s.name, s.other_names, s.country, s.fingerprint "
        "FROM screening_queue q JOIN subjects s ON s.id = q.subject_id WHERE q.subject_id IN (";
    std::vector<Value> params;
    for (size_t i = 0; i < subject_ids.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.push_back(subject_ids[i]);
    }
    sql += ") ORDER BY q.subject_id";
    ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
    queued = std::move(rows.rows);
  }
  std::vector<Screened> screened;
  const double threshold = names::DefaultThreshold();
  for (const auto& r : queued) {
    Screened s;
    s.subject_id = r.Int(0);
    s.ticket = r.Int(1);
    s.fingerprint = r.Text(6);
    names::SearchOptions options;
    options.kind = EngineKind(r.Text(2));
    options.country = r.Text(5);
    options.top_k = kHitCandidates;
    options.min_score = threshold;
    options.explain = true;
    std::vector<std::string> all_names{r.Text(3)};
    for (auto& o : ParseStrings(r.Text(4))) all_names.push_back(std::move(o));
    for (const auto& n : all_names) {
      for (auto& m : index->index->Search(n, options)) {
        if (m.score < threshold || m.entity >= index->entities.size()) continue;
        auto it = s.matches.find(m.entity);
        if (it == s.matches.end() || it->second.first.score < m.score) {
          std::string matched = m.name < index->names.size() ? index->names[m.name] : "";
          s.matches[m.entity] = {std::move(m), std::move(matched)};
        }
      }
    }
    screened.push_back(std::move(s));
  }
  if (screened.empty()) return 0;
  const audit::Actor actor = audit::Actor::System("screening");
  return db_.InWriteTransaction<int>([&](Connection& conn) -> Result<int> {
    int done = 0;
    std::string now = NowIso8601();
    for (const auto& s : screened) {
      ASTA_ASSIGN_OR_RETURN(auto n, conn.Execute("DELETE FROM screening_queue WHERE subject_id = ? "
                                                 "AND ticket = ?",
                                                 {s.subject_id, s.ticket}));
      // Queued again meanwhile (a change or a new list version): the next pass decides.
      if (n == 0) continue;
      ++done;
      for (const auto& [number, found] : s.matches) {
        const auto& [match, matched_name] = found;
        const auto& entity = index->entities[number];
        std::string explanation = ExplanationJson(match.explanation).dump();
        ASTA_ASSIGN_OR_RETURN(
            auto existing,
            conn.Query("SELECT id, status, subject_fingerprint, entity_fingerprint FROM hits "
                       "WHERE subject_id = ? AND list_name = ? AND entity_id = ? ORDER BY id",
                       {s.subject_id, entity.list, entity.entity_id}));
        std::optional<std::int64_t> open_id;
        bool decided_same = false;
        for (const auto& h : existing.rows) {
          if (h.Text(1) == "open") {
            open_id = h.Int(0);
          } else if (h.Text(2) == s.fingerprint && h.Text(3) == entity.fingerprint) {
            decided_same = true;
          }
        }
        if (open_id) {
          // One open hit per subject and entity: refresh it with what was found now.
          ASTA_RETURN_IF_ERROR(conn.Execute(
              "UPDATE hits SET matched_name = ?, score = ?, explanation_json = ?, "
              "subject_fingerprint = ?, entity_fingerprint = ?, updated_at = ? WHERE id = ?",
              {matched_name, match.score, explanation, s.fingerprint, entity.fingerprint, now,
               *open_id}));
          continue;
        }
        if (decided_same) continue;
        ASTA_ASSIGN_OR_RETURN(
            auto ins,
            conn.Query("INSERT INTO hits (subject_id, list_name, entity_id, matched_name, score, "
                       "explanation_json, status, subject_fingerprint, entity_fingerprint, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) "
                       "RETURNING id",
                       {s.subject_id, entity.list, entity.entity_id, matched_name, match.score,
                        explanation, s.fingerprint, entity.fingerprint, now, now}));
        std::int64_t hit_id = ins.rows.at(0).Int(0);
        ASTA_ASSIGN_OR_RETURN(Hit hit, LoadHit(conn, hit_id));
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "hit.raise", "hit", std::to_string(hit_id),
                                           nullptr, hit.ToJson()));
      }
      ASTA_RETURN_IF_ERROR(
          conn.Execute("UPDATE subjects SET screened_at = ? WHERE id = ?", {now, s.subject_id}));
      ASTA_RETURN_IF_ERROR(RefreshSubjectStatus(conn, s.subject_id));
    }
    return done;
  });
}

void ComplianceService::AddSubjectSource(std::function<Result<int>(bool)> source) {
  std::lock_guard lock(worker_mutex_);
  sources_.push_back(std::move(source));
}

Result<int> ComplianceService::ProcessAll() {
  std::vector<std::function<Result<int>(bool)>> sources;
  {
    std::lock_guard lock(worker_mutex_);
    sources = sources_;
  }
  for (const auto& source : sources) ASTA_RETURN_IF_ERROR(source(true).map([](int) {}));
  (void)TakeNotedSubjects();  // queued in the database; ProcessQueue screens them
  return ProcessQueue();
}

void ComplianceService::StartWorker() {
  std::lock_guard lock(worker_mutex_);
  if (worker_.joinable()) return;
  worker_stop_ = false;
  worker_ = std::thread([this] { WorkerLoop(); });
}

void ComplianceService::StopWorker() {
  {
    std::lock_guard lock(worker_mutex_);
    if (!worker_.joinable()) return;
    worker_stop_ = true;
  }
  worker_cv_.notify_all();
  worker_.join();
}

void ComplianceService::Wake() {
  {
    std::lock_guard lock(worker_mutex_);
    worker_wake_ = true;
  }
  worker_cv_.notify_all();
}

void ComplianceService::WorkerLoop() {
  std::string last_error;
  for (;;) {
    {
      std::unique_lock lock(worker_mutex_);
      worker_cv_.wait_for(lock, std::chrono::seconds(1),
                          [this] { return worker_stop_ || worker_wake_; });
      if (worker_stop_) return;
      worker_wake_ = false;
    }
    std::vector<std::function<Result<int>(bool)>> sources;
    {
      std::lock_guard lock(worker_mutex_);
      sources = sources_;
    }
    Result<int> done = 0;
    for (const auto& source : sources) {
      done = source(false);
      if (!done) break;
    }
    (void)TakeNotedSubjects();  // what the sources noted is queued in the database
    if (done) done = ProcessQueue(kBatchSubjects * 10);
    // One line per distinct failure: a database that is down would otherwise repeat it
    // every second.
    if (!done && done.error().ToString() != last_error) {
      last_error = done.error().ToString();
      std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"screening worker: %s\"}\n",
                   last_error.c_str());
    } else if (done) {
      last_error.clear();
      if (*done > 0) Wake();  // more may be waiting
    }
  }
}

// --- control categories ---------------------------------------------------------------

Result<std::vector<ControlCategory>> ComplianceService::Categories() {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query("SELECT code, title_en, title_ja, terms_en, "
                                                "terms_ja FROM control_categories ORDER BY code"));
  std::vector<ControlCategory> out;
  for (const auto& r : rows.rows) {
    out.push_back(ControlCategory{r.Text(0), r.Text(1), r.Text(2), ParseStrings(r.Text(3)),
                                  ParseStrings(r.Text(4))});
  }
  return out;
}

Result<ControlCategory> ComplianceService::PutCategory(const audit::Actor& actor,
                                                       const ControlCategory& in) {
  ASTA_RETURN_IF_ERROR(ValidateCategoryCode(in.code));
  ControlCategory c;
  c.code = in.code;
  ASTA_ASSIGN_OR_RETURN(c.title_en, ValidateText(in.title_en, "title_en", 300));
  ASTA_ASSIGN_OR_RETURN(c.title_ja, ValidateText(in.title_ja, "title_ja", 300));
  auto terms = [](const std::vector<std::string>& list,
                  const std::string& field) -> Result<std::vector<std::string>> {
    if (list.size() > 200) return InvalidArgument("must hold at most 200 terms", field);
    std::vector<std::string> out;
    for (const auto& t : list) {
      ASTA_ASSIGN_OR_RETURN(std::string clean, ValidateText(t, field, 100));
      if (std::find(out.begin(), out.end(), clean) == out.end()) out.push_back(clean);
    }
    return out;
  };
  ASTA_ASSIGN_OR_RETURN(c.terms_en, terms(in.terms_en, "terms_en"));
  ASTA_ASSIGN_OR_RETURN(c.terms_ja, terms(in.terms_ja, "terms_ja"));
  return db_.InWriteTransaction<ControlCategory>([&](Connection& conn) -> Result<ControlCategory> {
    ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT code, title_en, title_ja, terms_en, "
                                                "terms_ja FROM control_categories WHERE code = ?",
                                                {c.code}));
    Json before = nullptr;
    std::string now = NowIso8601();
    if (rows.empty()) {
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "INSERT INTO control_categories (code, title_en, title_ja, terms_en, terms_ja, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
          {c.code, c.title_en, c.title_ja, JsonStrings(c.terms_en), JsonStrings(c.terms_ja), now}));
    } else {
      const auto& r = rows.rows[0];
      before = ControlCategory{r.Text(0), r.Text(1), r.Text(2), ParseStrings(r.Text(3)),
                               ParseStrings(r.Text(4))}
                   .ToJson();
      ASTA_RETURN_IF_ERROR(conn.Execute(
          "UPDATE control_categories SET title_en = ?, title_ja = ?, terms_en = ?, "
          "terms_ja = ?, updated_at = ? WHERE code = ?",
          {c.title_en, c.title_ja, JsonStrings(c.terms_en), JsonStrings(c.terms_ja), now, c.code}));
    }
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "control_category.put", "control_category",
                                       c.code, before, c.ToJson()));
    return c;
  });
}

Result<std::vector<CategorySuggestion>> ComplianceService::Classify(std::string_view description) {
  ASTA_ASSIGN_OR_RETURN(auto categories, Categories());
  return ClassifyDescription(categories, description);
}

// --- technology-provision requests ------------------------------------------------------

namespace {
constexpr char kRequestColumns[] =
    "SELECT r.id, r.provider_user_id, u.display_name, r.title, r.description, r.project, "
    "r.recipient_subject_id, r.suggested_json, r.category_code, r.status, r.licence_number, "
    "r.conditions, r.expires_on, r.reason, r.decided_by, r.decided_at, r.created_at, "
    "r.updated_at FROM tech_requests r JOIN users u ON u.id = r.provider_user_id ";

TechRequest RequestFromRow(const store::Row& r) {
  TechRequest t;
  t.id = r.Int(0);
  t.provider_user_id = r.Int(1);
  t.provider_name = r.Text(2);
  t.title = r.Text(3);
  t.description = r.Text(4);
  t.project = r.Text(5);
  t.recipient.id = r.Int(6);
  t.suggested_categories = Json::parse(r.Text(7), nullptr, false);
  if (t.suggested_categories.is_discarded()) t.suggested_categories = Json::array();
  t.category_code = r.OptText(8);
  t.status = r.Text(9);
  t.licence_number = r.OptText(10);
  t.conditions = r.OptText(11);
  t.expires_on = r.OptText(12);
  t.reason = r.OptText(13);
  t.decided_by = r.OptText(14);
  t.decided_at = r.OptText(15);
  t.created_at = r.Text(16);
  t.updated_at = r.Text(17);
  return t;
}
}  // namespace

Result<TechRequest> ComplianceService::LoadTechRequest(Connection& conn, std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        conn.Query(std::string(kRequestColumns) + "WHERE r.id = ?", {id}));
  if (rows.empty()) return NotFound("no technology-provision request has id " + std::to_string(id));
  TechRequest t = RequestFromRow(rows.rows[0]);
  ASTA_ASSIGN_OR_RETURN(t.recipient, LoadSubject(conn, t.recipient.id));
  ASTA_ASSIGN_OR_RETURN(t.recipient_hits, LoadHitsOfSubject(conn, t.recipient.id));
  return t;
}

Result<TechRequest> ComplianceService::CreateTechRequest(const audit::Actor& actor,
                                                         std::int64_t provider_user_id,
                                                         const NewTechRequest& in) {
  ASTA_ASSIGN_OR_RETURN(std::string title, ValidateText(in.title, "title", 300));
  ASTA_ASSIGN_OR_RETURN(std::string description,
                        ValidateText(in.description, "description", 20000));
  std::string project;
  if (!in.project.empty()) {
    ASTA_ASSIGN_OR_RETURN(project, ValidateText(in.project, "project", 300));
  }
  ASTA_ASSIGN_OR_RETURN(SubjectInput recipient, CleanSubject(in.recipient, "recipient."));
  if (recipient.country.empty()) return InvalidArgument("is required", "recipient.country");
  ASTA_ASSIGN_OR_RETURN(auto suggestions, Classify(description));
  Json suggested = Json::array();
  for (const auto& s : suggestions) suggested.push_back(s.ToJson());
  ASTA_ASSIGN_OR_RETURN(
      std::int64_t id,
      db_.InWriteTransaction<std::int64_t>([&](Connection& conn) -> Result<std::int64_t> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t party, InsertParty(conn, recipient));
        ASTA_ASSIGN_OR_RETURN(Subject party_row, LoadSubject(conn, party));
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "party.create", "subject",
                                           std::to_string(party), nullptr, party_row.ToJson()));
        std::string now = NowIso8601();
        ASTA_ASSIGN_OR_RETURN(
            auto ins,
            conn.Query("INSERT INTO tech_requests (provider_user_id, title, description, project, "
                       "recipient_subject_id, suggested_json, status, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?) RETURNING id",
                       {provider_user_id, title, description, project, party, suggested.dump(), now,
                        now}));
        std::int64_t id = ins.rows.at(0).Int(0);
        ASTA_ASSIGN_OR_RETURN(TechRequest created, LoadTechRequest(conn, id));
        ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "tech_request.create", "tech_request",
                                           std::to_string(id), nullptr, created.ToJson(false)));
        return id;
      }));
  ASTA_ASSIGN_OR_RETURN(TechRequest created, GetTechRequest(id));
  // The recipient is screened at once, so the provider and the officer see the result.
  ASTA_RETURN_IF_ERROR(ProcessSubjects({created.recipient.id}));
  return GetTechRequest(id);
}

Result<TechRequest> ComplianceService::GetTechRequest(std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  return LoadTechRequest(*lease, id);
}

Result<std::vector<TechRequest>> ComplianceService::ListTechRequests(const std::string& status,
                                                                     std::int64_t provider_user_id,
                                                                     std::int64_t after_id,
                                                                     int limit) {
  if (!status.empty() && status != "draft" && status != "submitted" && status != "approved" &&
      status != "rejected") {
    return InvalidArgument("must be draft, submitted, approved or rejected", "status");
  }
  ASTA_ASSIGN_OR_RETURN(auto lease, db_.Acquire());
  std::string sql = std::string(kRequestColumns) + "WHERE r.id > ?";
  std::vector<Value> params{after_id};
  if (!status.empty()) {
    sql += " AND r.status = ?";
    params.push_back(status);
  }
  if (provider_user_id > 0) {
    sql += " AND r.provider_user_id = ?";
    params.push_back(provider_user_id);
  }
  sql += " ORDER BY r.id LIMIT ?";
  params.push_back(static_cast<std::int64_t>(limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<TechRequest> out;
  for (const auto& r : rows.rows) {
    TechRequest t = RequestFromRow(r);
    ASTA_ASSIGN_OR_RETURN(t.recipient, LoadSubject(*lease, t.recipient.id));
    out.push_back(std::move(t));
  }
  return out;
}

Result<TechRequest> ComplianceService::DecideTechRequest(const audit::Actor& actor, std::int64_t id,
                                                         const TechDecision& d) {
  if (d.status != "approved" && d.status != "rejected") {
    return InvalidArgument("must be \"approved\" or \"rejected\"", "status");
  }
  ASTA_ASSIGN_OR_RETURN(std::string category, ValidateText(d.category_code, "category_code", 32));
  std::optional<std::string> licence, conditions, expires, reason;
  if (d.licence_number) {
    ASTA_ASSIGN_OR_RETURN(licence, ValidateText(*d.licence_number, "licence_number", 100));
  }
  if (d.conditions) {
    ASTA_ASSIGN_OR_RETURN(conditions, ValidateText(*d.conditions, "conditions", 4000));
  }
  if (d.expires_on) {
    ASTA_ASSIGN_OR_RETURN(expires, ValidateDate(*d.expires_on, "expires_on"));
  }
  if (d.reason) {
    ASTA_ASSIGN_OR_RETURN(reason, ValidateText(*d.reason, "reason", 2000));
  }
  // Bring the recipient's screening up to date first, so that a queued re-screen does not
  // block an approval that it would allow.
  {
    ASTA_ASSIGN_OR_RETURN(TechRequest current, GetTechRequest(id));
    ASTA_RETURN_IF_ERROR(ProcessSubjects({current.recipient.id}));
  }
  return db_.InWriteTransaction<TechRequest>([&](Connection& conn) -> Result<TechRequest> {
    ASTA_ASSIGN_OR_RETURN(TechRequest before, LoadTechRequest(conn, id));
    if (before.status != "submitted") {
      return FailedPrecondition("the request is already " + before.status);
    }
    if (category != "none") {
      ASTA_ASSIGN_OR_RETURN(
          auto known, conn.Query("SELECT code FROM control_categories WHERE code = ?", {category}));
      if (known.empty()) {
        return InvalidArgument("is neither a control category code nor \"none\"", "category_code");
      }
    }
    if (d.status == "approved") {
      if (category != "none" && !licence) {
        return InvalidArgument("is required to approve a controlled technology", "licence_number");
      }
      ASTA_ASSIGN_OR_RETURN(auto queued, conn.Query("SELECT subject_id FROM screening_queue "
                                                    "WHERE subject_id = ?",
                                                    {before.recipient.id}));
      if (!queued.empty() || !before.recipient.screened_at) {
        return FailedPrecondition(
            "the recipient has not been screened against the current lists yet");
      }
      int unresolved = 0;
      for (const auto& h : before.recipient_hits) {
        if (h.status == "open" || h.status == "true_match") ++unresolved;
      }
      if (unresolved > 0) {
        return FailedPrecondition("the recipient has " + std::to_string(unresolved) +
                                  " unresolved screening hit(s); a compliance officer must "
                                  "decide them as false positives before approval");
      }
    }
    std::string now = NowIso8601();
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE tech_requests SET status = ?, category_code = ?, licence_number = ?, "
        "conditions = ?, expires_on = ?, reason = ?, decided_by = ?, decided_by_user_id = ?, "
        "decided_at = ?, updated_at = ? WHERE id = ?",
        {d.status, category, OptValue(licence), OptValue(conditions), OptValue(expires),
         OptValue(reason), actor.name, actor.user_id ? Value(*actor.user_id) : Value(), now, now,
         id}));
    ASTA_ASSIGN_OR_RETURN(TechRequest after, LoadTechRequest(conn, id));
    ASTA_RETURN_IF_ERROR(audit::Append(conn, actor, "tech_request.decide", "tech_request",
                                       std::to_string(id), before.ToJson(false),
                                       after.ToJson(false)));
    return after;
  });
}

}  // namespace asta::compliance
