// The files of `asta select`: see select.h (ReadProblem, WriteSelected).
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <map>

#include "engines/select/select.h"

namespace asta::select {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

struct Line {
  int number = 0;
  std::vector<std::string> cells;
};

std::string At(const std::string& file, int line) {
  return file + ".csv line " + std::to_string(line) + ": ";
}

// Lines of a CSV file with their numbers, the header checked and skipped. Cells may be
// empty; the caller says which may not.
Result<std::vector<Line>> Rows(std::string_view text, const std::vector<std::string>& header,
                               const std::string& file) {
  std::vector<Line> out;
  int number = 0;
  bool seen_header = false;
  std::size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = Trim(text.substr(pos, end - pos));
    ++number;
    pos = end + 1;
    if (line.empty()) continue;
    if (line.find('"') != std::string_view::npos) {
      return InvalidArgument(At(file, number) + "quotes are not allowed", file);
    }
    Line row{number, {}};
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      row.cells.emplace_back(
          Trim(line.substr(start, comma == line.npos ? line.npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (!seen_header) {
      if (row.cells != header) {
        std::string want;
        for (const auto& h : header) want += (want.empty() ? "" : ",") + h;
        return InvalidArgument(At(file, number) + "the header must be " + want, file);
      }
      seen_header = true;
      continue;
    }
    if (row.cells.size() != header.size()) {
      return InvalidArgument(At(file, number) + std::to_string(header.size()) +
                                 " columns expected, " + std::to_string(row.cells.size()) +
                                 " found",
                             file);
    }
    out.push_back(std::move(row));
  }
  if (!seen_header) return InvalidArgument(file + ".csv: empty file (no header)", file);
  return out;
}

Status Required(const Line& row, std::size_t column, const std::vector<std::string>& header,
                const std::string& file) {
  if (row.cells[column].empty()) {
    return InvalidArgument(At(file, row.number) + header[column] + " is empty", file);
  }
  return Ok();
}

Result<double> Amount(const Line& row, std::size_t column, const char* what,
                      const std::string& file) {
  const std::string& text = row.cells[column];
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || errno != 0) {
    return InvalidArgument(At(file, row.number) + what + " \"" + text + "\" is not a number", file);
  }
  if (v < 0) return InvalidArgument(At(file, row.number) + what + " is negative", file);
  if (v > 1e13) return InvalidArgument(At(file, row.number) + what + " is above 1e13", file);
  return v;
}

Result<int> Count(const Line& row, std::size_t column, const char* what, int empty_value,
                  const std::string& file) {
  const std::string& text = row.cells[column];
  if (text.empty()) return empty_value;
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (end != text.c_str() + text.size() || errno != 0 || v < 0 || v > INT_MAX - 1) {
    return InvalidArgument(
        At(file, row.number) + what + " \"" + text + "\" is not a whole number >= 0", file);
  }
  return static_cast<int>(v);
}

}  // namespace

Result<Problem> ReadProblem(std::string_view proposals_csv, std::string_view budgets_csv,
                            std::string_view quotas_csv) {
  Problem problem;
  std::map<std::string, int, std::less<>> funders, slots;
  {
    const std::vector<std::string> header{"funder", "budget"};
    ASTA_ASSIGN_OR_RETURN(auto rows, Rows(budgets_csv, header, "budgets"));
    std::map<std::string, int, std::less<>> line_of;
    for (const Line& row : rows) {
      ASTA_RETURN_IF_ERROR(Required(row, 0, header, "budgets"));
      ASTA_ASSIGN_OR_RETURN(double budget, Amount(row, 1, "budget", "budgets"));
      if (auto [it, fresh] = line_of.emplace(row.cells[0], row.number); !fresh) {
        return InvalidArgument(At("budgets", row.number) + "funder " + row.cells[0] +
                                   " is already on line " + std::to_string(it->second),
                               "budgets");
      }
      funders.emplace(row.cells[0], static_cast<int>(problem.funders.size()));
      problem.funders.push_back({row.cells[0], budget});
    }
  }
  const std::vector<std::string> header{"proposal_id", "merit", "slot", "funder", "amount"};
  ASTA_ASSIGN_OR_RETURN(auto rows, Rows(proposals_csv, header, "proposals"));
  std::map<std::string, int, std::less<>> index;  // proposal id -> index
  std::vector<int> first_line;                    // per proposal
  std::map<std::pair<int, int>, int> share_line;  // (proposal, funder) -> line
  for (const Line& row : rows) {
    for (std::size_t c : {0, 1, 3, 4}) ASTA_RETURN_IF_ERROR(Required(row, c, header, "proposals"));
    ASTA_ASSIGN_OR_RETURN(double merit, Amount(row, 1, "merit", "proposals"));
    ASTA_ASSIGN_OR_RETURN(double amount, Amount(row, 4, "amount", "proposals"));
    auto funder = funders.find(row.cells[3]);
    if (funder == funders.end()) {
      return InvalidArgument(
          At("proposals", row.number) + "funder \"" + row.cells[3] + "\" is not in budgets.csv",
          "proposals");
    }
    int slot = -1;
    if (!row.cells[2].empty()) {
      auto [it, fresh] = slots.emplace(row.cells[2], static_cast<int>(problem.slots.size()));
      if (fresh) problem.slots.push_back(row.cells[2]);
      slot = it->second;
    }
    auto [it, fresh] = index.emplace(row.cells[0], static_cast<int>(problem.proposals.size()));
    if (fresh) {
      problem.proposals.push_back({row.cells[0], merit, slot, -1, {}});
      first_line.push_back(row.number);
    }
    Proposal& p = problem.proposals[it->second];
    const std::string first = std::to_string(first_line[it->second]);
    if (p.merit != merit) {
      return InvalidArgument(
          At("proposals", row.number) + "merit of " + p.id + " differs from line " + first,
          "proposals");
    }
    if (p.slot != slot) {
      return InvalidArgument(
          At("proposals", row.number) + "slot of " + p.id + " differs from line " + first,
          "proposals");
    }
    if (auto [s, new_share] =
            share_line.emplace(std::make_pair(it->second, funder->second), row.number);
        !new_share) {
      return InvalidArgument(At("proposals", row.number) + p.id + " asks funder " + row.cells[3] +
                                 " again (line " + std::to_string(s->second) + ")",
                             "proposals");
    }
    p.shares.push_back({funder->second, amount});
  }
  if (!quotas_csv.empty()) {
    const std::vector<std::string> qheader{"slot", "min", "max"};
    ASTA_ASSIGN_OR_RETURN(auto qrows, Rows(quotas_csv, qheader, "quotas"));
    std::map<int, Bounds> quota;
    std::map<int, int> line_of;
    for (const Line& row : qrows) {
      ASTA_RETURN_IF_ERROR(Required(row, 0, qheader, "quotas"));
      ASTA_ASSIGN_OR_RETURN(int min, Count(row, 1, "min", 0, "quotas"));
      ASTA_ASSIGN_OR_RETURN(int max, Count(row, 2, "max", INT_MAX, "quotas"));
      auto [it, fresh] = slots.emplace(row.cells[0], static_cast<int>(problem.slots.size()));
      if (fresh) problem.slots.push_back(row.cells[0]);
      if (auto [l, new_line] = line_of.emplace(it->second, row.number); !new_line) {
        return InvalidArgument(At("quotas", row.number) + "slot " + row.cells[0] +
                                   " is already on line " + std::to_string(l->second),
                               "quotas");
      }
      quota[it->second] = {min, max};
    }
    problem.slot_quotas.assign(problem.slots.size(), Bounds{});
    for (auto [s, b] : quota) problem.slot_quotas[s] = b;
  }
  return problem;
}

std::string WriteSelected(const Problem& problem, const Solution& solution) {
  std::string out = "proposal_id\n";
  for (int p : solution.selected) out += problem.proposals[p].id + "\n";
  return out;
}

}  // namespace asta::select
