// Duplicates and merges of people and organisations (network.h, docs/network.md): the
// name engine proposes pairs, other evidence weighs them, and a merge folds one record
// into the other without losing anything.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "core/time.h"
#include "engines/names/names.h"
#include "modules/network/network.h"
#include "modules/network/rows.h"
#include "modules/network/validate.h"

namespace asta::network {

namespace {

using store::Connection;
using store::Value;

constexpr std::size_t kMaxPairs = 200;

template <class T>
void AppendUnique(std::vector<T>& into, const std::vector<T>& more) {
  for (const auto& v : more) {
    if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
  }
}

bool Intersect(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One piece of evidence about a pair: a code the UI translates, an English text, and a
// detail (the name score).
Json Reason(const std::string& code, const std::string& text, const std::string& detail = "") {
  Json r = {{"code", code}, {"text", text}};
  if (!detail.empty()) r["detail"] = detail;
  return r;
}

std::string Score2(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return buf;
}

Result<std::int64_t> LastSeq(Connection& conn) {
  ASTA_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT COALESCE(MAX(seq), 0) FROM network_changes"));
  return rows.rows.at(0).Int(0);
}

// Which value of a scalar both records fill is kept: the target's unless `prefer` says
// "from". Unknown fields and values are errors naming "prefer.FIELD".
Result<bool> PreferFrom(const MergePreferences& prefer, const std::string& field) {
  auto it = prefer.find(field);
  if (it == prefer.end() || it->second == "into") return false;
  if (it->second == "from") return true;
  return InvalidArgument("must be \"into\" or \"from\"", "prefer." + field);
}

Status CheckPreferenceFields(const MergePreferences& prefer, const std::set<std::string>& scalars) {
  for (const auto& [field, value] : prefer) {
    if (!scalars.count(field)) {
      return InvalidArgument("is not a field a merge chooses between", "prefer." + field);
    }
    if (value != "into" && value != "from") {
      return InvalidArgument("must be \"into\" or \"from\"", "prefer." + field);
    }
  }
  return Ok();
}

// Side by side: one entry per key of either JSON view.
Json CompareJson(const Json& a, const Json& b, const std::vector<std::string>& fields) {
  Json out = Json::array();
  for (const auto& f : fields) {
    Json va = a.contains(f) ? a[f] : Json();
    Json vb = b.contains(f) ? b[f] : Json();
    out.push_back({{"field", f}, {"a", va}, {"b", vb}, {"same", va == vb}});
  }
  return out;
}

const std::vector<std::string>& PersonScalars() {
  static const std::vector<std::string> v = {"name",         "latin_name", "orcid", "nationality",
                                             "career_stage", "bio_en",     "bio_ja"};
  return v;
}

const std::vector<std::string>& OrgScalars() {
  static const std::vector<std::string> v = {"display_name", "country",     "city",  "coordinates",
                                             "status",       "established", "region"};
  return v;
}

}  // namespace

Json DuplicatePair::ToJson() const {
  return {{"type", search::DocTypeName(type)},
          {"score", score},
          {"a", a},
          {"b", b},
          {"reasons", reasons}};
}

Result<std::shared_ptr<const NetworkService::NameIndex>> NetworkService::NamesOf(
    search::DocType type) {
  std::lock_guard<std::mutex> lock(names_mutex_);
  auto& cached = type == search::DocType::kPerson ? people_names_ : org_names_;
  return db_.InReadTransaction<std::shared_ptr<const NameIndex>>(
      [&](Connection& conn) -> Result<std::shared_ptr<const NameIndex>> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t seq, LastSeq(conn));
        if (cached && cached->seq == seq) return cached;
        names::Index::Builder builder;
        if (type == search::DocType::kPerson) {
          ASTA_ASSIGN_OR_RETURN(auto rows,
                                conn.Query("SELECT id, name, latin_name, other_names_json, "
                                           "nationality FROM people WHERE merged_into IS NULL "
                                           "ORDER BY id"));
          for (const auto& row : rows.rows) {
            const auto id = static_cast<std::uint32_t>(row.Int(0));
            builder.Add(id, row.Text(1), names::Kind::kPerson, row.Text(4));
            if (!row.Text(2).empty() && row.Text(2) != row.Text(1)) {
              builder.Add(id, row.Text(2), names::Kind::kPerson, row.Text(4));
            }
            Json others = Json::parse(row.Text(3), nullptr, false);
            if (others.is_array()) {
              for (const auto& n : others) {
                if (n.is_object() && n.contains("value") && n["value"].is_string()) {
                  builder.Add(id, n["value"].get<std::string>(), names::Kind::kPerson);
                }
              }
            }
          }
        } else {
          ASTA_ASSIGN_OR_RETURN(auto rows,
                                conn.Query("SELECT id, names_json, country FROM organizations "
                                           "WHERE merged_into IS NULL ORDER BY id"));
          for (const auto& row : rows.rows) {
            const auto id = static_cast<std::uint32_t>(row.Int(0));
            Json names = Json::parse(row.Text(1), nullptr, false);
            if (!names.is_array()) continue;
            for (const auto& n : names) {
              if (!n.is_object() || n.value("kind", "") == "acronym") continue;
              builder.Add(id, n.value("value", ""), names::Kind::kOrganization, row.Text(2));
            }
          }
        }
        auto built = std::make_shared<NameIndex>();
        built->seq = seq;
        built->index = builder.Build();
        cached = built;
        return std::shared_ptr<const NameIndex>(built);
      });
}

