// The full-text search engine: one index of people and organisations that answers free
// text in Japanese and English, names in any script and spelling, facet filters and facet
// counts, with deterministic ranking and cursor pagination. Backed by Xapian; no Xapian
// type appears here. Pure computation over its own index directory: no storage module,
// no HTTP. The index is derived state, rebuildable from the database (see DESIGN.md).
//
// What a query matches (terms.h lists the index terms):
//   free text   English words are stemmed ("universities" finds "university"); Chinese
//               and Japanese characters are indexed as unigrams and bigrams, so 東京大学
//               finds 東京大学大学院 and any Japanese query finds Japanese text;
//   names       every name form goes through the name engine (names::Analyzer) and is
//               indexed by its Latin keys, phonetic keys, consonant skeletons and
//               one-edit variants, so 「東北大学」, "Tohoku University", "tohoku univ" and
//               "Tohku University" meet the same document, and a name match outranks a
//               document that only mentions the words in its text.
// Ranking is Xapian's BM25 over those terms (without document-length normalisation), ties
// in the order documents entered the index, and browsing (no text) by document id, so a
// query on an unchanged index always returns the same order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace asta::search {

enum class DocType { kPerson, kOrganization };
std::string_view DocTypeName(DocType type);  // "person" | "organization"

// Limits on what a document and a query may hold; beyond them an error names the field.
inline constexpr std::size_t kMaxIdBytes = 200;
inline constexpr std::size_t kMaxFacetBytes = 200;  // facet name + value
inline constexpr std::size_t kMaxQueryTextBytes = 4096;
inline constexpr std::size_t kMaxLimit = 200;
// Results::total is exact up to this many matches (always exact when facets are asked
// for); above it, it is Xapian's estimate.
inline constexpr std::size_t kExactTotalUpTo = 10'000;

struct Document {
  std::string id;  // unique key, e.g. "person:12", "organization:5"
  DocType type = DocType::kPerson;
  std::string display_name;          // stored, returned in hits
  std::string ror;                   // stored (organisations), may be empty
  std::vector<std::string> names;    // every name form, any script, primary first
  std::vector<std::string> text_en;  // free text: biography, keywords, fields, titles…
  std::vector<std::string> text_ja;
  // Multi-valued facets ("country", "theme", "org_type", "jp_experience",
  // "career_stage"…). Facet names are [a-z0-9_]+; values are non-empty, any UTF-8
  // without control characters, matched exactly.
  std::map<std::string, std::vector<std::string>> facets;
};

struct Query {
  std::string text;             // free text and/or a name, any script; "" = browse by filters
  std::optional<DocType> type;  // only documents of this type
  // OR within a facet, AND across facets; a facet given with no values is ignored.
  std::map<std::string, std::vector<std::string>> filters;
  std::vector<std::string> facets;  // facets to count over ALL matches (not just the page)
  std::size_t limit = 20;           // 1..kMaxLimit
  std::string cursor;               // opaque, from Results::next_cursor; "" = first page
};

struct Hit {
  std::string id;
  DocType type = DocType::kPerson;
  std::string display_name;
  std::string ror;
  double score = 0;  // higher is better; 0 when browsing without text
};

struct FacetValue {
  std::string value;
  std::size_t count = 0;
};

struct Results {
  std::vector<Hit> hits;  // best first; ties in index order (browsing: by id)
  // One entry per facet asked for (empty when no match has it), by count desc, then value.
  std::map<std::string, std::vector<FacetValue>> facet_counts;
  // Matches: exact up to kExactTotalUpTo and whenever facets are asked for, else Xapian's
  // estimate (counting them all would cost every broad query a full scan).
  std::size_t total = 0;
  std::string next_cursor;  // "" when no more
};

// A document turned into index terms, ready for Index::Upsert. Preparing is the costly
// part of indexing (every name goes through the name analyzer), so callers that load many
// documents prepare them on worker threads and upsert from one. Move-only.
class PreparedDocument {
 public:
  PreparedDocument();
  ~PreparedDocument();
  PreparedDocument(PreparedDocument&&) noexcept;
  PreparedDocument& operator=(PreparedDocument&&) noexcept;
  const std::string& id() const;

