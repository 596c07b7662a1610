// Network views (network.h, docs/network.md): a person's collaboration graph and the
// maps of alumni, partner organisations and offices.
#include <algorithm>
#include <map>
#include <set>

#include "core/regions.h"
#include "engines/names/names.h"
#include "modules/network/network.h"
#include "modules/network/rows.h"

namespace asta::network {

namespace {

using store::Connection;
using store::Value;

constexpr std::size_t kMaxNeighbours = 100;
constexpr std::size_t kMaxPoints = 1000;
// A co-author name counts as a person here at this name score or above.
constexpr double kCoauthorScore = 0.9;

std::string NodeId(std::int64_t person) { return "person:" + std::to_string(person); }

std::string ExternalId(const std::string& name) {
  std::string key;
  for (unsigned char c : name) key += static_cast<char>(std::tolower(c));
  return "external:" + key;
}

struct Edge {
  std::set<std::string> kinds;
  std::set<std::string> via;
  int weight = 0;
};

}  // namespace

Result<Json> NetworkService::PersonGraph(std::int64_t id) {
  ASTA_ASSIGN_OR_RETURN(Person center, GetPerson(id));
  ASTA_ASSIGN_OR_RETURN(auto names, NamesOf(search::DocType::kPerson));
  std::map<std::pair<std::string, std::string>, Edge> edges;
  auto link = [&](const std::string& a, const std::string& b, const std::string& kind,
                  const std::string& via) {
    if (a == b) return;
    Edge& e = edges[{std::min(a, b), std::max(a, b)}];
    e.kinds.insert(kind);
    if (!via.empty() && e.via.size() < 5) e.via.insert(via);
    ++e.weight;
  };
  std::set<std::int64_t> neighbours;
  std::map<std::string, std::string> externals;  // node id -> name as written

  // Co-authors named in the person's publications: a person here when the name engine
  // is sure, else an external node.
  names::SearchOptions options;
  options.kind = names::Kind::kPerson;
  options.top_k = 1;
  options.min_score = kCoauthorScore;
  for (const auto& pub : center.record.publications) {
    for (const auto& coauthor : pub.coauthors) {
      auto found = names->index->Search(coauthor, options);
      if (!found.empty() && static_cast<std::int64_t>(found[0].entity) != id) {
        const std::int64_t other = found[0].entity;
        if (neighbours.size() < kMaxNeighbours) neighbours.insert(other);
        if (neighbours.count(other)) link(NodeId(id), NodeId(other), "coauthor", pub.title);
      } else if (found.empty() && externals.size() < kMaxNeighbours) {
        const std::string node = ExternalId(coauthor);
        externals.emplace(node, coauthor);
        link(NodeId(id), node, "coauthor", pub.title);
      }
    }
  }

  ASTA_ASSIGN_OR_RETURN(
      Json nodes, db_.InReadTransaction<Json>([&](Connection& conn) -> Result<Json> {
        // Publications with the same DOI, and the same exchange programme.
        ASTA_ASSIGN_OR_RETURN(
            auto shared_doi,
            conn.Query("SELECT DISTINCT b.person_id, b.title FROM publications a JOIN "
                       "publications b ON b.doi = a.doi AND b.person_id <> a.person_id JOIN "
                       "people p ON p.id = b.person_id WHERE a.person_id = ? AND a.doi <> '' AND "
                       "p.merged_into IS NULL ORDER BY b.person_id",
                       {id}));
        for (const auto& row : shared_doi.rows) {
          if (neighbours.size() < kMaxNeighbours) neighbours.insert(row.Int(0));
          if (neighbours.count(row.Int(0))) {
            link(NodeId(id), NodeId(row.Int(0)), "coauthor", row.Text(1));
          }
        }
        ASTA_ASSIGN_OR_RETURN(
            auto shared_programme,
            conn.Query("SELECT DISTINCT b.person_id, e.name FROM programme_participants a JOIN "
                       "programme_participants b ON b.programme_id = a.programme_id AND "
                       "b.person_id <> a.person_id JOIN exchange_programmes e ON e.id = "
                       "a.programme_id WHERE a.person_id = ? ORDER BY b.person_id",
                       {id}));
        for (const auto& row : shared_programme.rows) {
          if (neighbours.size() < kMaxNeighbours) neighbours.insert(row.Int(0));
          if (neighbours.count(row.Int(0))) {
            link(NodeId(id), NodeId(row.Int(0)), "programme", row.Text(1));
          }
        }
        // Links among the neighbours, by the same two rules.
        std::vector<std::int64_t> ids(neighbours.begin(), neighbours.end());
        if (!ids.empty()) {
          std::vector<Value> params;
          for (auto n : ids) params.push_back(n);
          for (auto n : ids) params.push_back(n);
          const std::string in = "(" + internal::Placeholders(ids.size()) + ")";
          ASTA_ASSIGN_OR_RETURN(
              auto among_doi,
              conn.Query("SELECT DISTINCT a.person_id, b.person_id, a.title FROM publications a "
                         "JOIN publications b ON b.doi = a.doi AND b.person_id > a.person_id "
                         "WHERE a.doi <> '' AND a.person_id IN " +
                             in + " AND b.person_id IN " + in,
                         params));
          for (const auto& row : among_doi.rows) {
            link(NodeId(row.Int(0)), NodeId(row.Int(1)), "coauthor", row.Text(2));
          }
          ASTA_ASSIGN_OR_RETURN(
              auto among_programme,
              conn.Query("SELECT DISTINCT a.person_id, b.person_id, e.name FROM "
                         "programme_participants a JOIN programme_participants b ON "
                         "b.programme_id = a.programme_id AND b.person_id > a.person_id JOIN "
                         "exchange_programmes e ON e.id = a.programme_id WHERE a.person_id IN " +
                             in + " AND b.person_id IN " + in,
                         params));
          for (const auto& row : among_programme.rows) {
            link(NodeId(row.Int(0)), NodeId(row.Int(1)), "programme", row.Text(2));
          }
        }
        Json out = Json::array();
        auto country_of = [](const std::string& nationality, const std::string& residence) {
          if (!nationality.empty()) return nationality;
          auto list = internal::StringsFromJson(residence);
          return list.empty() ? std::string() : list[0];
        };
        out.push_back({{"id", NodeId(id)},
                       {"person_id", id},
                       {"name", center.record.name},
                       {"latin_name", center.record.latin_name},
                       {"country", center.record.nationality.empty() &&
                                           !center.record.residence_countries.empty()
                                       ? center.record.residence_countries[0]
                                       : center.record.nationality},
                       {"center", true},
                       {"external", false}});
        if (!ids.empty()) {
          std::vector<Value> params(ids.begin(), ids.end());
          ASTA_ASSIGN_OR_RETURN(
              auto rows, conn.Query("SELECT id, name, latin_name, nationality, residence_json "
                                    "FROM people WHERE id IN (" +
                                        internal::Placeholders(ids.size()) + ") ORDER BY id",
                                    params));
          for (const auto& row : rows.rows) {
            out.push_back({{"id", NodeId(row.Int(0))},
                           {"person_id", row.Int(0)},
                           {"name", row.Text(1)},
                           {"latin_name", row.Text(2)},
                           {"country", country_of(row.Text(3), row.Text(4))},
                           {"center", false},
                           {"external", false}});
          }
        }
        for (const auto& [node, name] : externals) {
          out.push_back({{"id", node},
                         {"person_id", Json()},
                         {"name", name},
                         {"latin_name", name},
                         {"country", ""},
                         {"center", false},
                         {"external", true}});
        }
        return out;
      }));
  Json edge_list = Json::array();
  for (const auto& [ends, e] : edges) {
    edge_list.push_back({{"source", ends.first},
                         {"target", ends.second},
                         {"kinds", std::vector<std::string>(e.kinds.begin(), e.kinds.end())},
                         {"weight", e.weight},
                         {"via", std::vector<std::string>(e.via.begin(), e.via.end())}});
  }
  return Json{{"nodes", nodes}, {"edges", edge_list}};
}

Result<Json> NetworkService::Map(const std::string& layer, const std::string& region) {
  if (layer != "alumni" && layer != "partners" && layer != "offices") {
    return InvalidArgument("must be alumni, partners or offices", "layer");
  }
  std::set<std::string> wanted;
  if (!region.empty()) {
    ASTA_ASSIGN_OR_RETURN(std::string r, NormalizeRegion(region));
    for (const auto& c : CountriesOfRegion(r)) wanted.insert(c);
  }
  auto in_scope = [&](const std::string& country) {
    return !country.empty() && (wanted.empty() || wanted.count(country));
  };
  return db_.InReadTransaction<Json>([&](Connection& conn) -> Result<Json> {
    std::map<std::string, std::int64_t> by_country;
    struct Point {
      std::int64_t org_id;
      std::string name, country;
      double lat, lng;
      std::int64_t count;
    };
    std::vector<Point> points;
    if (layer == "alumni") {
      // People with Japan experience, by nationality (else their first country of
      // residence); points: the organisations they are affiliated with now.
      ASTA_ASSIGN_OR_RETURN(
          auto people,
          conn.Query("SELECT p.id, p.nationality, p.residence_json FROM people p WHERE "
                     "p.merged_into IS NULL AND EXISTS (SELECT 1 FROM japan_experience j WHERE "
                     "j.person_id = p.id)"));
      for (const auto& row : people.rows) {
        std::string country = row.Text(1);
        if (country.empty()) {
          auto residence = internal::StringsFromJson(row.Text(2));
          if (!residence.empty()) country = residence[0];
        }
        if (in_scope(country)) ++by_country[country];
      }
      ASTA_ASSIGN_OR_RETURN(
          auto orgs,
          conn.Query("SELECT o.id, o.display_name, o.country, o.lat, o.lng, COUNT(DISTINCT "
                     "a.person_id) FROM affiliations a JOIN organizations o ON o.id = a.org_id "
                     "JOIN people p ON p.id = a.person_id WHERE a.end_date = '' AND "
                     "p.merged_into IS NULL AND o.lat IS NOT NULL AND EXISTS (SELECT 1 FROM "
                     "japan_experience j WHERE j.person_id = a.person_id) GROUP BY o.id, "
                     "o.display_name, o.country, o.lat, o.lng"));
      for (const auto& row : orgs.rows) {
        if (!in_scope(row.Text(2))) continue;
        points.push_back(
            {row.Int(0), row.Text(1), row.Text(2), row.Double(3), row.Double(4), row.Int(5)});
      }
    } else if (layer == "partners") {
      // Organisations outside Japan linked to the network, weighted by the people
      // affiliated with them.
      ASTA_ASSIGN_OR_RETURN(
          auto orgs,
          conn.Query(
              "SELECT o.id, o.display_name, o.country, o.lat, o.lng, (SELECT COUNT(DISTINCT "
              "a.person_id) FROM affiliations a WHERE a.org_id = o.id) FROM organizations o "
              "WHERE o.merged_into IS NULL AND o.country <> 'JP' AND (EXISTS (SELECT 1 FROM "
              "affiliations a WHERE a.org_id = o.id) OR EXISTS (SELECT 1 FROM exchange_programmes "
              "e WHERE e.org_id = o.id) OR EXISTS (SELECT 1 FROM cooperation_needs n WHERE "
              "n.partner_org_id = o.id)) AND o.types_json NOT LIKE '%\"overseas_office\"%'"));
      for (const auto& row : orgs.rows) {
        if (!in_scope(row.Text(2))) continue;
        ++by_country[row.Text(2)];
        if (row.IsNull(3) || row.IsNull(4)) continue;
        points.push_back({row.Int(0), row.Text(1), row.Text(2), row.Double(3), row.Double(4),
                          std::max<std::int64_t>(1, row.Int(5))});
      }
    } else {
      ASTA_ASSIGN_OR_RETURN(auto orgs,
                            conn.Query("SELECT id, display_name, country, lat, lng FROM "
                                       "organizations WHERE merged_into IS NULL AND types_json "
                                       "LIKE '%\"overseas_office\"%'"));
      for (const auto& row : orgs.rows) {
        if (!in_scope(row.Text(2))) continue;
        ++by_country[row.Text(2)];
        if (row.IsNull(3) || row.IsNull(4)) continue;
        points.push_back({row.Int(0), row.Text(1), row.Text(2), row.Double(3), row.Double(4), 1});
      }
    }
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
      if (a.count != b.count) return a.count > b.count;
      return a.org_id < b.org_id;
    });
    if (points.size() > kMaxPoints) points.resize(kMaxPoints);
    Json countries = Json::array();
    std::vector<std::pair<std::string, std::int64_t>> sorted(by_country.begin(), by_country.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [country, count] : sorted) {
      countries.push_back({{"country", country}, {"count", count}});
    }
    Json point_list = Json::array();
    for (const auto& p : points) {
      point_list.push_back({{"org_id", p.org_id},
                            {"name", p.name},
                            {"country", p.country},
                            {"lat", p.lat},
                            {"lng", p.lng},
                            {"count", p.count}});
    }
    return Json{
        {"layer", layer}, {"region", region}, {"countries", countries}, {"points", point_list}};
  });
}

}  // namespace asta::network