// ---------------------------------------------------------------------------------
// Finding duplicates.

Result<std::vector<DuplicatePair>> NetworkService::FindDuplicates(const DuplicateQuery& q) {
  if (q.limit < 1 || q.limit > kMaxPairs) return InvalidArgument("must be 1..200", "limit");
  ASTA_ASSIGN_OR_RETURN(auto names, NamesOf(q.type));
  const double threshold = names::DefaultThreshold();
  const std::set<std::string> wanted(q.countries.begin(), q.countries.end());
  auto in_scope = [&](const std::vector<std::string>& countries) {
    if (wanted.empty()) return true;
    for (const auto& c : countries) {
      if (wanted.count(c)) return true;
    }
    return false;
  };
  std::vector<DuplicatePair> pairs;

  if (q.type == search::DocType::kPerson) {
    ASTA_ASSIGN_OR_RETURN(auto people, AllPeople());
    std::unordered_map<std::int64_t, const Person*> by_id;
    for (const auto& p : people) by_id[p.id] = &p;
    std::map<std::pair<std::int64_t, std::int64_t>, double> best;
    auto note = [&](std::int64_t a, std::int64_t b, double score) {
      if (a == b) return;
      double& s = best[{std::min(a, b), std::max(a, b)}];
      s = std::max(s, score);
    };
    names::SearchOptions options;
    options.kind = names::Kind::kPerson;
    options.top_k = 8;
    options.min_score = threshold * 0.9;
    for (const auto& p : people) {
      if (!in_scope(p.Countries())) continue;
      std::vector<std::string> queries{p.record.name};
      if (!p.record.latin_name.empty() && p.record.latin_name != p.record.name) {
        queries.push_back(p.record.latin_name);
      }
      for (const auto& text : queries) {
        for (const auto& m : names->index->Search(text, options)) {
          note(p.id, static_cast<std::int64_t>(m.entity), m.score);
        }
      }
    }
    // A shared e-mail address is evidence enough to look, whatever the names.
    std::map<std::string, std::vector<std::int64_t>> by_email;
    for (const auto& p : people) {
      for (const auto& e : p.record.emails) by_email[Lower(e)].push_back(p.id);
    }
    for (const auto& [email, ids] : by_email) {
      for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
        for (std::size_t j = i + 1; j < ids.size(); ++j) {
          const Person& a = *by_id[ids[i]];
          const Person& b = *by_id[ids[j]];
          note(a.id, b.id, names::ScorePair(a.record.name, b.record.name, names::Kind::kPerson));
        }
      }
    }
    for (const auto& [key, name_score] : best) {
      auto ia = by_id.find(key.first);
      auto ib = by_id.find(key.second);
      if (ia == by_id.end() || ib == by_id.end()) continue;
      const Person& a = *ia->second;
      const Person& b = *ib->second;
      if (!in_scope(a.Countries()) || !in_scope(b.Countries())) continue;
      // What cannot be merged is not proposed.
      if (!a.record.orcid.empty() && !b.record.orcid.empty() && a.record.orcid != b.record.orcid) {
        continue;
      }
      if (a.user_id && b.user_id) continue;
      DuplicatePair pair;
      pair.type = q.type;
      double score = name_score;
      pair.reasons.push_back(Reason("names_alike", "names alike", Score2(name_score)));
      if (Intersect(a.record.emails, b.record.emails)) {
        score = std::max(score, 0.9) + 0.05;
        pair.reasons.push_back(Reason("same_email", "same e-mail address"));
      }
      if (!a.record.orcid.empty() && a.record.orcid == b.record.orcid) {
        score += 0.05;
        pair.reasons.push_back(Reason("same_orcid", "same ORCID iD"));
      }
      std::vector<std::int64_t> orgs_a, orgs_b;
      for (const auto& id : a.affiliation_org_ids) {
        if (id) orgs_a.push_back(*id);
      }
      for (const auto& id : b.affiliation_org_ids) {
        if (id) orgs_b.push_back(*id);
      }
      if (std::any_of(orgs_a.begin(), orgs_a.end(), [&](std::int64_t id) {
            return std::find(orgs_b.begin(), orgs_b.end(), id) != orgs_b.end();
          })) {
        score += 0.03;
        pair.reasons.push_back(Reason("shared_organization", "an organisation in common"));
      }
      const auto ca = a.Countries();
      const auto cb = b.Countries();
      if (!ca.empty() && !cb.empty()) {
        if (Intersect(ca, cb)) {
          pair.reasons.push_back(Reason("shared_country", "a country in common"));
        } else {
          score -= 0.05;
          pair.reasons.push_back(Reason("no_shared_country", "no country in common"));
        }
      }
      if (!a.record.nationality.empty() && !b.record.nationality.empty() &&
          a.record.nationality != b.record.nationality) {
        score -= 0.1;
        pair.reasons.push_back(Reason("different_nationalities", "different nationalities"));
      }
      score = std::clamp(score, 0.0, 1.0);
      if (score < threshold) continue;
      pair.score = score;
      auto summary = [](const Person& p) {
        return Json{{"id", p.id},
                    {"name", p.record.name},
                    {"latin_name", p.record.latin_name},
                    {"orcid", p.record.orcid.empty() ? Json() : Json(p.record.orcid)},
                    {"countries", p.Countries()},
                    {"version", p.version}};
      };
      pair.a = summary(a);
      pair.b = summary(b);
      pairs.push_back(std::move(pair));
    }
  } else {
    ASTA_ASSIGN_OR_RETURN(
        auto orgs, db_.InReadTransaction<std::vector<Organization>>(
                       [&](Connection& conn) -> Result<std::vector<Organization>> {
                         ASTA_ASSIGN_OR_RETURN(
                             auto rows, conn.Query("SELECT " + std::string(internal::kOrgColumns) +
                                                   " FROM organizations WHERE merged_into IS NULL "
                                                   "ORDER BY id"));
                         std::vector<Organization> out;
                         for (const auto& row : rows.rows) {
                           out.push_back(internal::OrgFromRow(row));
                         }
                         return out;
                       }));
    std::unordered_map<std::int64_t, const Organization*> by_id;
    for (const auto& o : orgs) by_id[o.id] = &o;
    std::map<std::pair<std::int64_t, std::int64_t>, double> best;
    names::SearchOptions options;
    options.kind = names::Kind::kOrganization;
    options.top_k = 8;
    options.min_score = threshold * 0.9;
    for (const auto& o : orgs) {
      // Two ROR records are two organisations (ROR deduplicates its registry), so only
      // records entered here are looked up.
      if (!o.record.ror.empty() || !in_scope({o.record.country})) continue;
      std::size_t asked = 0;
      for (const auto& n : o.record.names) {
        if (n.kind == "acronym" || ++asked > 6) continue;
        for (const auto& m : names->index->Search(n.value, options)) {
          if (m.entity == o.id) continue;
          const std::int64_t other_id = m.entity;
          double& s = best[{std::min(o.id, other_id), std::max(o.id, other_id)}];
          s = std::max(s, m.score);
        }
      }
    }
    for (const auto& [key, name_score] : best) {
      auto ia = by_id.find(key.first);
      auto ib = by_id.find(key.second);
      if (ia == by_id.end() || ib == by_id.end()) continue;
      const Organization& a = *ia->second;
      const Organization& b = *ib->second;
      if (a.record.country != b.record.country) continue;
      if (!in_scope({a.record.country})) continue;
      if (!a.record.ror.empty() && !b.record.ror.empty()) continue;
      DuplicatePair pair;
      pair.type = q.type;
      double score = name_score;
      pair.reasons.push_back(Reason("names_alike", "names alike", Score2(name_score)));
      pair.reasons.push_back(Reason("same_country", "same country"));
      if (Intersect(a.record.domains, b.record.domains)) {
        score += 0.05;
        pair.reasons.push_back(Reason("same_domain", "same web domain"));
      }
      if (!a.record.city.empty() && Lower(a.record.city) == Lower(b.record.city)) {
        score += 0.02;
        pair.reasons.push_back(Reason("same_city", "same city"));
      }
      if (Intersect(a.record.types, b.record.types)) {
        pair.reasons.push_back(Reason("same_type", "same type"));
      } else {
        score -= 0.05;
        pair.reasons.push_back(Reason("different_types", "different types"));
      }
      score = std::clamp(score, 0.0, 1.0);
      if (score < threshold) continue;
      pair.score = score;
      auto summary = [](const Organization& o) {
        return Json{{"id", o.id},
                    {"display_name", o.record.display_name},
                    {"ror", o.record.ror.empty() ? Json() : Json(o.record.ror)},
                    {"country", o.record.country},
                    {"city", o.record.city},
                    {"version", o.version}};
      };
      pair.a = summary(a);
      pair.b = summary(b);
      pairs.push_back(std::move(pair));
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.a["id"] != y.a["id"])
      return x.a["id"].get<std::int64_t>() < y.a["id"].get<std::int64_t>();
    return x.b["id"].get<std::int64_t>() < y.b["id"].get<std::int64_t>();
  });
  if (pairs.size() > q.limit) pairs.resize(q.limit);
  return pairs;
}

