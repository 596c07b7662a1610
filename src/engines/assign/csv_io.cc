#include "engines/assign/csv_io.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace asta::assign {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(
        Trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// Lines of a CSV file with their numbers, the header checked and skipped.
// Columns from `optional_from` on may be empty (and may be missing from the header).
Result<std::vector<std::pair<int, std::vector<std::string_view>>>> Rows(
    std::string_view text, std::vector<std::string> header, const std::string& file,
    std::size_t optional_from = std::string::npos) {
  std::vector<std::pair<int, std::vector<std::string_view>>> out;
  int number = 0;
  bool seen_header = false;
  std::size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    ++number;
    pos = end + 1;
    if (line.empty()) {
      if (end == text.size()) break;
      continue;
    }
    if (line.find('"') != std::string_view::npos) {
      return InvalidArgument(file + " line " + std::to_string(number) + ": quotes are not allowed",
                             file);
    }
    auto cells = Split(line);
    if (!seen_header) {
      std::vector<std::string> got(cells.begin(), cells.end());
      if (got.size() >= optional_from && got.size() < header.size() &&
          std::equal(got.begin(), got.end(), header.begin())) {
        header.resize(got.size());
      }
      if (got != header) {
        std::string want;
        for (const auto& h : header) want += (want.empty() ? "" : ",") + h;
        return InvalidArgument(
            file + " line " + std::to_string(number) + ": the header must be " + want, file);
      }
      seen_header = true;
      continue;
    }
    if (cells.size() != header.size()) {
      return InvalidArgument(file + " line " + std::to_string(number) + ": " +
                                 std::to_string(header.size()) + " columns expected, " +
                                 std::to_string(cells.size()) + " found",
                             file);
    }
    for (std::size_t i = 0; i < cells.size() && i < optional_from; ++i) {
      if (cells[i].empty()) {
        return InvalidArgument(
            file + " line " + std::to_string(number) + ": " + header[i] + " is empty", file);
      }
    }
    out.emplace_back(number, std::move(cells));
    if (end == text.size()) break;
  }
  if (!seen_header) return InvalidArgument(file + ": empty file (no header)", file);
  return out;
}

// Ids to indices, looked up by string_view without a copy.
struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using IdMap = std::unordered_map<std::string, int, IdHash, std::equal_to<>>;

// A number as strtod reads it (from_chars first: no copy, no locale).
bool ParseScore(std::string_view text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc() && end == text.data() + text.size()) return std::isfinite(out);
  const std::string copy(text);
  char* stop = nullptr;
  out = std::strtod(copy.c_str(), &stop);
  return stop != copy.c_str() && *stop == '\0' && std::isfinite(out);
}

int IndexOf(IdMap& ids, std::vector<std::string>& names, std::string_view id) {
  auto it = ids.find(id);
  if (it != ids.end()) return it->second;
  const int i = static_cast<int>(names.size());
  ids.emplace(std::string(id), i);
  names.emplace_back(id);
  return i;
}

int Find(const IdMap& ids, std::string_view id) {
  auto it = ids.find(id);
  return it == ids.end() ? -1 : it->second;
}

IdMap IndexById(const std::vector<std::string>& names) {
  IdMap out;
  for (std::size_t i = 0; i < names.size(); ++i) out.emplace(names[i], static_cast<int>(i));
  return out;
}

// An ISO 3166-1 alpha-2 code, upper-cased, or an error naming the line.
Result<std::string> Country(std::string_view text, const std::string& file, int line) {
  std::string out;
  for (char c : text) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (out.size() != 2 || out[0] < 'A' || out[0] > 'Z' || out[1] < 'A' || out[1] > 'Z') {
    return InvalidArgument(file + " line " + std::to_string(line) + ": country \"" +
                               std::string(text) + "\" is not a two-letter ISO 3166-1 code",
                           file);
  }
  return out;
}

}  // namespace