  struct Impl;

 private:
  friend class Index;
  friend class BulkLoad;
  std::unique_ptr<Impl> impl_;
};

class BulkLoad;

// A search index in a directory of its own (Xapian glass format).
//
// Thread-safety: every member may be called from many threads at once. Searches run on
// a pool of read-only database handles, one per concurrent search, and never wait for a
// writer; writes (Upsert, Remove, Commit, Clear, SetMetadata) are serialised among
// themselves. A search sees the index as of the last commit: Commit, or the flush that
// Upsert and Remove make every 1,000 writes (keeping Xapian's write buffers small is what
// makes bulk loads fast), so a large batch becomes visible piece by piece.
//
// Pagination: a cursor holds the position in the ranking of the query it came from. On
// an index that does not change between two pages, pages neither repeat nor skip a hit;
// when documents are written between pages, the next page is taken from the ranking as
// it is then.
class Index {
 public:
  // Opens the index in `dir`, creating the directory and an empty index when absent.
  // Fails with kUnavailable when another writer holds the index (another Index in this
  // or another process), kFailedPrecondition when the directory holds an index of
  // another format version (rebuild it), kInternal on other I/O or library failures.
  static Result<std::unique_ptr<Index>> Open(const std::filesystem::path& dir);
  // An index that lives only as long as the returned object: a private temporary
  // directory, removed by the destructor. Same behaviour and costs as Open otherwise.
  static Result<std::unique_ptr<Index>> InMemory();

  // Closes the index. Xapian commits writes still pending at close; a crash loses them.
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Checks a document and turns it into terms (names analysed, text tokenised). Fails
  // with kInvalidArgument naming the field ("id", "facets"). Safe from any thread, needs
  // no index. Cost: ~25 µs per name reading plus ~1 µs per word of text; a name prepared
  // before (same kind, same string) costs a copy of its terms, from a process-wide cache
  // of up to 65,536 names (some tens of MB).
  static Result<PreparedDocument> Prepare(const Document& doc);

  // Adds the document, or replaces the one with the same id. Visible after the next
  // commit (Commit, or the flush every 1,000 writes).
  // Upsert(const Document&) is Prepare + Upsert(PreparedDocument&&) and analyses the
  // names before taking the write lock, so concurrent upserts analyse in parallel.
  // Fails with kInvalidArgument (bad document, see Prepare) or kInternal (library or
  // I/O failure; the pending writes are then in an unknown state: Clear and rebuild).
  Status Upsert(const Document& doc);
  Status Upsert(PreparedDocument&& doc);
  // Removes the document with this id. An absent id is not an error.
  Status Remove(std::string_view id);
  // Makes the writes so far durable (fsync) and visible to Search. Cost: one Xapian
  // commit, milliseconds to seconds depending on the pending batch.
  Status Commit();
  // Drops every document and every metadata entry; takes effect at the next Commit,
  // like other writes. Cost: proportional to the number of documents.
  Status Clear();

  // Starts loading many documents into this index, which must hold none, on several
  // threads at once (see BulkLoad). Fails with kInvalidArgument when `shards` is 0 or above
  // kMaxBulkShards, kFailedPrecondition when the index holds documents (visible or not) or
  // another load is running, kInternal on I/O or library failures. Until the load is
  // finished or abandoned, every write to the index (Upsert, Remove, Commit, Clear,
  // SetMetadata) fails with kFailedPrecondition; searches see the index as it was. The
  // index must outlive the load.
  // Each shard starts a new database every `docs_per_part` documents (see BulkLoad; 0 is
  // kInvalidArgument).
  static constexpr std::size_t kMaxBulkShards = 64;
  static constexpr std::size_t kBulkDocsPerPart = 30'000;
  Result<std::unique_ptr<BulkLoad>> StartBulkLoad(std::size_t shards,
                                                  std::size_t docs_per_part = kBulkDocsPerPart);

