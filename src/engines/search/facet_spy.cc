#include "engines/search/facet_spy.h"

#include <algorithm>
#include <utility>

#include "engines/search/codec.h"

namespace asta::search::internal {

FacetSpy::FacetSpy(std::vector<std::string> facets, const FacetSnapshot* snapshot)
    : facets_(std::move(facets)), snapshot_(snapshot) {
  std::sort(facets_.begin(), facets_.end());
  facets_.erase(std::unique(facets_.begin(), facets_.end()), facets_.end());
  counts_.resize(facets_.size());
  if (snapshot_ != nullptr) {
    const auto& entries = snapshot_->catalog().entries;
    wanted_.resize(entries.size());
    id_counts_.resize(entries.size());
    for (std::size_t id = 0; id < entries.size(); ++id) {
      wanted_[id] = std::binary_search(facets_.begin(), facets_.end(), entries[id].first);
    }
  }
}

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  if (snapshot_ != nullptr) {
    snapshot_->ForEach(doc.get_docid(), [&](std::uint32_t id) {
      if (id < wanted_.size() && wanted_[id]) ++id_counts_[id];
    });
    return;
  }
  const std::string bytes = doc.get_value(kSlotFacets);
  // Entries are sorted by facet name, and so is facets_: one merge pass.
  std::size_t i = 0;
  ForEachFacet(bytes, [&](std::string_view name, std::string_view value) {
    while (i < facets_.size() && facets_[i] < name) ++i;
    if (i == facets_.size() || facets_[i] != name) return;
    CountMap& counts = counts_[i];
    const auto it = counts.find(value);
    if (it != counts.end()) {
      ++it->second;
    } else {
      counts.emplace(std::string(value), 1);
    }
  });
}

std::map<std::string, std::vector<FacetValue>> FacetSpy::Counts() const {
  std::map<std::string, std::vector<FacetValue>> out;
  for (std::size_t i = 0; i < facets_.size(); ++i) {
    std::vector<FacetValue>& values = out[facets_[i]];
    for (const auto& [value, count] : counts_[i]) values.push_back({value, count});
  }
  if (snapshot_ != nullptr) {
    const auto& entries = snapshot_->catalog().entries;
    for (std::size_t id = 0; id < id_counts_.size(); ++id) {
      if (id_counts_[id] > 0)
        out[entries[id].first].push_back({entries[id].second, id_counts_[id]});
    }
  }
  for (auto& [facet, values] : out) {
    std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
      if (a.count != b.count) return a.count > b.count;
      return a.value < b.value;
    });
  }
  return out;
}

}  // namespace asta::search::internal
