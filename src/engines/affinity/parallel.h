// Internal to asta_affinity: a parallel loop on a few std::threads.
#pragma once

#include <cstddef>
#include <functional>

namespace asta::affinity::internal {

// Runs body(i) for every i in [0, n) exactly once, on up to `threads` threads (the
// caller's among them), in chunks taken in order; returns when all are done.
void ParallelFor(std::size_t n, int threads, const std::function<void(std::size_t)>& body);

}  // namespace asta::affinity::internal
