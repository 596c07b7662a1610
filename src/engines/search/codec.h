// Byte formats private to the search engine: what a Xapian document stores (its data and
// the facet value slot) and the opaque pagination cursor. Nothing here is part of the
// engine's contract; only search.cc and facet_spy.cc use it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/search/search.h"

namespace asta::search::internal {

// Value slots of every document.
inline constexpr unsigned kSlotId = 0;      // the id, for ties in the ranking
inline constexpr unsigned kSlotFacets = 1;  // EncodeFacets, read by FacetSpy

// What a hit returns, stored as the document data.
struct StoredFields {
  std::string id;
  DocType type = DocType::kPerson;
  std::string display_name;
  std::string ror;
};
std::string EncodeStored(const StoredFields& fields);
// nullopt when the bytes were not written by EncodeStored.
std::optional<StoredFields> DecodeStored(std::string_view bytes);

// Facets as "name\x1fvalue\x1e" entries, sorted by name then value, duplicates dropped.
// Names and values never hold control characters (Prepare checks), so the separators are
// unambiguous.
inline constexpr char kFacetNameEnd = '\x1f';
inline constexpr char kFacetEntryEnd = '\x1e';
std::string EncodeFacets(const std::map<std::string, std::vector<std::string>>& facets);

// Calls fn(name, value) for every entry of EncodeFacets output, in stored order.
template <class Fn>
void ForEachFacet(std::string_view bytes, Fn&& fn) {
  while (!bytes.empty()) {
    const std::size_t name_end = bytes.find(kFacetNameEnd);
    if (name_end == std::string_view::npos) return;
    std::size_t entry_end = bytes.find(kFacetEntryEnd, name_end + 1);
    if (entry_end == std::string_view::npos) entry_end = bytes.size();
    fn(bytes.substr(0, name_end), bytes.substr(name_end + 1, entry_end - name_end - 1));
    bytes.remove_prefix(std::min(entry_end + 1, bytes.size()));
  }
}

// The cursor: the offset of the next page in the ranking of one query, and a fingerprint
// of that query (text, type, filters) so that a cursor is not replayed on another query.
struct Cursor {
  std::uint64_t offset = 0;
  std::uint64_t fingerprint = 0;
};
std::string EncodeCursor(const Cursor& cursor);
std::optional<Cursor> DecodeCursor(std::string_view text);
std::uint64_t QueryFingerprint(const Query& q);

}  // namespace asta::search::internal
