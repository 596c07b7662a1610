// The exact set of documents a query matches, as a bitmap over document ids, for counting
// facets over large match sets. Xapian's matcher visits and weighs every match when it
// must count them all (about 0.2 µs a match at a million documents); combining the
// queries' posting lists as bitmaps costs a few nanoseconds per posting, and nothing for
// the frequent terms whose bitmaps are cached. The set is the one Xapian matches: the
// query's operators are evaluated with the same meaning (weights play no part in which
// documents match), and a query with an operator this does not know is refused (the
// caller then counts with the matcher).
#pragma once

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace asta::search::internal {

// Bit d of word d / 64 set: document id d matches. Sized for ids 0..last id of the database.
using Bits = std::vector<std::uint64_t>;

// Bitmaps of frequent terms, shared by all searches of an index, each valid for one view
// of the database (the handle's file generation and revision: a commit or a bulk load
// makes a new view). Bounded in bytes; the least recently used go first. Thread-safe.
class TermBitsCache {
 public:
  explicit TermBitsCache(std::size_t max_bytes = std::size_t{64} << 20) : max_bytes_(max_bytes) {}

  // Terms with fewer postings are read afresh each time (cheap); default 20,000.
  void set_min_postings(Xapian::doccount n) { min_postings_.store(n, std::memory_order_relaxed); }
  Xapian::doccount min_postings() const { return min_postings_.load(std::memory_order_relaxed); }

  using View = std::pair<std::uint64_t, Xapian::rev>;  // (file generation, revision)
  std::shared_ptr<const Bits> Get(const std::string& term, const Xapian::Database& db, View view);

  void Clear();

 private:
  struct Entry {
    View view;
    std::shared_ptr<const Bits> bits;
    std::list<std::string>::iterator lru;
  };
  std::mutex mu_;
  std::atomic<Xapian::doccount> min_postings_{20'000};
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::list<std::string> lru_;  // most recent first
  std::unordered_map<std::string, Entry> entries_;
};

// The documents with ids in [first, last] that `query` matches on `db` (bits outside that
// range are unspecified), or nullopt when the query holds an operator this cannot
// evaluate exactly. Throws Xapian exceptions.
std::optional<Bits> MatchBits(const Xapian::Query& query, const Xapian::Database& db,
                              Xapian::docid first, Xapian::docid last, TermBitsCache& cache,
                              TermBitsCache::View view);

// Calls fn(docid) for each set bit with an id in [first, last], in increasing order.
template <class Fn>
void ForEachBit(const Bits& bits, Xapian::docid first, Xapian::docid last, Fn&& fn) {
  if (first > last) return;
  const std::size_t w0 = first / 64;
  const std::size_t w1 = std::min<std::size_t>(last / 64, bits.empty() ? 0 : bits.size() - 1);
  for (std::size_t w = w0; w <= w1 && w < bits.size(); ++w) {
    std::uint64_t word = bits[w];
    if (w == w0) word &= ~std::uint64_t{0} << (first % 64);
    if (w == last / 64 && last % 64 != 63) word &= (std::uint64_t{1} << (last % 64 + 1)) - 1;
    while (word != 0) {
      const int b = __builtin_ctzll(word);
      fn(static_cast<Xapian::docid>(w * 64 + static_cast<std::size_t>(b)));
      word &= word - 1;
    }
  }
}

}  // namespace asta::search::internal
