#include "engines/assign/csv_io.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

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
Result<std::vector<std::pair<int, std::vector<std::string_view>>>> Rows(
    std::string_view text, const std::vector<std::string>& header, const std::string& file) {
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
    for (std::size_t i = 0; i < cells.size(); ++i) {
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

int IndexOf(std::map<std::string, int, std::less<>>& ids, std::vector<std::string>& names,
            std::string_view id) {
  auto it = ids.find(id);
  if (it != ids.end()) return it->second;
  const int i = static_cast<int>(names.size());
  ids.emplace(std::string(id), i);
  names.emplace_back(id);
  return i;
}

}  // namespace

Result<Named> ReadProblem(std::string_view scores_csv, std::string_view conflicts_csv) {
  Named out;
  std::map<std::string, int, std::less<>> proposals, reviewers;
  ASTA_ASSIGN_OR_RETURN(auto rows,
                        Rows(scores_csv, {"submission_id", "reviewer_id", "score"}, "scores"));
  std::map<std::pair<int, int>, int> seen;
  for (const auto& [number, cells] : rows) {
    double score = 0;
    const std::string text(cells[2]);
    char* end = nullptr;
    score = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(score)) {
      return InvalidArgument(
          "scores line " + std::to_string(number) + ": score \"" + text + "\" is not a number",
          "scores");
    }
    const int p = IndexOf(proposals, out.proposal_ids, cells[0]);
    const int r = IndexOf(reviewers, out.reviewer_ids, cells[1]);
    if (auto [it, fresh] = seen.emplace(std::make_pair(p, r), number); !fresh) {
      return InvalidArgument("scores line " + std::to_string(number) + ": the pair " +
                                 std::string(cells[0]) + "," + std::string(cells[1]) +
                                 " is already on line " + std::to_string(it->second),
                             "scores");
    }
    out.problem.candidates.push_back({p, r, score});
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
