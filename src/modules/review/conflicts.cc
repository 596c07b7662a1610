#include "modules/review/conflicts.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/text.h"
#include "engines/names/names.h"

namespace asta::review {
namespace {

int YearOf(const std::string& partial_date) {
  if (partial_date.size() < 4) return 0;
  int y = 0;
  for (int i = 0; i < 4; ++i) {
    if (partial_date[i] < '0' || partial_date[i] > '9') return 0;
    y = y * 10 + (partial_date[i] - '0');
  }
  return y;
}

// "2018–present", "2015–2021", "until 2021".
std::string Period(const PersonFacts::Affiliation& a, bool ja) {
  const std::string from = a.start.size() >= 4 ? a.start.substr(0, 4) : "";
  const std::string to = a.end.empty() ? (ja ? "現在" : "present") : a.end.substr(0, 4);
  if (ja) return (from.empty() ? "" : from + "年") + "〜" + to + (a.end.empty() ? "" : "年");
  return from.empty() ? (a.end.empty() ? "current" : "until " + to) : from + "–" + to;
}

bool InWindow(const PersonFacts::Affiliation& a, int years, int now_year) {
  if (a.end.empty()) return true;
  const int end = YearOf(a.end);
  return end > 0 && end >= now_year - years;
}

bool SameOrganization(const PersonFacts::Affiliation& a, const PersonFacts::Affiliation& b) {
  if (a.org_id && b.org_id) return *a.org_id == *b.org_id;
  if (a.org_name.empty() || b.org_name.empty()) return false;
  if (AsciiLower(a.org_name) == AsciiLower(b.org_name)) return true;
  return names::ScorePair(a.org_name, b.org_name, names::Kind::kOrganization) >=
         names::DefaultThreshold();
}

bool SharesEmail(const PersonFacts& a, const PersonFacts& b, std::string* which) {
  for (const auto& x : a.emails) {
    for (const auto& y : b.emails) {
      if (!x.empty() && AsciiLower(x) == AsciiLower(y)) {
        if (which) *which = x;
        return true;
      }
    }
  }
  return false;
}

bool CountriesCompatible(const PersonFacts& a, const PersonFacts& b) {
  if (a.countries.empty() || b.countries.empty()) return true;
  for (const auto& x : a.countries) {
    if (std::find(b.countries.begin(), b.countries.end(), x) != b.countries.end()) return true;
  }
  return false;
}

double BestScore(const PersonFacts& a, const PersonFacts& b) {
  double best = 0;
  for (const auto& n : b.names) best = std::max(best, BestNameScore(a.names, n));
  return best;
}

std::string Score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", s);
  return buf;
}

std::string MemberLabel(const TeamMember& m) {
  if (m.role == "applicant") return "the applicant " + m.person.name;
  return "team member " + m.person.name + " (" + m.role + ")";
}
std::string MemberLabelJa(const TeamMember& m) {
  if (m.role == "applicant") return "申請者 " + m.person.name;
  return "チームメンバー " + m.person.name + "（" + m.role + "）";
}

// How the reviewer is tied to a member directly: "" when not at all.
std::string DirectTie(const PersonFacts& reviewer, const PersonFacts& member, bool ja) {
  if (reviewer.person_id && member.person_id && *reviewer.person_id == *member.person_id) {
    return ja ? "同じネットワーク記録" : "the same network record";
  }
  if (reviewer.user_id && member.user_id && *reviewer.user_id == *member.user_id) {
    return ja ? "同じアカウント" : "the same account";
  }
  return "";
}

// "2015–2019", "since 2015", "until 2019", "" (and in Japanese "2015〜2019年"…).
std::string Years(const std::optional<int>& from, const std::optional<int>& to, bool ja) {
  if (!from && !to) return "";
  if (ja) {
    return (from ? std::to_string(*from) + "年" : "") + "〜" +
           (to ? std::to_string(*to) + "年" : "");
  }
  if (from && to) return std::to_string(*from) + "–" + std::to_string(*to);
  return from ? "since " + std::to_string(*from) : "until " + std::to_string(*to);
}

// How a relation on one person's record names `other`, or nothing: by network record,
// else by e-mail, else by name (the name engine). Two different network records are two
// people unless an e-mail ties them.
struct RelationMatch {
  bool found = false;
  std::string how, how_ja;
};
RelationMatch RelationNames(const PersonFacts::Relation& r, const PersonFacts& other) {
  const bool both_ids = r.person_id && other.person_id;
  if (both_ids && *r.person_id == *other.person_id) {
    const std::string id = std::to_string(*r.person_id);
    return {true, "network record " + id, "ネットワーク記録 " + id};
  }
  if (!r.email.empty()) {
    for (const auto& e : other.emails) {
      if (AsciiLower(e) == AsciiLower(r.email)) {
        return {true, "e-mail " + r.email, "メールアドレス " + r.email};
      }
    }
  }
  if (both_ids || r.name.empty()) return {};
  const double s = BestNameScore(other.names, r.name);
  if (s < names::DefaultThreshold()) return {};
  return {true, "name " + r.name + ", score " + Score(s),
          "名前 " + r.name + "、スコア " + Score(s)};
}

// Supervision counts when it goes on, has no end year, or ended within `years`.
bool RelationInWindow(const PersonFacts::Relation& r, const std::optional<int>& years,
                      int now_year) {
  return !years || !r.end_year || *r.end_year >= now_year - *years;
}

// A project's name or identifier for comparison: NFKC, case-folded, without spaces and
// ASCII punctuation ("JP 20H-00001" and "jp20h00001" are one identifier).
std::string ProjectKey(const std::string& text) {
  if (Trim(text).empty()) return "";
  const std::string folded = names::Analyzer::Default().Analyze(text).normalized;
  std::string out;
  for (unsigned char c : folded) {
    if (c < 0x80 && !std::isalnum(c)) continue;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

bool SameProjectAs(const PersonFacts::Project& a, const PersonFacts::Project& b) {
  if (!a.identifier.empty() && !b.identifier.empty()) {
    return ProjectKey(a.identifier) == ProjectKey(b.identifier);
  }
  const std::string key = ProjectKey(a.name);
  return !key.empty() && key == ProjectKey(b.name);
}

// Whether two people's times on a project overlap, the overlap ending within `years`;
// a missing start is open, a missing end is now (still going on).
bool ProjectTimesMeet(const PersonFacts::Project& a, const PersonFacts::Project& b,
                      const std::optional<int>& years, int now_year) {
  const int start = std::max(a.start_year.value_or(0), b.start_year.value_or(0));
  const int end = std::min(a.end_year.value_or(now_year), b.end_year.value_or(now_year));
  if (start > end) return false;
  return !years || end >= now_year - *years;
}

std::string ProjectLabel(const PersonFacts::Project& p, bool ja) {
  std::string out = ja ? "「" + p.name + "」" : "“" + p.name + "”";
  if (!p.identifier.empty()) out += ja ? "（" + p.identifier + "）" : " (" + p.identifier + ")";
  return out;
}

}  // namespace

Json CoiPolicy::ToJson() const {
  return Json{{"org_years", org_years ? Json(*org_years) : Json()},
              {"coauthor_years", coauthor_years ? Json(*coauthor_years) : Json()},
              {"co_proposers", co_proposers},
              {"advisor", advisor},
              {"advisor_years", advisor_years ? Json(*advisor_years) : Json()},
              {"same_project", same_project},
              {"project_years", project_years ? Json(*project_years) : Json()},
              {"same_person", same_person}};
}

namespace {

// A person's name prepared for scoring, from a process-wide memo: the same names (the
// reviewers', the teams') are scored again and again, for every pair of a call. Bounded:
// emptied when full. The name engine's work happens outside the lock.
names::PreparedName PreparedPerson(const std::string& name) {
  static std::mutex mu;
  static std::unordered_map<std::string, names::PreparedName> memo;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = memo.find(name);
    if (it != memo.end()) return it->second;
  }
  names::PreparedName prepared(name, names::Kind::kPerson);
  std::lock_guard<std::mutex> lock(mu);
  if (memo.size() >= 100000) memo.clear();
  memo.emplace(name, prepared);
  return prepared;
}

}  // namespace

double BestNameScore(const std::vector<std::string>& names, const std::string& name) {
  double best = 0;
  if (Trim(name).empty()) return 0;
  std::optional<names::PreparedName> other;
  for (const auto& n : names) {
    if (Trim(n).empty()) continue;
    if (AsciiLower(n) == AsciiLower(name)) return 1.0;
    if (!other) other = PreparedPerson(name);
    best = std::max(best, names::ScorePair(PreparedPerson(n), *other));
  }
  return best;
}

bool SamePerson(const PersonFacts& a, const PersonFacts& b, double* score) {
  if (score) *score = 0;
  if (!DirectTie(a, b, false).empty()) {
    if (score) *score = 1;
    return true;
  }
  if (SharesEmail(a, b, nullptr)) {
    if (score) *score = 1;
    return true;
  }
  // Two different network records are two people unless an e-mail ties them.
  if (a.person_id && b.person_id && *a.person_id != *b.person_id) return false;
  const double s = BestScore(a, b);
  if (score) *score = s;
  return s >= names::DefaultThreshold() && CountriesCompatible(a, b);
}

bool OnProposal(const PersonFacts& reviewer, const ProposalFacts& q) {
  if (reviewer.user_id && *reviewer.user_id == q.owner_user_id) return true;
  for (const TeamMember& m : q.people) {
    if (SamePerson(reviewer, m.person)) return true;
  }
  return false;
}

std::vector<DetectedConflict> DetectConflicts(const PersonFacts& reviewer,
                                              const ProposalFacts& proposal,
                                              const std::vector<ProposalFacts>& others,
                                              const CoiPolicy& policy, int now_year) {
  std::vector<DetectedConflict> out;
  const std::string who = "Reviewer " + reviewer.name;
  const std::string who_ja = "審査員 " + reviewer.name;
  const double threshold = names::DefaultThreshold();

  // Co-proposer on this proposal, or the same person under another record.
  if (policy.co_proposers || policy.same_person) {
    bool found_co = false, found_same = false;
    if (policy.co_proposers && reviewer.user_id && *reviewer.user_id == proposal.owner_user_id) {
      out.push_back({"co_proposer", who + " is the applicant of this proposal.",
                     who_ja + " はこの提案の申請者です。"});
      found_co = true;
    }
    for (const TeamMember& m : proposal.people) {
      if (found_co && found_same) break;
      const std::string tie = DirectTie(reviewer, m.person, false);
      std::string email;
      const bool by_email = SharesEmail(reviewer, m.person, &email);
      const double name_score = BestScore(reviewer, m.person);
      const bool by_name = name_score >= threshold && CountriesCompatible(reviewer, m.person);
      const bool other_record =
          m.person.person_id && (!reviewer.person_id || *m.person.person_id != *reviewer.person_id);
      if (tie.empty() && other_record && (by_email || by_name)) {
        if (policy.same_person && !found_same) {
          const std::string how = by_email
                                      ? "the same e-mail " + email
                                      : "names scored " + Score(name_score) + " by the name engine";
          const std::string how_ja =
              by_email ? "同じメールアドレス " + email : "名前照合スコア " + Score(name_score);
          out.push_back({"same_person",
                         who + " appears to be " + MemberLabel(m) +
                             ", recorded as network person " + std::to_string(*m.person.person_id) +
                             " (" + how + ").",
                         who_ja + " は " + MemberLabelJa(m) + "（ネットワーク記録 " +
                             std::to_string(*m.person.person_id) + "）と同一人物と思われます（" +
                             how_ja + "）。"});
          found_same = true;
        }
        continue;
      }
      if (!tie.empty() || by_email || by_name) {
        if (policy.co_proposers && !found_co && m.role != "applicant") {
          const std::string how = !tie.empty() ? tie
                                  : by_email   ? "e-mail " + email
                                               : "name score " + Score(name_score);
          const std::string how_ja = !tie.empty() ? DirectTie(reviewer, m.person, true)
                                     : by_email   ? "メールアドレス " + email
                                                  : "名前照合スコア " + Score(name_score);
          out.push_back(
              {"co_proposer",
               who + " is on this proposal's team as " + MemberLabel(m) + " (" + how + ").",
               who_ja + " はこの提案のチームに " + MemberLabelJa(m) + " として含まれています（" +
                   how_ja + "）。"});
          found_co = true;
        }
      }
    }
    // On another proposal of the same call together with one of this proposal's people.
    if (policy.co_proposers && !found_co) {
      for (const ProposalFacts& q : others) {
        if (q.id == proposal.id || found_co) continue;
        if (!OnProposal(reviewer, q)) continue;
        for (const TeamMember& qm : q.people) {
          if (found_co) break;
          if (SamePerson(reviewer, qm.person)) continue;
          for (const TeamMember& m : proposal.people) {
            if (!SamePerson(qm.person, m.person)) continue;
            out.push_back({"co_proposer",
                           who + " is on proposal " + std::to_string(q.id) + " ‘" + q.title +
                               "’ of the same call together with " + MemberLabel(m) + ".",
                           who_ja + " は同じ公募の提案 " + std::to_string(q.id) + "「" + q.title +
                               "」に " + MemberLabelJa(m) + " と共に参加しています。"});
            found_co = true;
            break;
          }
        }
      }
    }
  }

  // Same organisation, now or within org_years.
  if (policy.org_years) {
    const int years = *policy.org_years;
    bool found = false;
    for (const auto& ra : reviewer.affiliations) {
      if (found || !InWindow(ra, years, now_year)) continue;
      for (const TeamMember& m : proposal.people) {
        if (found) break;
        // The reviewer on the team is a co-proposer, not a colleague of themselves.
        if (SamePerson(reviewer, m.person)) continue;
        std::vector<PersonFacts::Affiliation> theirs;
        if (!m.organization.empty()) theirs.push_back({std::nullopt, m.organization, "", ""});
        for (const auto& a : m.person.affiliations) {
          if (InWindow(a, years, now_year)) theirs.push_back(a);
        }
        for (const auto& ma : theirs) {
          if (!SameOrganization(ra, ma)) continue;
          const std::string policy_en =
              years == 0 ? "current affiliations" : "within " + std::to_string(years) + " years";
          const std::string policy_ja =
              years == 0 ? "現在の所属" : std::to_string(years) + "年以内";
          out.push_back({"same_organization",
                         who + " is affiliated with " + ra.org_name + " (" + Period(ra, false) +
                             ") and " + MemberLabel(m) + " is at " + ma.org_name + " (" +
                             Period(ma, false) + "); the call's policy counts " + policy_en + ".",
                         who_ja + " は " + ra.org_name + " に所属（" + Period(ra, true) + "）し、" +
                             MemberLabelJa(m) + " も " + ma.org_name + " に所属しています（" +
                             Period(ma, true) + "）。公募の方針：" + policy_ja + "。"});
          found = true;
          break;
        }
      }
    }
  }

  // Co-authorship within coauthor_years.
  if (policy.coauthor_years) {
    const int since = now_year - *policy.coauthor_years;
    auto recent = [&](const PersonFacts::Publication& p) { return p.year && *p.year >= since; };
    auto year_text = [](const PersonFacts::Publication& p) {
      return p.year ? std::to_string(*p.year) : std::string("?");
    };
    bool found = false;
    for (const TeamMember& m : proposal.people) {
      if (found) break;
      if (SamePerson(reviewer, m.person)) continue;
      for (const auto& p : reviewer.publications) {
        if (found || !recent(p)) continue;
        for (const auto& c : p.coauthors) {
          double s = 0;
          for (const auto& n : m.person.names) s = std::max(s, BestNameScore({n}, c));
          if (s < threshold) continue;
          out.push_back({"coauthorship",
                         who + " co-authored “" + p.title + "” (" + year_text(p) + ") with " +
                             MemberLabel(m) + " (listed as " + c + ").",
                         who_ja + " は " + MemberLabelJa(m) + " と論文「" + p.title + "」（" +
                             year_text(p) + "年）の共著者です（共著者名：" + c + "）。"});
          found = true;
          break;
        }
      }
      for (const auto& p : m.person.publications) {
        if (found || !recent(p)) continue;
        bool hit = false;
        std::string via;
        for (const auto& c : p.coauthors) {
          if (BestNameScore(reviewer.names, c) >= threshold) {
            hit = true;
            via = c;
            break;
          }
        }
        if (!hit && !p.doi.empty()) {
          for (const auto& rp : reviewer.publications) {
            if (AsciiLower(rp.doi) == AsciiLower(p.doi)) {
              hit = true;
              via = "DOI " + p.doi;
              break;
            }
          }
        }
        if (!hit) continue;
        out.push_back({"coauthorship",
                       who + " co-authored “" + p.title + "” (" + year_text(p) + ") with " +
                           MemberLabel(m) + " (" + via + ").",
                       who_ja + " は " + MemberLabelJa(m) + " と論文「" + p.title + "」（" +
                           year_text(p) + "年）の共著者です（" + via + "）。"});
        found = true;
      }
    }
  }

  // Advisor or advisee: supervision recorded on either side.
  if (policy.advisor) {
    const std::string window_en = policy.advisor_years
                                      ? "; the call's policy counts supervision within " +
                                            std::to_string(*policy.advisor_years) + " years"
                                      : "";
    const std::string window_ja =
        policy.advisor_years
            ? "公募の方針：" + std::to_string(*policy.advisor_years) + "年以内の指導関係。"
            : "";
    auto detail = [](const PersonFacts::Relation& r, bool ja) {
      std::vector<std::string> parts;
      if (!r.level.empty()) {
        parts.push_back(ja ? (r.level == "doctoral" ? "博士課程" : "ポスドク") : r.level);
      }
      if (auto y = Years(r.start_year, r.end_year, ja); !y.empty()) parts.push_back(y);
      std::string out;
      for (const auto& p : parts) out += (out.empty() ? "" : (ja ? "、" : ", ")) + p;
      return out;
    };
    bool found = false;
    for (const TeamMember& m : proposal.people) {
      if (found) break;
      if (SamePerson(reviewer, m.person)) continue;
      // (relation, whose record, reviewer supervised the member?)
      auto report = [&](const PersonFacts::Relation& r, const RelationMatch& match,
                        bool on_reviewer, bool reviewer_supervised) {
        const std::string d = detail(r, false), d_ja = detail(r, true);
        const std::string where =
            on_reviewer
                ? "the reviewer's network record"
                : (m.role == "applicant" ? "the applicant's record" : "the team member's record");
        const std::string where_ja =
            on_reviewer ? "審査員のネットワーク記録"
                        : (m.role == "applicant" ? "申請者の記録" : "チームメンバーの記録");
        std::string en = who + (reviewer_supervised ? " supervised " : " was supervised by ") +
                         MemberLabel(m) + (d.empty() ? "" : " (" + d + ")") + "; recorded on " +
                         where + ", matched by " + match.how + window_en + ".";
        std::string ja = who_ja + " は " + MemberLabelJa(m) +
                         (reviewer_supervised ? " を指導しました" : " の指導を受けました") +
                         (d_ja.empty() ? "" : "（" + d_ja + "）") + "。記録：" + where_ja +
                         "（照合：" + match.how_ja + "）。" + window_ja;
        out.push_back({"advisor", std::move(en), std::move(ja)});
        found = true;
      };
      for (const auto& r : reviewer.relations) {
        if (found || !RelationInWindow(r, policy.advisor_years, now_year)) continue;
        const RelationMatch match = RelationNames(r, m.person);
        if (match.found) report(r, match, true, r.kind == "advisee");
      }
      for (const auto& r : m.person.relations) {
        if (found || !RelationInWindow(r, policy.advisor_years, now_year)) continue;
        const RelationMatch match = RelationNames(r, reviewer);
        if (match.found) report(r, match, false, r.kind == "advisor");
      }
    }
  }

  // The same project, the two people's times on it meeting within project_years.
  if (policy.same_project) {
    const std::string window_en = policy.project_years
                                      ? "; the call's policy counts projects within " +
                                            std::to_string(*policy.project_years) + " years"
                                      : "";
    const std::string window_ja =
        policy.project_years
            ? "公募の方針：" + std::to_string(*policy.project_years) + "年以内のプロジェクト。"
            : "";
    bool found = false;
    for (const TeamMember& m : proposal.people) {
      if (found) break;
      if (SamePerson(reviewer, m.person)) continue;
      for (const auto& rp : reviewer.projects) {
        if (found) break;
        for (const auto& mp : m.person.projects) {
          if (!SameProjectAs(rp, mp) || !ProjectTimesMeet(rp, mp, policy.project_years, now_year)) {
            continue;
          }
          const std::string ry = Years(rp.start_year, rp.end_year, false);
          const std::string my = Years(mp.start_year, mp.end_year, false);
          const std::string ry_ja = Years(rp.start_year, rp.end_year, true);
          const std::string my_ja = Years(mp.start_year, mp.end_year, true);
          std::string when, when_ja;
          if (!ry.empty() || !my.empty()) {
            when = " (the reviewer " + (ry.empty() ? std::string("?") : ry) + ", " + m.person.name +
                   " " + (my.empty() ? std::string("?") : my) + ")";
            when_ja = "（審査員 " + (ry_ja.empty() ? std::string("?") : ry_ja) + "、" +
                      m.person.name + " " + (my_ja.empty() ? std::string("?") : my_ja) + "）";
          }
          out.push_back({"same_project",
                         who + " and " + MemberLabel(m) + " worked on the same project " +
                             ProjectLabel(rp, false) + when + window_en + ".",
                         who_ja + " と " + MemberLabelJa(m) + " は同じプロジェクト" +
                             ProjectLabel(rp, true) + "に参加しました" + when_ja + "。" +
                             window_ja});
          found = true;
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace asta::review
