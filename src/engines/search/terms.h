// The index terms of the search engine and the queries over them. Indexing and searching
// both go through this file, so a document and a query always agree on the terms.
//
// Prefixes (Xapian convention: upper-case prefix, then the lower-case key):
//   (none)  free text and names as text: English stemmed (Xapian::Stem("english"),
//           STEM_ALL), Chinese/Japanese/Korean characters as unigrams and bigrams
//           (FLAG_CJK_NGRAM); without positions (see search.cc)
//   Q id    the document's id (unique, boolean)
//   T type  "Tperson" | "Torganization" (boolean)
//   F facet:value  one per facet value (boolean)
// and, for every reading of every name from names::Analyzer (stop words left out):
//   K key       a part's Latin key ("tohoku", "university", "kk")
//   P phon      a name part's phonetic key (satou and sato meet: "sat")
//   S skel      a name part's consonant skeleton, when at least 3 letters (Arabic
//               "mhmd" meets "Muhammad")
//   E key       a name part's or organisation term's key of 3+ letters (and an
//               organisation term's written word, and a stop word of 5+ letters such as
//               "General" in an organisation's name): the keys a misspelt part may mean
//   XF keys     the whole name: the keys of its name parts and organisation terms, sorted
//               and joined by '_' ("tohoku_university"); legal forms left out, so
//               "Toyota Motor" meets "Toyota Motor Corporation"
//   XP phons    the same with phonetic keys
//   XO keys     every key in written order, stop words included ("university_of_tokyo"):
//               the name as written outranks the same words in another order
//   XK skels    the skeletons of the name parts and organisation terms in written order,
//               the same signal surviving a vowel typo
// A term longer than Xapian's limit keeps its prefix and a hash of its value.
//
// The edit lexicon (Xapian's synonym table): for every E key, the key itself and, when it
// has 4+ letters, each of its one-letter deletions (EditValues), each pointing to the key:
// "E" + "tohku" -> "tohoku". Two keys one edit apart (insertion, deletion, substitution,
// adjacent swap) share one of these strings, so a misspelt query part finds the keys it
// may mean by looking up its own EditValues, then asks for their E terms; and a misspelt
// whole name asks for the XF terms of the name with one part replaced by such a key. The
// lexicon grows with the distinct keys, not with the documents: deletions used to be
// index terms of every document (28 of its 124 terms, mostly unique, a third of the
// writer's cost); as lexicon entries they cost once per distinct key. An entry whose key
// no longer occurs in any document is harmless: its E term matches nothing.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/names/names.h"

namespace asta::search::internal {

inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixType = "T";
inline constexpr std::string_view kPrefixFacet = "F";

// Prefix + value, hashed when longer than Xapian allows.
std::string MakeTerm(std::string_view prefix, std::string_view value);
std::string FacetTerm(std::string_view facet, std::string_view value);

// Appends the name terms of one analysed name (unsorted, may repeat), and to `edit_keys`
// the keys that have E terms, for the edit lexicon (unsorted, may repeat).
void AppendNameTerms(const names::AnalyzedName& name, std::vector<std::string>& terms,
                     std::vector<std::string>& edit_keys);

// The lexicon strings of an E key: the key when it has 3+ letters, and its one-letter
// deletions when it has 4+. Each is stored as LexiconEntry(string) -> key.
std::vector<std::string> EditValues(std::string_view key);
std::string LexiconEntry(std::string_view value);

// What the name query asks of the index it runs on: whether a term is in any document,
// and the keys a lexicon entry (LexiconEntry) points to.
struct TermSource {
  std::function<bool(const std::string& term)> exists;
  std::function<std::vector<std::string>(const std::string& entry)> lexicon;
};

// The query for a name as a user types it: for each reading, every name part must meet a
// part of the document (by key, phonetic key, skeleton or one edit), and whole-name
// terms and organisation terms add weight. Readings are alternatives, their weights
// summed: a document written in the query's script meets all of its readings. One-edit
// variants are asked for only when the exact key (K, XF) is in no document: "Kato" is
// not a typo of "Sato" when Katos exist, and a common word does not drag a dozen posting
// lists along. An empty query when the name has no usable part.
Xapian::Query NameQuery(const names::AnalyzedName& name, const TermSource& index);

// The one-letter deletions of an ASCII key, unique, in order of position.
std::vector<std::string> Deletions(std::string_view key);

}  // namespace asta::search::internal