Result<Json> NetworkService::ComparePeople(std::int64_t a, std::int64_t b) {
  ASTA_ASSIGN_OR_RETURN(Person pa, GetPerson(a));
  ASTA_ASSIGN_OR_RETURN(Person pb, GetPerson(b));
  Json ja = pa.ToJson(true);
  Json jb = pb.ToJson(true);
  std::vector<std::string> fields = PersonScalars();
  for (const char* f :
       {"other_names", "emails", "residence_countries", "fields", "keywords", "themes",
        "affiliations", "japan_experience", "publications", "relations", "projects", "user_id"}) {
    fields.push_back(f);
  }
  return Json{{"type", "person"}, {"a", ja}, {"b", jb}, {"fields", CompareJson(ja, jb, fields)}};
}

Result<Json> NetworkService::CompareOrganizations(std::int64_t a, std::int64_t b) {
  ASTA_ASSIGN_OR_RETURN(Organization oa, GetOrganization(a));
  ASTA_ASSIGN_OR_RETURN(Organization ob, GetOrganization(b));
  Json ja = oa.ToJson();
  Json jb = ob.ToJson();
  for (Json* j : {&ja, &jb}) {
    (*j)["coordinates"] = (*j)["lat"].is_null() ? Json() : Json::array({(*j)["lat"], (*j)["lng"]});
  }
  std::vector<std::string> fields = OrgScalars();
  for (const char* f : {"ror", "names", "types", "domains", "links", "external_ids", "relations"}) {
    fields.push_back(f);
  }
  return Json{
      {"type", "organization"}, {"a", ja}, {"b", jb}, {"fields", CompareJson(ja, jb, fields)}};
}

