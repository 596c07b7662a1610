// Runs an external program (pg_dump, pg_restore) without a shell. Internal to asta_store.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace asta::store::internal {

struct ProcessResult {
  int exit_code = -1;      // -1 when the program was killed by a signal
  std::string error_text;  // what it wrote to stderr, at most 64 KiB
};

// Runs argv[0] (looked up in PATH) with `argv`, the current environment plus `extra_env`
// ("NAME", "value") pairs, stdin and stdout on /dev/null. Passing arguments as an array
// means nothing in them is ever interpreted by a shell. Blocks until the program exits.
// Unavailable when the program cannot be started (e.g. not installed).
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 const std::vector<std::pair<std::string, std::string>>& extra_env);

}  // namespace asta::store::internal
