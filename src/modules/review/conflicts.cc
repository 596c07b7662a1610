#include "modules/review/conflicts.h"

#include <algorithm>
#include <cstdio>

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

}  // namespace

Json CoiPolicy::ToJson() const {
  return Json{{"org_years", org_years ? Json(*org_years) : Json()},
              {"coauthor_years", coauthor_years ? Json(*coauthor_years) : Json()},
              {"co_proposers", co_proposers},
              {"advisor", advisor},
              {"same_project", same_project},
              {"same_person", same_person}};
}

double BestNameScore(const std::vector<std::string>& names, const std::string& name) {
  double best = 0;
  if (Trim(name).empty()) return 0;
  for (const auto& n : names) {
    if (Trim(n).empty()) continue;
    if (AsciiLower(n) == AsciiLower(name)) return 1.0;
    best = std::max(best, names::ScorePair(n, name, names::Kind::kPerson));
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
  return out;
}

}  // namespace asta::review
