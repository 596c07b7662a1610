#include "engines/search/facet_cache.h"

#include "engines/search/codec.h"

namespace asta::search::internal {

FacetCache::FacetCache()
    : catalog_(std::make_shared<FacetCatalog>()),
      current_(std::make_shared<const FacetSnapshot>()) {}

std::uint32_t FacetCache::Intern(std::string_view name, std::string_view value) {
  std::string key(name);
  key.push_back(kFacetNameEnd);
  key.append(value);
  const auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(catalog_->entries.size());
  catalog_->entries.emplace_back(std::string(name), std::string(value));
  ids_.emplace(std::move(key), id);
  return id;
}

void FacetCache::Record(Xapian::docid did, std::string_view encoded) {
  std::vector<std::uint32_t>& ids = pending_[did];
  ids.clear();
  ForEachFacet(encoded, [&](std::string_view name, std::string_view value) {
    ids.push_back(Intern(name, value));
  });
}

void FacetCache::Forget(Xapian::docid did) { pending_[did].clear(); }

void FacetCache::Clear() {
  pending_.clear();
  cleared_ = true;
}

void FacetCache::Load(const Xapian::Database& db, unsigned slot) {
  pending_.clear();
  cleared_ = true;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    Record(it.get_docid(), *it);
  }
  Publish(db.get_revision());
}

void FacetCache::Publish(Xapian::rev revision) {
  const std::shared_ptr<const FacetSnapshot> base = Current();
  auto next = std::make_shared<FacetSnapshot>();
  next->revision_ = revision;
  if (catalog_->entries.size() != published_entries_ || !base->catalog_) {
    // Readers hold the old catalog; the writer keeps appending to its own copy.
    next->catalog_ = std::make_shared<const FacetCatalog>(*catalog_);
    published_entries_ = catalog_->entries.size();
  } else {
    next->catalog_ = base->catalog_;
  }
  if (!cleared_) next->chunks_ = base->chunks_;
  cleared_ = false;

  using Chunk = FacetSnapshot::Chunk;
  constexpr std::size_t kDocs = FacetSnapshot::kChunkDocs;
  auto it = pending_.begin();
  while (it != pending_.end()) {
    const std::size_t c = (static_cast<std::size_t>(it->first) - 1) / kDocs;
    if (next->chunks_.size() <= c) next->chunks_.resize(c + 1);
    // The chunk's documents: the published ones, then this publish's changes.
    std::array<std::vector<std::uint32_t>, kDocs> docs;
    if (const std::shared_ptr<const Chunk>& old = next->chunks_[c]) {
      for (std::size_t j = 0; j < kDocs; ++j) {
        docs[j].assign(old->ids.begin() + old->offsets[j], old->ids.begin() + old->offsets[j + 1]);
      }
    }
    for (; it != pending_.end() && (static_cast<std::size_t>(it->first) - 1) / kDocs == c; ++it) {
      docs[(static_cast<std::size_t>(it->first) - 1) % kDocs] = std::move(it->second);
    }
    auto chunk = std::make_shared<Chunk>();
    for (std::size_t j = 0; j < kDocs; ++j) {
      chunk->offsets[j] = static_cast<std::uint32_t>(chunk->ids.size());
      chunk->ids.insert(chunk->ids.end(), docs[j].begin(), docs[j].end());
    }
    chunk->offsets[kDocs] = static_cast<std::uint32_t>(chunk->ids.size());
    chunk->ids.shrink_to_fit();
    next->chunks_[c] = std::move(chunk);
  }
  pending_.clear();
  std::lock_guard<std::mutex> lock(current_mu_);
  current_ = std::move(next);
}

std::shared_ptr<const FacetSnapshot> FacetCache::Current() const {
  std::lock_guard<std::mutex> lock(current_mu_);
  return current_;
}

}  // namespace asta::search::internal