// ---------------------------------------------------------------------------------
// Merging.

Result<Person> NetworkService::MergePeople(const audit::Actor& actor, std::int64_t into,
                                           std::int64_t from,
                                           std::optional<std::int64_t> expected_version,
                                           const MergePreferences& prefer) {
  if (into == from) return FailedPrecondition("a record cannot be merged into itself", "from");
  ASTA_RETURN_IF_ERROR(
      CheckPreferenceFields(prefer, {PersonScalars().begin(), PersonScalars().end()}));
  return db_.InWriteTransaction<Person>([&](Connection& conn) -> Result<Person> {
    ASTA_ASSIGN_OR_RETURN(Person target, LoadPerson(conn, into));
    auto loaded = LoadPerson(conn, from);
    if (!loaded) return InvalidArgument(loaded.error().message, "from");
    Person other = std::move(*loaded);
    if (expected_version && *expected_version != target.version) {
      return FailedPrecondition("the person was changed meanwhile (version " +
                                std::to_string(target.version) + "); reload and try again");
    }
    PersonRecord& t = target.record;
    const PersonRecord& o = other.record;
    if (!t.orcid.empty() && !o.orcid.empty() && t.orcid != o.orcid) {
      return FailedPrecondition("the two records have different ORCID iDs: not one person",
                                "orcid");
    }
    if (target.user_id && other.user_id) {
      return FailedPrecondition(
          "both records are the profiles of accounts; disable one account "
          "and detach its profile first",
          "user_id");
    }
    PersonRecord merged = t;
    // Scalars: the target's value stays unless it is empty or `prefer` says otherwise.
    auto pick = [&](std::string& mine, const std::string& theirs,
                    const std::string& field) -> Status {
      if (theirs.empty() || theirs == mine) return Ok();
      ASTA_ASSIGN_OR_RETURN(bool from_other, PreferFrom(prefer, field));
      if (mine.empty() || from_other) mine = theirs;
      return Ok();
    };
    ASTA_RETURN_IF_ERROR(pick(merged.name, o.name, "name"));
    ASTA_RETURN_IF_ERROR(pick(merged.latin_name, o.latin_name, "latin_name"));
    ASTA_RETURN_IF_ERROR(pick(merged.orcid, o.orcid, "orcid"));
    ASTA_RETURN_IF_ERROR(pick(merged.nationality, o.nationality, "nationality"));
    ASTA_RETURN_IF_ERROR(pick(merged.career_stage, o.career_stage, "career_stage"));
    ASTA_RETURN_IF_ERROR(pick(merged.bio_en, o.bio_en, "bio_en"));
    ASTA_RETURN_IF_ERROR(pick(merged.bio_ja, o.bio_ja, "bio_ja"));
    // Every name either record had stays a name of the person.
    std::vector<PersonName> names = merged.other_names;
    for (const std::string* n : std::initializer_list<const std::string*>{&t.name, &t.latin_name,
                                                                          &o.name, &o.latin_name}) {
      if (!n->empty()) names.push_back({*n, ""});
    }
    for (const auto& n : o.other_names) names.push_back(n);
    merged.other_names.clear();
    for (const auto& n : names) {
      if (n.value == merged.name || n.value == merged.latin_name) continue;
      bool seen = false;
      for (const auto& m : merged.other_names) seen = seen || m.value == n.value;
      if (!seen) merged.other_names.push_back(n);
    }
    AppendUnique(merged.emails, o.emails);
    AppendUnique(merged.residence_countries, o.residence_countries);
    if (!o.nationality.empty() && o.nationality != merged.nationality) {
      AppendUnique(merged.residence_countries, {o.nationality});
    }
    AppendUnique(merged.fields, o.fields);
    AppendUnique(merged.keywords, o.keywords);
    AppendUnique(merged.themes, o.themes);
    AppendUnique(merged.affiliations, o.affiliations);
    AppendUnique(merged.japan_experience, o.japan_experience);
    for (const auto& pub : o.publications) {
      bool same = std::any_of(merged.publications.begin(), merged.publications.end(),
                              [&](const Publication& p) {
                                return (!pub.doi.empty() && p.doi == pub.doi) ||
                                       (p.title == pub.title && p.year == pub.year);
                              });
      if (!same) merged.publications.push_back(pub);
    }
    // Supervision naming the other record now names this one; supervision between the
    // two records would be of one person by themselves, and goes.
    AppendUnique(merged.relations, o.relations);
    std::vector<PersonRelation> relations;
    for (PersonRelation r : merged.relations) {
      if (r.other_person_id == from) r.other_person_id = into;
      if (r.other_person_id == into) continue;
      if (std::find(relations.begin(), relations.end(), r) == relations.end()) {
        relations.push_back(std::move(r));
      }
    }
    merged.relations = std::move(relations);
    AppendUnique(merged.projects, o.projects);
    ASTA_RETURN_IF_ERROR(ValidatePersonRecord(merged, ""));

    const std::string now = NowIso8601();
    // The other record gives up what must stay unique before the target takes it.
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE people SET merged_into = ?, orcid = NULL, user_id = NULL, updated_at = ?, "
        "version = version + 1 WHERE id = ?",
        {into, now, from}));
    std::vector<Value> v = internal::PersonValues(merged);
    v.push_back(internal::OptId(target.user_id ? target.user_id : other.user_id));
    v.push_back(now);
    v.push_back(into);
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE people SET name = ?, latin_name = ?, other_names_json = ?, orcid = ?, "
        "emails_json = ?, nationality = ?, residence_json = ?, fields_json = ?, keywords_json = ?, "
        "themes_json = ?, career_stage = ?, bio_en = ?, bio_ja = ?, source_id = ?, user_id = ?, "
        "updated_at = ?, version = version + 1 WHERE id = ?",
        v));
    ASTA_RETURN_IF_ERROR(internal::WritePersonChildren(conn, into, merged));
    // Programme participations move, except where the target takes part already; those
    // stay with the hidden record (and in the audit entry).
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE programme_participants SET person_id = ? WHERE person_id = ? AND programme_id NOT "
        "IN (SELECT programme_id FROM programme_participants WHERE person_id = ?)",
        {into, from, into}));
    // Other people's supervision naming the hidden record moves to the target.
    ASTA_ASSIGN_OR_RETURN(auto naming, conn.Query("SELECT DISTINCT person_id FROM person_relations "
                                                  "WHERE other_person_id = ? AND person_id <> ?",
                                                  {from, into}));
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE person_relations SET other_person_id = ? WHERE other_person_id = ?", {into, from}));
    for (const auto& row : naming.rows) {
      ASTA_RETURN_IF_ERROR(internal::NoteChange(conn, "person", row.Int(0), now));
    }
    ASTA_RETURN_IF_ERROR(internal::NoteChange(conn, "person", into, now));
    ASTA_RETURN_IF_ERROR(internal::NoteChange(conn, "person", from, now));
    ASTA_RETURN_IF_ERROR(internal::NotePersonSubject(conn, into, merged));
    ASTA_ASSIGN_OR_RETURN(Person after, LoadPerson(conn, into));
    ASTA_RETURN_IF_ERROR(audit::Append(
        conn, actor, "person.merge", "person", std::to_string(into),
        Json{{"into", target.ToJson(true)}, {"from", other.ToJson(true)}}, after.ToJson(true)));
    return after;
  });
}

