// asta select --proposals proposals.csv --budgets budgets.csv [--quotas quotas.csv]
//             --out selected.csv [--time-limit SECONDS]
// Chooses the proposals to fund (src/engines/select, docs/review.md). selected.csv is
// written only when a selection exists, through a temporary file renamed into place; the
// summary (count, merit, proof, each funder's use and marginal value, skipped proposals)
// goes to stderr. Exit 1 with the reasons when no selection meets every constraint.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/file_commands.h"
#include "core/compressed.h"
#include "engines/select/select.h"

namespace asta::cli {
namespace {

struct SelectFlags {
  std::string proposals, budgets, quotas, out;
  double time_limit = 60;
};

int Fail(const Error& e) {
  std::cerr << "asta: " << e.ToString() << "\n";
  return 1;
}

std::string Money(double v) {
  char buf[48];
  if (v == static_cast<double>(static_cast<long long>(v))) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}

std::string Merit(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

int RunSelect(const SelectFlags& f) {
  auto proposals = ReadFileBytes(f.proposals);
  if (!proposals) return Fail(proposals.error());
  auto budgets = ReadFileBytes(f.budgets);
  if (!budgets) return Fail(budgets.error());
  std::string quotas;
  if (!f.quotas.empty()) {
    auto bytes = ReadFileBytes(f.quotas);
    if (!bytes) return Fail(bytes.error());
    quotas = std::move(*bytes);
    if (quotas.empty()) quotas = "\n";  // an empty file still needs its header
  }
  auto problem = select::ReadProblem(*proposals, *budgets, quotas);
  if (!problem) return Fail(problem.error());
  problem->time_limit_seconds = f.time_limit;
  const auto reasons = select::Explain(*problem);
  if (!reasons.empty()) {
    std::cerr << "asta: no selection meets every constraint:\n";
    for (const auto& r : reasons) std::cerr << "  " << r << "\n";
    return 1;
  }
  auto solved = select::Solve(*problem);
  if (!solved) return Fail(solved.error());
  const std::string temp = f.out + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << select::WriteSelected(*problem, *solved);
    if (!out) return Fail(Error{ErrorCode::kInternal, "cannot write " + temp, "out"});
  }
  std::error_code ec;
  std::filesystem::rename(temp, f.out, ec);
  if (ec) {
    return Fail(Error{ErrorCode::kInternal, "cannot write " + f.out + ": " + ec.message(), "out"});
  }
  const auto& pr = *problem;
  std::cerr << "selected " << solved->selected.size() << " of " << pr.proposals.size()
            << " proposals; total merit " << Merit(solved->total_merit) << "; proven optimal: "
            << (solved->proven_optimal ? "yes" : "no (stopped at the time limit)") << "\n";
  for (const auto& use : solved->funders) {
    std::cerr << "  funder " << pr.funders[use.funder].id << ": used " << Money(use.used) << " of "
              << Money(use.budget);
    if (use.step > 0) {
      std::cerr << "; +" << Money(use.step) << " (its median share) would add merit "
                << Merit(use.gain);
      if (!use.would_add.empty()) {
        std::cerr << " (";
        for (std::size_t i = 0; i < use.would_add.size(); ++i) {
          if (i == 3) {
            std::cerr << ", …";
            break;
          }
          std::cerr << (i ? ", " : "") << "+" << pr.proposals[use.would_add[i]].id;
        }
        for (std::size_t i = 0; i < use.would_drop.size() && i < 3; ++i) {
          std::cerr << ", -" << pr.proposals[use.would_drop[i]].id;
        }
        std::cerr << ")";
      }
      if (!use.gain_proven) std::cerr << " [not proven]";
    }
    std::cerr << "\n";
  }
  if (!solved->skipped.empty()) {
    std::cerr << "skipped because a funder's budget ran out (" << solved->skipped.size() << "):\n";
    std::size_t shown = 0;
    for (const auto& s : solved->skipped) {
      if (++shown > 20) {
        std::cerr << "  … and " << solved->skipped.size() - 20 << " more\n";
        break;
      }
      std::cerr << "  " << pr.proposals[s.proposal].id << ": " << pr.funders[s.funder].id
                << " needs " << Money(s.needed) << ", " << Money(s.left) << " left\n";
    }
  }
  return 0;
}

}  // namespace

FileCommand AddSelectCommand(CLI::App& app) {
  auto flags = std::make_shared<SelectFlags>();
  auto* cmd = app.add_subcommand(
      "select", "choose the proposals to fund within every funder's budget and the slot quotas");
  cmd->add_option("--proposals", flags->proposals,
                  "proposals.csv: proposal_id,merit,slot,funder,amount (a row per share)")
      ->required();
  cmd->add_option("--budgets", flags->budgets, "budgets.csv: funder,budget")->required();
  cmd->add_option("--quotas", flags->quotas, "quotas.csv: slot,min,max (max may be empty)");
  cmd->add_option("--out", flags->out, "selected.csv to write: proposal_id")->required();
  cmd->add_option("--time-limit", flags->time_limit,
                  "seconds per solve (default 60); the best selection found by then is used")
      ->check(CLI::PositiveNumber);
  return {cmd, [flags] { return RunSelect(*flags); }};
}

}  // namespace asta::cli