  // Runs a query. Fails with kInvalidArgument naming the field: "limit" (0 or above
  // kMaxLimit), "cursor" (malformed or from another query), "text" (too long, or a
  // syntax error such as "foo AND"), "filters" or "facets" (bad facet name); kUnavailable
  // or kInternal on library failures. Cost: a few milliseconds for selective queries;
  // asking for facet counts visits every match.
  //
  // On an index of at least parallel_min_docs() documents, when no other search keeps
  // the cores busy, a query runs on two threads at once, each matching half of the index's
  // document ids with the same collection statistics, and the halves are merged: the
  // answer (hits, order, scores, totals, facet counts) is the same as on one thread, in
  // about half the time.
  Result<Results> Search(const Query& q) const;

  // Below this many documents a search runs on one thread (the hand-off costs more than it
  // saves). 0 disables the split. Default kParallelMinDocs; tests lower it.
  static constexpr std::size_t kParallelMinDocs = 100'000;
  void set_parallel_min_docs(std::size_t n);
  std::size_t parallel_min_docs() const;

  // Facet counts come from bitmaps of the match set (frequent terms' bitmaps cached, at
  // most 64 MiB) rather than from the matcher visiting every match: the same counts,
  // several times faster on broad queries. Off only to compare (tests, benchmarks). Terms
  // with at least cache_min_postings postings have their bitmaps cached.
  static constexpr std::size_t kBitmapCacheMinPostings = 20'000;
  void set_facet_bitmaps(bool on, std::size_t cache_min_postings = kBitmapCacheMinPostings);

  // Documents visible to Search (as of the last Commit). Never blocks.
  std::size_t size() const;

  // Small key/value entries stored in the index (e.g. the change-log position the index
  // is current to), made durable with the documents by the next commit. Because Upsert
  // flushes on its own, set a position after the writes it covers and just before
  // Commit: then no commit can hold the position without those writes. GetMetadata sees
  // the value last set in this process, committed or not, and "" when unset. Keys are
  // 1..200 bytes (kInvalidArgument naming "key").
  Status SetMetadata(const std::string& key, const std::string& value);
  Result<std::string> GetMetadata(const std::string& key) const;

  struct Impl;

 private:
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Loading many documents into an empty index, for a first build or a rebuild after Clear
// and Commit. Upsert has one writer, and Xapian's writer costs more per document than
// preparing it (about 150 µs against 85 µs for a profile on this kind of machine), so a
// bulk load writes `shards` private Xapian databases under the index directory, each
// behind a lock of its own, and Finish merges them into the index with Xapian's
// compaction (about 10 µs per document), which also leaves it smaller and faster to search
// than one written document by document. With as many shards as threads calling Add, the
// writes run in parallel.
//
// Each thread that adds writes a shard of its own (threads beyond `shards` share them),
// so that a shard's buffers stay in one core's caches, and a shard starts a new database
// (a part) every `docs_per_part` documents, because Xapian's writer costs more per
// document as its database grows. A document replaces one with the same id added before
// by the same thread, as with Upsert; when several threads add the same id, one of their
// documents stays (Finish drops the others, at about a microsecond per document). Nothing is
// visible to Search before Finish. Destroying a load that was not finished abandons it: its shards
// are removed and the index stays empty and writable.
//
// Thread-safety: Add from any number of threads at once; Finish once, after every Add
// has returned.
class BulkLoad {
 public:
  ~BulkLoad();
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;

  // Writes the documents to the calling thread's shard. Fails with
  // kInvalidArgument for an empty prepared document, kFailedPrecondition after Finish,
  // kInternal on library or I/O failures (the load is then lost: Finish fails too).
  // Cost: about Xapian's writer cost per document, on the calling thread.
  Status Add(std::vector<PreparedDocument>&& docs);

  // Merges the shards into the index, commits (durably, unless the index is InMemory) and
  // makes the documents visible; the index is writable again afterwards. Searches wait
  // for the moment the merged files replace the empty index (milliseconds), not for the
  // merge. Fails with kFailedPrecondition when called twice or after a failed Add,
  // kUnavailable when another writer took the index while its files were replaced, and
  // kInternal on library or I/O failures (the index is then empty: start again).
  Status Finish();

  struct Impl;

 private:
  friend class Index;
  explicit BulkLoad(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace asta::search