Result<Organization> NetworkService::MergeOrganizations(
    const audit::Actor& actor, std::int64_t into, std::int64_t from,
    std::optional<std::int64_t> expected_version, const MergePreferences& prefer) {
  if (into == from) return FailedPrecondition("a record cannot be merged into itself", "from");
  ASTA_RETURN_IF_ERROR(CheckPreferenceFields(prefer, {OrgScalars().begin(), OrgScalars().end()}));
  return db_.InWriteTransaction<Organization>([&](Connection& conn) -> Result<Organization> {
    ASTA_ASSIGN_OR_RETURN(Organization target, LoadOrganization(conn, into));
    auto loaded = LoadOrganization(conn, from);
    if (!loaded) return InvalidArgument(loaded.error().message, "from");
    Organization other = std::move(*loaded);
    if (expected_version && *expected_version != target.version) {
      return FailedPrecondition("the organisation was changed meanwhile (version " +
                                std::to_string(target.version) + "); reload and try again");
    }
    const OrgRecord& o = other.record;
    if (!target.record.ror.empty() && !o.ror.empty() && target.record.ror != o.ror) {
      return FailedPrecondition("the two records have different ROR ids: not one organisation",
                                "ror");
    }
    OrgRecord merged = target.record;
    std::string region = target.region;
    auto pick = [&](std::string& mine, const std::string& theirs,
                    const std::string& field) -> Status {
      if (theirs.empty() || theirs == mine) return Ok();
      ASTA_ASSIGN_OR_RETURN(bool from_other, PreferFrom(prefer, field));
      if (mine.empty() || from_other) mine = theirs;
      return Ok();
    };
    const std::string old_display = merged.display_name;
    ASTA_RETURN_IF_ERROR(pick(merged.display_name, o.display_name, "display_name"));
    ASTA_RETURN_IF_ERROR(pick(merged.country, o.country, "country"));
    ASTA_RETURN_IF_ERROR(pick(merged.city, o.city, "city"));
    ASTA_RETURN_IF_ERROR(pick(merged.status, o.status, "status"));
    ASTA_RETURN_IF_ERROR(pick(region, other.region, "region"));
    if (merged.ror.empty()) merged.ror = o.ror;
    if (o.lat && o.lng) {
      ASTA_ASSIGN_OR_RETURN(bool from_other, PreferFrom(prefer, "coordinates"));
      if (!merged.lat || from_other) {
        merged.lat = o.lat;
        merged.lng = o.lng;
      }
    }
    if (o.established) {
      ASTA_ASSIGN_OR_RETURN(bool from_other, PreferFrom(prefer, "established"));
      if (!merged.established || from_other) merged.established = o.established;
    }
    // Names: the display name first, then every other name of both, the display name
    // given up becoming an alias.
    std::vector<OrgName> names{{merged.display_name, "", "display"}};
    auto add_name = [&](OrgName n) {
      if (n.kind == "display") n.kind = "alias";
      for (const auto& m : names) {
        if (m.value == n.value) return;
      }
      names.push_back(std::move(n));
    };
    for (const auto& n : target.record.names) add_name(n);
    for (const auto& n : o.names) add_name(n);
    add_name({old_display, "", "alias"});
    add_name({o.display_name, "", "alias"});
    for (const auto& n : target.record.names) {
      if (n.value == merged.display_name && !n.lang.empty()) names[0].lang = n.lang;
    }
    merged.names = std::move(names);
    AppendUnique(merged.types, o.types);
    AppendUnique(merged.domains, o.domains);
    AppendUnique(merged.links, o.links);
    AppendUnique(merged.relations, o.relations);
    for (const auto& [k, v] : o.external_ids) merged.external_ids.emplace(k, v);
    ASTA_RETURN_IF_ERROR(ValidateOrgRecord(merged, ""));

    const std::string now = NowIso8601();
    ASTA_RETURN_IF_ERROR(conn.Execute(
        "UPDATE organizations SET merged_into = ?, ror = NULL, updated_at = ?, version = version "
        "+ 1 WHERE id = ?",
        {into, now, from}));
    ASTA_RETURN_IF_ERROR(internal::UpdateOrgRow(conn, into, merged, region, now));
    // Everything that named the other record now names the target; the people whose
    // affiliations or stays moved are re-indexed.
    ASTA_ASSIGN_OR_RETURN(auto people,
                          conn.Query("SELECT person_id FROM affiliations WHERE org_id = ? UNION "
                                     "SELECT person_id FROM japan_experience WHERE host_org_id = ?",
                                     {from, from}));
    for (const char* sql :
         {"UPDATE affiliations SET org_id = ? WHERE org_id = ?",
          "UPDATE japan_experience SET host_org_id = ? WHERE host_org_id = ?",
          "UPDATE exchange_programmes SET org_id = ? WHERE org_id = ?",
          "UPDATE programme_participants SET org_id = ? WHERE org_id = ?",
          "UPDATE cooperation_needs SET partner_org_id = ? WHERE partner_org_id = ?",
          "UPDATE cooperation_needs SET office_id = ? WHERE office_id = ?"}) {
      ASTA_RETURN_IF_ERROR(conn.Execute(sql, {into, from}));
    }
    for (const auto& row : people.rows) {
      ASTA_RETURN_IF_ERROR(internal::NoteChange(conn, "person", row.Int(0), now));
    }
    ASTA_RETURN_IF_ERROR(internal::NoteChange(conn, "organization", into, now));
    ASTA_RETURN_IF_ERROR(internal::NoteChange(conn, "organization", from, now));
    ASTA_RETURN_IF_ERROR(internal::NoteOrgSubject(conn, into, merged));
    ASTA_ASSIGN_OR_RETURN(Organization after, LoadOrganization(conn, into));
    ASTA_RETURN_IF_ERROR(
        audit::Append(conn, actor, "organization.merge", "organization", std::to_string(into),
                      Json{{"into", target.ToJson()}, {"from", other.ToJson()}}, after.ToJson()));
    return after;
  });
}

}  // namespace asta::network
