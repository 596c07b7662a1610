// Exact facet counts over a whole match set: a Xapian match spy that the matcher calls for
// every document it visits. Search asks the matcher to visit every match when facets are
// requested, so the counts cover all matches, not just the page. With a FacetSnapshot of
// the revision being searched it looks the document's facets up by document id;
// otherwise it reads the facet slot (codec.h, EncodeFacets), which costs far more. One
// spy serves one search on one thread.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engines/search/facet_cache.h"
#include "engines/search/search.h"

namespace asta::search::internal {

class FacetSpy : public Xapian::MatchSpy {
 public:
  // `snapshot` may be null (read the slots); it must outlive the spy.
  FacetSpy(std::vector<std::string> facets, const FacetSnapshot* snapshot);

  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts one document by id (requires a snapshot).
  void Count(Xapian::docid did) {
    snapshot_->ForEach(did, [&](std::uint32_t id) {
      if (id < wanted_.size() && wanted_[id]) ++id_counts_[id];
    });
  }
  bool has_snapshot() const { return snapshot_ != nullptr; }
  std::string name() const override { return "asta::search::FacetSpy"; }

  // Every facet asked for, its values by count descending, then value ascending.
  std::map<std::string, std::vector<FacetValue>> Counts() const;

 private:
  // Heterogeneous lookup: a value is copied only the first time it is counted.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using CountMap = std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>>;

  std::vector<std::string> facets_;  // sorted, unique
  std::vector<CountMap> counts_;     // parallel to facets_ (slot path)

  const FacetSnapshot* snapshot_ = nullptr;
  std::vector<char> wanted_;            // by catalog id (snapshot path)
  std::vector<std::size_t> id_counts_;  // by catalog id (snapshot path)
};

}  // namespace asta::search::internal
