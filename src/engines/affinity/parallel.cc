#include "engines/affinity/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace asta::affinity::internal {

void ParallelFor(std::size_t n, int threads, const std::function<void(std::size_t)>& body) {
  const std::size_t workers =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), n);
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  constexpr std::size_t kChunk = 16;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    while (true) {
      const std::size_t start = next.fetch_add(kChunk);
      if (start >= n) return;
      const std::size_t end = std::min(n, start + kChunk);
      for (std::size_t i = start; i < end; ++i) body(i);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace asta::affinity::internal
