// The facet values of every document in memory, by Xapian document id, for counting
// facets over large match sets. Reading the facet slot of each match through Xapian costs
// about a microsecond per match; a lookup here costs nanoseconds.
//
// The writer records each document's facets as it writes them (Record, Forget, Clear) and
// publishes a snapshot after each commit (Publish), tagged with the committed revision.
// A search uses a snapshot only when it is of the revision its database handle reads;
// otherwise (a commit it has not caught up with, or one made without Publish) it falls
// back to reading the slot, so counts are always those of the revision searched.
// Snapshots are immutable and shared; chunks that no write touched are shared between
// successive snapshots, so a publish costs in proportion to the documents written.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace asta::search::internal {

// Interned (facet, value) pairs.
struct FacetCatalog {
  std::vector<std::pair<std::string, std::string>> entries;  // by id
};

class FacetSnapshot {
 public:
  static constexpr std::size_t kChunkDocs = 256;
  struct Chunk {
    std::array<std::uint32_t, kChunkDocs + 1> offsets{};  // into ids, per document slot
    std::vector<std::uint32_t> ids;
  };

  Xapian::rev revision() const { return revision_; }
  const FacetCatalog& catalog() const { return *catalog_; }

  // Calls fn(id) for each facet value of the document; nothing for an unknown document.
  template <class Fn>
  void ForEach(Xapian::docid did, Fn&& fn) const {
    const std::size_t slot = static_cast<std::size_t>(did) - 1;
    const std::size_t c = slot / kChunkDocs;
    if (did == 0 || c >= chunks_.size() || !chunks_[c]) return;
    const Chunk& chunk = *chunks_[c];
    const std::size_t j = slot % kChunkDocs;
    for (std::uint32_t k = chunk.offsets[j]; k < chunk.offsets[j + 1]; ++k) fn(chunk.ids[k]);
  }

 private:
  friend class FacetCache;
  Xapian::rev revision_ = 0;
  std::shared_ptr<const FacetCatalog> catalog_;
  std::vector<std::shared_ptr<const Chunk>> chunks_;
};

// Writer side. Record, Forget, Clear and Publish are called under the index's write lock;
// Current from any thread.
class FacetCache {
 public:
  FacetCache();

  // Loads every document's facet slot (codec.h) from the database.
  void Load(const Xapian::Database& db, unsigned slot);
  // The document now has these facets (EncodeFacets bytes).
  void Record(Xapian::docid did, std::string_view encoded);
  void Forget(Xapian::docid did);
  void Clear();
  // Makes a snapshot of everything recorded so far, for this committed revision.
  void Publish(Xapian::rev revision);

  std::shared_ptr<const FacetSnapshot> Current() const;

 private:
  std::uint32_t Intern(std::string_view name, std::string_view value);

  // Writer state.
  std::shared_ptr<FacetCatalog> catalog_;               // entries appended; copied when published
  std::unordered_map<std::string, std::uint32_t> ids_;  // "name\x1fvalue" -> id
  std::size_t published_entries_ = 0;
  std::map<Xapian::docid, std::vector<std::uint32_t>> pending_;  // empty: no facets
  bool cleared_ = false;

  mutable std::mutex current_mu_;
  std::shared_ptr<const FacetSnapshot> current_;  // guarded by current_mu_
};

}  // namespace asta::search::internal