Result<Named> ReadProblem(std::string_view scores_csv, std::string_view conflicts_csv) {
  Named out;
  IdMap proposals, reviewers;
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        Rows(scores_csv, {"submission_id", "reviewer_id", "score"}, "scores"));
  std::vector<std::pair<std::uint64_t, int>> seen;  // (pair, line), checked once sorted
  seen.reserve(rows.size());
  out.problem.candidates.reserve(rows.size());
  for (const auto& [number, cells] : rows) {
    double score = 0;
    if (!ParseScore(cells[2], score)) {
      return InvalidArgument("scores line " + std::to_string(number) + ": score \"" +
                                 std::string(cells[2]) + "\" is not a number",
                             "scores");
    }
    const int p = IndexOf(proposals, out.proposal_ids, cells[0]);
    const int r = IndexOf(reviewers, out.reviewer_ids, cells[1]);
    seen.emplace_back(static_cast<std::uint64_t>(p) << 32 | static_cast<std::uint32_t>(r), number);
    out.problem.candidates.push_back({p, r, score});
  }
  std::sort(seen.begin(), seen.end());
  // The first repeated pair in file order: the smallest line that repeats an earlier one.
  int repeat = 0, first = 0;
  std::uint64_t pair = 0;
  for (std::size_t i = 1; i < seen.size(); ++i) {
    if (seen[i].first == seen[i - 1].first && (repeat == 0 || seen[i].second < repeat)) {
      std::size_t j = i;
      while (j > 0 && seen[j - 1].first == seen[i].first) --j;
      repeat = seen[i].second;
      first = seen[j].second;
      pair = seen[i].first;
    }
  }
  if (repeat != 0) {
    return InvalidArgument("scores line " + std::to_string(repeat) + ": the pair " +
                               out.proposal_ids[pair >> 32] + "," +
                               out.reviewer_ids[pair & 0xffffffffu] + " is already on line " +
                               std::to_string(first),
                           "scores");
  }
  if (!conflicts_csv.empty()) {
    ASTA_ASSIGN_OR_RETURN(auto conflicts,
                          Rows(conflicts_csv, {"submission_id", "reviewer_id"}, "conflicts"));
    for (const auto& [number, cells] : conflicts) {
      auto p = proposals.find(cells[0]);
      auto r = reviewers.find(cells[1]);
      if (p == proposals.end() || r == reviewers.end()) continue;
      out.problem.conflicts.emplace_back(p->second, r->second);
    }
  }
  out.problem.proposals = static_cast<int>(out.proposal_ids.size());
  out.problem.reviewers = static_cast<int>(out.reviewer_ids.size());
  return out;
}

Status ReadBids(std::string_view bids_csv, Named& named) {
  ASTA_ASSIGN_OR_RETURN(auto rows, Rows(bids_csv, {"submission_id", "reviewer_id", "bid"}, "bids"));
  const auto proposals = IndexById(named.proposal_ids);
  const auto reviewers = IndexById(named.reviewer_ids);
  std::map<std::pair<int, int>, int> seen;
  for (const auto& [number, cells] : rows) {
    BidLevel level;
    const std::string_view b = cells[2];
    if (b == "-1" || b == "not_willing") {
      level = BidLevel::kNotWilling;
    } else if (b == "0" || b == "neutral") {
      level = BidLevel::kNeutral;
    } else if (b == "1" || b == "+1" || b == "willing") {
      level = BidLevel::kWilling;
    } else if (b == "2" || b == "+2" || b == "eager") {
      level = BidLevel::kEager;
    } else {
      return InvalidArgument("bids line " + std::to_string(number) + ": bid \"" + std::string(b) +
                                 "\" is not -1 (not willing), 0 (neutral), 1 (willing) or 2 "
                                 "(eager)",
                             "bids");
    }
    const int p = Find(proposals, cells[0]), r = Find(reviewers, cells[1]);
    if (p < 0 || r < 0) continue;  // not a candidate pair: it cannot be assigned anyway
    if (auto [it, fresh] = seen.emplace(std::make_pair(p, r), number); !fresh) {
      return InvalidArgument("bids line " + std::to_string(number) +
                                 ": the pair is already on line " + std::to_string(it->second),
                             "bids");
    }
    named.problem.bids.push_back({p, r, level});
  }
  return Ok();
}

Status ReadReviewers(std::string_view reviewers_csv, Named& named) {
  ASTA_ASSIGN_OR_RETURN(auto rows, Rows(reviewers_csv, {"reviewer_id", "country"}, "reviewers"));
  const auto reviewers = IndexById(named.reviewer_ids);
  named.problem.reviewer_country.assign(named.reviewer_ids.size(), "");
  std::vector<int> line_of(named.reviewer_ids.size(), 0);
  for (const auto& [number, cells] : rows) {
    ASTA_ASSIGN_OR_RETURN(std::string country, Country(cells[1], "reviewers", number));
    const int r = Find(reviewers, cells[0]);
    if (r < 0) continue;  // no candidate pair
    if (line_of[r] != 0) {
      return InvalidArgument("reviewers line " + std::to_string(number) + ": reviewer " +
                                 std::string(cells[0]) + " is already on line " +
                                 std::to_string(line_of[r]),
                             "reviewers");
    }
    line_of[r] = number;
    named.problem.reviewer_country[r] = std::move(country);
  }
  return Ok();
}

