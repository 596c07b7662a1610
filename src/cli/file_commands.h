// Commands defined in their own file of src/cli. Each Add…Command registers its
// subcommand and flags on `app` and returns it with the function to run when it was the
// one parsed; main.cc calls them in order.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace asta::cli {

struct FileCommand {
  CLI::App* command = nullptr;
  std::function<int()> run;  // exit status: 0 done, 1 failed (message on stderr)
};

// asta select --proposals proposals.csv --budgets budgets.csv [--quotas quotas.csv]
//             --out selected.csv                                  (select_cmd.cc)
FileCommand AddSelectCommand(CLI::App& app);
// asta affinity --submissions submissions.json --profiles DIR --out scores.csv
//                                                                  (affinity_cmd.cc)
FileCommand AddAffinityCommand(CLI::App& app);

}  // namespace asta::cli
