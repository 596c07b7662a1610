#include "engines/search/match_bits.h"

#include <algorithm>

namespace asta::search::internal {
namespace {

std::size_t Words(const Xapian::Database& db) { return db.get_lastdocid() / 64 + 1; }

// The postings of `term` (every document for ""), those with ids in [first, last] when
// `whole` is false.
Bits ReadTerm(const std::string& term, const Xapian::Database& db, Xapian::docid first,
              Xapian::docid last, bool whole) {
  Bits bits(Words(db), 0);
  Xapian::PostingIterator it = db.postlist_begin(term);
  const Xapian::PostingIterator end = db.postlist_end(term);
  if (!whole && first > 1) it.skip_to(first);
  for (; it != end; ++it) {
    const Xapian::docid d = *it;
    if (!whole && d > last) break;
    bits[d / 64] |= std::uint64_t{1} << (d % 64);
  }
  return bits;
}

class Evaluator {
 public:
  Evaluator(const Xapian::Database& db, Xapian::docid first, Xapian::docid last,
            TermBitsCache& cache, TermBitsCache::View view)
      : db_(db), first_(first), last_(last), cache_(cache), view_(view), words_(Words(db)) {}

  std::optional<Bits> Eval(const Xapian::Query& q) {
    using Q = Xapian::Query;
    switch (q.get_type()) {
      case Q::LEAF_MATCH_NOTHING:
        return Bits(words_, 0);
      case Q::LEAF_MATCH_ALL:
        return Term(std::string());
      case Q::LEAF_TERM:
        return Term(*q.get_terms_begin());
      case Q::OP_SCALE_WEIGHT:
        return Eval(q.get_subquery(0));
      case Q::OP_AND:
      case Q::OP_FILTER:
        return Combine(q, [](std::uint64_t a, std::uint64_t b) { return a & b; });
      case Q::OP_OR:
      case Q::OP_SYNONYM:
      case Q::OP_MAX:
        return Combine(q, [](std::uint64_t a, std::uint64_t b) { return a | b; });
      case Q::OP_XOR:
        return Combine(q, [](std::uint64_t a, std::uint64_t b) { return a ^ b; });
      case Q::OP_AND_MAYBE:
        return Eval(q.get_subquery(0));
      case Q::OP_AND_NOT: {
        std::optional<Bits> out = Eval(q.get_subquery(0));
        if (!out) return std::nullopt;
        for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
          const std::optional<Bits> minus = Eval(q.get_subquery(i));
          if (!minus) return std::nullopt;
          for (std::size_t w = 0; w < words_; ++w) (*out)[w] &= ~(*minus)[w];
        }
        return out;
      }
      default:
        return std::nullopt;  // phrases, value ranges, posting sources, ...: not exact here
    }
  }

 private:
  template <class Op>
  std::optional<Bits> Combine(const Xapian::Query& q, Op op) {
    const std::size_t n = q.get_num_subqueries();
    if (n == 0) return Bits(words_, 0);
    std::optional<Bits> out = Eval(q.get_subquery(0));
    if (!out) return std::nullopt;
    for (std::size_t i = 1; i < n; ++i) {
      const std::optional<Bits> next = Eval(q.get_subquery(i));
      if (!next) return std::nullopt;
      for (std::size_t w = 0; w < words_; ++w) (*out)[w] = op((*out)[w], (*next)[w]);
    }
    return out;
  }

  Bits Term(const std::string& term) {
    const Xapian::doccount postings = term.empty() ? db_.get_doccount() : db_.get_termfreq(term);
    if (postings >= cache_.min_postings()) {
      const std::shared_ptr<const Bits> cached = cache_.Get(term, db_, view_);
      Bits out = *cached;
      out.resize(words_, 0);
      return out;
    }
    return ReadTerm(term, db_, first_, last_, /*whole=*/false);
  }

  const Xapian::Database& db_;
  Xapian::docid first_, last_;
  TermBitsCache& cache_;
  TermBitsCache::View view_;
  std::size_t words_;
};

}  // namespace

std::shared_ptr<const Bits> TermBitsCache::Get(const std::string& term, const Xapian::Database& db,
                                               View view) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = entries_.find(term);
    if (it != entries_.end() && it->second.view == view) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      return it->second.bits;
    }
  }
  auto bits = std::make_shared<const Bits>(ReadTerm(term, db, 1, db.get_lastdocid(), true));
  const std::size_t size = bits->size() * sizeof(std::uint64_t);
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = entries_.find(term);
  if (it != entries_.end()) {
    bytes_ -= it->second.bits->size() * sizeof(std::uint64_t);
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  if (size > max_bytes_) return bits;
  while (bytes_ + size > max_bytes_ && !lru_.empty()) {
    const auto victim = entries_.find(lru_.back());
    bytes_ -= victim->second.bits->size() * sizeof(std::uint64_t);
    entries_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(term);
  entries_.emplace(term, Entry{view, bits, lru_.begin()});
  bytes_ += size;
  return bits;
}

void TermBitsCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
  lru_.clear();
  bytes_ = 0;
}

std::optional<Bits> MatchBits(const Xapian::Query& query, const Xapian::Database& db,
                              Xapian::docid first, Xapian::docid last, TermBitsCache& cache,
                              TermBitsCache::View view) {
  if (query.empty()) return Bits(Words(db), 0);
  return Evaluator(db, first, last, cache, view).Eval(query);
}

}  // namespace asta::search::internal