Status ReadProposals(std::string_view proposals_csv, Named& named) {
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        Rows(proposals_csv, {"submission_id", "countries", "k"}, "proposals", 1));
  const auto proposals = IndexById(named.proposal_ids);
  named.problem.proposal_countries.assign(named.proposal_ids.size(), {});
  std::vector<int> line_of(named.proposal_ids.size(), 0);
  for (const auto& [number, cells] : rows) {
    std::vector<std::string> countries;
    std::string_view list = cells.size() > 1 ? cells[1] : std::string_view{};
    while (!list.empty()) {
      const std::size_t semi = list.find(';');
      std::string_view code = list.substr(0, semi);
      while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
      while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
      if (!code.empty()) {
        ASTA_ASSIGN_OR_RETURN(std::string country, Country(code, "proposals", number));
        countries.push_back(std::move(country));
      }
      if (semi == std::string_view::npos) break;
      list.remove_prefix(semi + 1);
    }
    int k = -1;
    if (cells.size() > 2 && !cells[2].empty()) {
      const auto [end, ec] = std::from_chars(cells[2].data(), cells[2].data() + cells[2].size(), k);
      if (ec != std::errc() || end != cells[2].data() + cells[2].size() || k < 0 || k > 1000) {
        return InvalidArgument("proposals line " + std::to_string(number) + ": k \"" +
                                   std::string(cells[2]) + "\" is not a number from 0 to 1000",
                               "proposals");
      }
    }
    const int p = Find(proposals, cells[0]);
    if (p < 0) continue;  // no candidate pair
    if (line_of[p] != 0) {
      return InvalidArgument("proposals line " + std::to_string(number) + ": submission " +
                                 std::string(cells[0]) + " is already on line " +
                                 std::to_string(line_of[p]),
                             "proposals");
    }
    line_of[p] = number;
    named.problem.proposal_countries[p] = std::move(countries);
    if (k >= 0) {
      named.problem.k_of.resize(named.proposal_ids.size(), -1);
      named.problem.k_of[p] = k;
    }
  }
  return Ok();
}

Result<int> ReadExisting(std::string_view assignment_csv, Named& named) {
  ASTA_ASSIGN_OR_RETURN(
      auto rows, Rows(assignment_csv, {"submission_id", "reviewer_id", "score"}, "existing"));
  const auto proposals = IndexById(named.proposal_ids);
  const auto reviewers = IndexById(named.reviewer_ids);
  std::map<std::pair<int, int>, int> seen, candidates;
  for (std::size_t i = 0; i < named.problem.candidates.size(); ++i) {
    const Candidate& c = named.problem.candidates[i];
    candidates.emplace(std::make_pair(c.proposal, c.reviewer), static_cast<int>(i));
  }
  int unknown = 0;
  for (const auto& [number, cells] : rows) {
    const std::string text(cells[2]);
    char* end = nullptr;
    const double score = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(score)) {
      return InvalidArgument(
          "existing line " + std::to_string(number) + ": score \"" + text + "\" is not a number",
          "existing");
    }
    const int p = Find(proposals, cells[0]), r = Find(reviewers, cells[1]);
    if (p < 0 || r < 0) {
      ++unknown;
      continue;
    }
    if (auto [it, fresh] = seen.emplace(std::make_pair(p, r), number); !fresh) {
      return InvalidArgument("existing line " + std::to_string(number) +
                                 ": the pair is already on line " + std::to_string(it->second),
                             "existing");
    }
    if (!candidates.count({p, r})) named.problem.candidates.push_back({p, r, score});
    named.problem.existing.emplace_back(p, r);
  }
  return unknown;
}

std::string WriteAssignment(const Named& named, const Assignment& assignment) {
  std::vector<const Candidate*> pairs;
  for (const Candidate& c : assignment.pairs) pairs.push_back(&c);
  std::sort(pairs.begin(), pairs.end(), [&](const Candidate* a, const Candidate* b) {
    const auto& pa = named.proposal_ids[a->proposal];
    const auto& pb = named.proposal_ids[b->proposal];
    if (pa != pb) return pa < pb;
    return named.reviewer_ids[a->reviewer] < named.reviewer_ids[b->reviewer];
  });
  std::string out = "submission_id,reviewer_id,score\n";
  char buf[64];
  for (const Candidate* c : pairs) {
    std::snprintf(buf, sizeof buf, "%.6g", c->score);
    out +=
        named.proposal_ids[c->proposal] + "," + named.reviewer_ids[c->reviewer] + "," + buf + "\n";
  }
  return out;
}

}  // namespace asta::assign
