// The index: one Xapian WritableDatabase behind a write lock, and a pool of read-only
// Xapian::Database handles for searches. Xapian objects are not safe for concurrent use,
// so a search borrows a handle of its own for its duration. A borrowed handle is reopened
// on the latest committed revision (a cheap check when nothing changed), so a search never
// sees an older revision than a search before it; a search that meets a revision the
// writer has since overwritten (DatabaseModifiedError) reopens and runs again. Searches
// therefore never wait for a writer, however long its batch.
#include "engines/search/search.h"

#include <stdlib.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engines/names/names.h"
#include "engines/search/codec.h"
#include "engines/search/facet_cache.h"
#include "engines/search/facet_spy.h"
#include "engines/search/match_bits.h"
#include "engines/search/terms.h"

namespace asta::search {

std::string_view DocTypeName(DocType type) {
  return type == DocType::kOrganization ? "organization" : "person";
}

struct PreparedDocument::Impl {
  std::string id;
  Xapian::Document doc;
  std::string facets;                  // EncodeFacets, also in the document's facet slot
  std::vector<std::string> edit_keys;  // for the edit lexicon (terms.h), sorted, unique
};

PreparedDocument::PreparedDocument() = default;
PreparedDocument::~PreparedDocument() = default;
PreparedDocument::PreparedDocument(PreparedDocument&&) noexcept = default;
PreparedDocument& PreparedDocument::operator=(PreparedDocument&&) noexcept = default;

const std::string& PreparedDocument::id() const {
  static const std::string kEmpty;
  return impl_ ? impl_->id : kEmpty;
}

namespace {

using internal::FacetTerm;
using internal::MakeTerm;

// The format of the terms (terms.h) and slots (codec.h). An index written with another
// version is refused at Open rather than searched wrongly.
constexpr const char* kSchemaKey = "asta.search.schema";
// 2: deletions in the edit lexicon instead of E and XE terms.
constexpr const char* kSchemaVersion = "2";
// User metadata keys live under their own prefix, apart from the schema entry.
constexpr std::string_view kUserKeyPrefix = "u:";
constexpr std::size_t kMaxMetadataKeyBytes = 200;

// The name query is scaled above free text so that a document whose name matches ranks
// above documents that only mention the words (terms.cc scales the kinds of name terms).
constexpr double kWeightNames = 2.0;
// Longer texts are read as free text only: a sentence is not a name.
constexpr std::size_t kMaxNameQueryBytes = 200;
constexpr std::size_t kMaxNameQueryWords = 12;

// Upsert and Remove flush (commit) every this many writes. Xapian buffers writes in
// per-term trees that it walks for every posting; past a few thousand documents they no
// longer fit the caches and each posting costs several times more (1,000: 365 µs per
// document, Xapian's default of 10,000: 550 µs; docs/performance.md).
constexpr std::size_t kFlushEvery = 1000;

// Under the index directory: the shards and their merge while a load runs, and the mark
// left while the merged files replace the index's (a crash then leaves an index to empty).
constexpr const char* kBulkDir = ".bulk-load";
constexpr const char* kSwapMark = ".bulk-swap";

constexpr int kMaxSearchAttempts = 5;
constexpr std::size_t kMaxIdleReaders = 32;

// Adds the lexicon entries of the keys not in `known` (the keys this writer has entered
// since it opened the index: each key's entries are written once per writer, not once
// per document). Entering a key again is harmless: Xapian keeps one copy of a synonym.
void AddToLexicon(Xapian::WritableDatabase& db, const std::vector<std::string>& keys,
                  std::unordered_set<std::string>& known) {
  for (const std::string& key : keys) {
    if (known.count(key) != 0) continue;
    for (const std::string& v : internal::EditValues(key)) {
      db.add_synonym(internal::LexiconEntry(v), key);
    }
    known.insert(key);
  }
}

Error XapianError(const Xapian::Error& e, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += e.get_type();
  message += ": ";
  message += e.get_msg();
  // Xapian::Error is not polymorphic: its type name tells the subclass.
  const std::string_view type = e.get_type();
  if (type == "DatabaseLockError") {
    message += " (another writer holds the index)";
    return Error{ErrorCode::kUnavailable, std::move(message), {}};
  }
  if (type == "DatabaseVersionError") {
    return Error{ErrorCode::kFailedPrecondition, std::move(message), {}};
  }
  return Error{ErrorCode::kInternal, std::move(message), {}};
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool ValidFacetName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status CheckFacetName(std::string_view name, const std::string& field) {
  if (ValidFacetName(name)) return Ok();
  return InvalidArgument("facet name \"" + std::string(name) + "\" must be [a-z0-9_]+", field);
}

Status CheckFacetValue(std::string_view name, std::string_view value, const std::string& field) {
  if (value.empty() || HasControl(value)) {
    return InvalidArgument(
        "facet " + std::string(name) + ": values must be non-empty and hold no control characters",
        field);
  }
  if (name.size() + value.size() > kMaxFacetBytes) {
    return InvalidArgument("facet " + std::string(name) + ": value longer than " +
                               std::to_string(kMaxFacetBytes) + " bytes",
                           field);
  }
  return Ok();
}

Status CheckId(std::string_view id) {
  if (id.empty()) return InvalidArgument("id is empty", "id");
  if (id.size() > kMaxIdBytes) {
    return InvalidArgument("id longer than " + std::to_string(kMaxIdBytes) + " bytes", "id");
  }
  return Ok();
}

names::Kind KindOf(DocType type) {
  return type == DocType::kOrganization ? names::Kind::kOrganization : names::Kind::kPerson;
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

std::size_t CountWords(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Xapian's English stemmer, remembering the words it has stemmed. Profiles draw on a
// vocabulary of some thousands of words, and stemming each occurrence again was a
// quarter of the cost of tokenising a profile's text. One per generator, so per thread.
class CachingStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    if (const auto it = cache_.find(word); it != cache_.end()) return it->second;
    // A bound on the memory a thread keeps; starting afresh costs a few misses.
    if (cache_.size() >= kMaxWords) cache_.clear();
    return cache_.emplace(word, stem_(word)).first->second;
  }
  std::string get_description() const override { return "CachingStemmer(english)"; }

 private:
  static constexpr std::size_t kMaxWords = 100'000;
  Xapian::Stem stem_{"english"};
  std::unordered_map<std::string, std::string> cache_;
};

// One generator per thread: Xapian objects are not thread-safe, and building a stemmer
// per document would cost more than the document.
Xapian::TermGenerator& Generator() {
  thread_local Xapian::TermGenerator generator = [] {
    Xapian::TermGenerator g;
    g.set_stemmer(Xapian::Stem(new CachingStemmer()));
    g.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    g.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    return g;
  }();
  return generator;
}

// The name terms of a name (terms.h), by kind and name as written. Names repeat across
// profiles (family names, common given names, an organisation's name on every profile
// that gives it), and analysing one costs tens of microseconds (transliteration, MeCab
// readings). Shared by every thread in sharded maps of bounded size: a shard that is full
// starts afresh, which costs a few misses and keeps the memory to some tens of megabytes.
struct NameTerms {
  std::vector<std::string> terms;
  std::vector<std::string> edit_keys;
};

class NameTermsCache {
 public:
  std::shared_ptr<const NameTerms> Get(std::string_view name, names::Kind kind) {
    std::string key(1, static_cast<char>('0' + static_cast<int>(kind)));
    key.append(name);
    Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
    {
      const std::lock_guard<std::mutex> lock(shard.mu);
      if (const auto it = shard.map.find(key); it != shard.map.end()) return it->second;
    }
    auto computed = std::make_shared<NameTerms>();
    internal::AppendNameTerms(names::Analyzer::Default().Analyze(name, kind), computed->terms,
                              computed->edit_keys);
    const std::lock_guard<std::mutex> lock(shard.mu);
    if (shard.map.size() >= kNamesPerShard) shard.map.clear();
    shard.map.emplace(std::move(key), computed);
    return computed;
  }

 private:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kNamesPerShard = 4096;  // about 1 KB of terms each
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, std::shared_ptr<const NameTerms>> map;
  };
  std::array<Shard, kShards> shards_;
};

NameTermsCache& NameCache() {
  static NameTermsCache* const cache = new NameTermsCache();  // never destroyed: used at exit
  return *cache;
}

// Xapian's CJK n-gram ranges (cjk-tokenizer.cc in 1.4): a CJK character that is also a
// word character is n-grammed.
bool IsCjkWordChar(unsigned cp) {
  const bool cjk = (cp >= 0x2E80 && cp <= 0x2EFF) || (cp >= 0x3000 && cp <= 0x9FFF) ||
                   (cp >= 0xA700 && cp <= 0xA71F) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
                   (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                   (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
                   (cp >= 0x2F800 && cp <= 0x2FA1F);
  return cjk && Xapian::Unicode::is_wordchar(cp);
}

// The CJK code points of a term of one or two CJK characters; empty otherwise.
std::vector<unsigned> CjkChars(const std::string& term) {
  std::vector<unsigned> out;
  for (Xapian::Utf8Iterator it(term); it != Xapian::Utf8Iterator(); ++it) {
    if (!IsCjkWordChar(*it) || out.size() == 2) return {};
    out.push_back(*it);
  }
  return out;
}

// The subqueries of an AND with each chain of overlapping CJK bigrams (a span's bigrams
// in order: 再生 生可 可能 能エ エネ ネル ルギ ギー) cut to bigrams that still cover every
// character of the span (再生 可能 エネ ルギ ギー). The index has no positions, so the
// AND never checked that the bigrams are adjacent; the dropped ones add little precision
// and cost a dense posting list each (再生可能エネルギー: 8 -> 5 lists).
std::vector<Xapian::Query> CoveringBigrams(std::vector<Xapian::Query> subs) {
  using Q = Xapian::Query;
  std::vector<std::vector<unsigned>> chars(subs.size());
  for (std::size_t i = 0; i < subs.size(); ++i) {
    if (subs[i].get_type() == Q::LEAF_TERM) chars[i] = CjkChars(*subs[i].get_terms_begin());
  }
  std::vector<Q> out;
  std::size_t i = 0;
  while (i < subs.size()) {
    if (chars[i].size() != 2) {
      out.push_back(std::move(subs[i++]));
      continue;
    }
    std::size_t end = i + 1;  // the chain is [i, end)
    while (end < subs.size() && chars[end].size() == 2 && chars[end][0] == chars[end - 1][1]) {
      ++end;
    }
    for (std::size_t k = i; k < end; ++k) {
      if ((k - i) % 2 == 0 || k + 1 == end) out.push_back(std::move(subs[k]));
    }
    i = end;
  }
  return out;
}

// Xapian's parser turns a CJK span into the AND of its unigrams and bigrams. Every
// unigram is inside a bigram of the same span, so the unigrams add nothing but work
// (half the posting lists of the AND); they are dropped, except for a one-character
// span. Phrases become AND: the index has no positions, where Xapian does the same.
// Operators this does not know are kept as they are.
Xapian::Query DropCoveredUnigrams(const Xapian::Query& q) {
  using Q = Xapian::Query;
  const Q::op op = q.get_type();
  if (op != Q::OP_AND && op != Q::OP_OR && op != Q::OP_AND_NOT && op != Q::OP_XOR &&
      op != Q::OP_AND_MAYBE && op != Q::OP_FILTER && op != Q::OP_SYNONYM && op != Q::OP_PHRASE &&
      op != Q::OP_NEAR) {
    return q;
  }
  const bool conjunction = op == Q::OP_AND || op == Q::OP_PHRASE || op == Q::OP_NEAR;
  std::vector<unsigned> in_bigrams;
  if (conjunction) {
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      const Q sub = q.get_subquery(i);
      if (sub.get_type() != Q::LEAF_TERM) continue;
      const std::vector<unsigned> chars = CjkChars(*sub.get_terms_begin());
      if (chars.size() == 2) in_bigrams.insert(in_bigrams.end(), chars.begin(), chars.end());
    }
  }
  std::vector<Q> subs;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    const Q sub = q.get_subquery(i);
    if (conjunction && sub.get_type() == Q::LEAF_TERM) {
      const std::vector<unsigned> chars = CjkChars(*sub.get_terms_begin());
      if (chars.size() == 1 &&
          std::find(in_bigrams.begin(), in_bigrams.end(), chars[0]) != in_bigrams.end()) {
        continue;
      }
    }
    subs.push_back(DropCoveredUnigrams(sub));
  }
  if (conjunction) subs = CoveringBigrams(std::move(subs));
  const Q::op rebuilt = conjunction ? Q::OP_AND : op;
  return Q(rebuilt, subs.begin(), subs.end());
}

// Free text as the user typed it. English is stemmed like the documents; CJK spans become
// their bigrams, all required; words are combined with AND.
Result<Xapian::Query> TextQuery(const std::string& text) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  parser.set_default_op(Xapian::Query::OP_AND);
  try {
    return DropCoveredUnigrams(parser.parse_query(
        text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM));
  } catch (const Xapian::QueryParserError& e) {
    return InvalidArgument("text: cannot parse the query (" + e.get_msg() + ")", "text");
  }
}

struct Reader {
  Reader(const std::string& dir, std::uint64_t gen) : db(dir), generation(gen) {}
  Xapian::Database db;
  std::uint64_t generation;  // handles of files a bulk load replaced are not pooled again
};

// The files of the Xapian database in `dir` (its lock file aside), which a bulk load
// replaces.
std::vector<std::filesystem::path> DatabaseFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name == "flintlock" || name == kSwapMark) continue;
    files.push_back(entry.path());
  }
  return files;
}

}  // namespace

struct Index::Impl {
  std::filesystem::path dir;
  bool temporary = false;
  int open_flags = 0;  // Xapian flags the writer was opened with

  std::mutex write_mu;
  std::optional<Xapian::WritableDatabase> writer;  // guarded by write_mu
  std::size_t unflushed = 0;                       // guarded by write_mu
  bool loading = false;                            // a BulkLoad runs; guarded by write_mu
  std::unordered_set<std::string> lexicon_keys;    // see AddToLexicon; guarded by write_mu
  internal::FacetCache facets;                     // writer side guarded by write_mu

  std::atomic<std::size_t> visible_docs{0};
  std::atomic<std::size_t> parallel_min_docs{Index::kParallelMinDocs};
  std::atomic<bool> facet_bitmaps{true};
  std::atomic<unsigned> active_searches{0};  // running Search calls
  internal::TermBitsCache term_bits;

  // Searches hold it shared; a bulk load holds it while its files replace the index's.
  mutable std::shared_mutex files_mu;

  std::mutex pool_mu;
  std::vector<std::unique_ptr<Reader>> idle;  // guarded by pool_mu
  std::uint64_t generation = 0;               // guarded by pool_mu

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      idle.clear();
    }
    if (writer) {
      try {
        writer->close();
      } catch (const Xapian::Error&) {
        // Closing drops uncommitted writes by contract; nothing else can fail usefully.
      }
      writer.reset();
    }
    if (temporary) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }

  Result<std::unique_ptr<Reader>> Borrow() {
    std::unique_ptr<Reader> reader;
    std::uint64_t gen = 0;
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      gen = generation;
      if (!idle.empty()) {
        reader = std::move(idle.back());
        idle.pop_back();
      }
    }
    try {
      if (!reader) {
        reader = std::make_unique<Reader>(dir.string(), gen);
      } else {
        reader->db.reopen();
      }
    } catch (const Xapian::Error& e) {
      return tl::unexpected(XapianError(e, "search: opening the index"));
    }
    return reader;
  }

  // Requires write_mu.
  void CommitLocked() {
    writer->commit();
    unflushed = 0;
    visible_docs.store(writer->get_doccount(), std::memory_order_relaxed);
    facets.Publish(writer->get_revision());
  }

  void Return(std::unique_ptr<Reader> reader) {
    std::lock_guard<std::mutex> lock(pool_mu);
    if (reader->generation == generation && idle.size() < kMaxIdleReaders) {
      idle.push_back(std::move(reader));
    }
  }

  // Drops the pooled handles: the files they read were replaced.
  void DropReaders() {
    std::lock_guard<std::mutex> lock(pool_mu);
    ++generation;
    idle.clear();
    term_bits.Clear();
  }

  // Runs fn(writer) under the write lock, turning Xapian exceptions into errors. A write
  // of a document counts towards the next flush.
  enum class Counts { kNo, kYes };
  template <class Fn>
  Status Write(std::string_view what, Fn&& fn, Counts counts = Counts::kNo) {
    std::lock_guard<std::mutex> lock(write_mu);
    if (loading) return FailedPrecondition(std::string(what) + ": a bulk load is running");
    if (!writer) {
      return Unavailable(std::string(what) + ": the index lost its writer in a bulk load");
    }
    try {
      fn(*writer);
      if (counts == Counts::kYes && ++unflushed >= kFlushEvery) CommitLocked();
      return Ok();
    } catch (const Xapian::Error& e) {
      return tl::unexpected(XapianError(e, what));
    } catch (const std::exception& e) {
      return Internal(std::string(what) + ": " + e.what());
    }
  }
};

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;

namespace {

// A crash while a bulk load replaced the index's files leaves a mix of two databases;
// the load was into an empty index, so emptying it loses nothing that was committed.
Status RecoverFromBulkLoad(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir / kSwapMark, ec)) return Ok();
  try {
    for (const auto& file : DatabaseFiles(dir)) std::filesystem::remove(file);
    std::filesystem::remove(dir / kSwapMark);
  } catch (const std::filesystem::filesystem_error& e) {
    return Internal("search: emptying " + dir.string() +
                    " after an interrupted bulk load: " + e.what());
  }
  return Ok();
}

Result<std::unique_ptr<Index::Impl>> OpenImpl(const std::filesystem::path& dir, int flags) {
  ASTA_RETURN_IF_ERROR(RecoverFromBulkLoad(dir));
  auto impl = std::make_unique<Index::Impl>();
  impl->dir = dir;
  impl->open_flags = flags;
  try {
    impl->writer.emplace(dir.string(),
                         Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS | flags);
    Xapian::WritableDatabase& db = *impl->writer;
    const std::string schema = db.get_metadata(kSchemaKey);
    if (schema.empty()) {
      if (db.get_doccount() != 0) {
        return FailedPrecondition("search index at " + dir.string() +
                                  " was not written by asta: rebuild it");
      }
      db.set_metadata(kSchemaKey, kSchemaVersion);
      db.commit();
    } else if (schema != kSchemaVersion) {
      return FailedPrecondition("search index at " + dir.string() + " has format " + schema +
                                ", this build reads " + kSchemaVersion + ": rebuild it");
    }
    impl->visible_docs = db.get_doccount();
    impl->facets.Load(db, internal::kSlotFacets);
  } catch (const Xapian::Error& e) {
    return tl::unexpected(XapianError(e, "search: opening " + dir.string()));
  }
  // Shards of a load that a crash interrupted; this process now holds the write lock.
  std::error_code ec;
  std::filesystem::remove_all(dir / kBulkDir, ec);
  return impl;
}

}  // namespace

Result<std::unique_ptr<Index>> Index::Open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Internal("search: cannot create " + dir.string() + ": " + ec.message());
  ASTA_ASSIGN_OR_RETURN(auto impl, OpenImpl(dir, 0));
  return std::unique_ptr<Index>(new Index(std::move(impl)));
}

Result<std::unique_ptr<Index>> Index::InMemory() {
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / "asta-search-XXXXXX").string();
  if (ec) return Internal("search: no temporary directory: " + ec.message());
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Internal("search: cannot create a temporary directory under " + pattern);
  }
  // Not durable by design, so commits skip fsync.
  auto impl = OpenImpl(pattern, Xapian::DB_NO_SYNC);
  if (!impl) {
    std::filesystem::remove_all(pattern, ec);
    return tl::unexpected(impl.error());
  }
  (*impl)->temporary = true;
  return std::unique_ptr<Index>(new Index(std::move(*impl)));
}

Result<PreparedDocument> Index::Prepare(const Document& doc) {
  ASTA_RETURN_IF_ERROR(CheckId(doc.id));
  for (const auto& [name, values] : doc.facets) {
    ASTA_RETURN_IF_ERROR(CheckFacetName(name, "facets"));
    for (const std::string& v : values) ASTA_RETURN_IF_ERROR(CheckFacetValue(name, v, "facets"));
  }
  std::vector<std::string_view> names(doc.names.begin(), doc.names.end());
  if (names.empty() && !doc.display_name.empty()) names.push_back(doc.display_name);

  PreparedDocument out;
  out.impl_ = std::make_unique<PreparedDocument::Impl>();
  out.impl_->id = doc.id;
  Xapian::Document& xd = out.impl_->doc;
  try {
    Xapian::TermGenerator& tg = Generator();
    tg.set_document(xd);
    // Names are text too (東京大学 finds 東京大学大学院 by its characters). No positions:
    // Xapian's writer costs a few microseconds per posting and as much again per position
    // list on this kind of machine, and the index builds half again as fast without them
    // (docs/performance.md). A quoted phrase then matches its words in any order
    // (Xapian treats OP_PHRASE as OP_AND on an index without positions); CJK queries are
    // AND of n-grams either way.
    for (const std::string_view name : names) {
      tg.index_text_without_positions(Xapian::Utf8Iterator(name.data(), name.size()));
    }
    for (const auto* texts : {&doc.text_en, &doc.text_ja}) {
      for (const std::string& text : *texts) tg.index_text_without_positions(text);
    }
    // The generator keeps a handle on the document; drop it here, because the document
    // is handed to the writer's thread and Xapian's reference counts are not atomic.
    tg.set_document(Xapian::Document());

    std::vector<std::string> terms;
    std::vector<std::string>& keys = out.impl_->edit_keys;
    for (const std::string_view name : names) {
      const std::shared_ptr<const NameTerms> cached = NameCache().Get(name, KindOf(doc.type));
      terms.insert(terms.end(), cached->terms.begin(), cached->terms.end());
      keys.insert(keys.end(), cached->edit_keys.begin(), cached->edit_keys.end());
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (const std::string& t : terms) xd.add_term(t);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

    xd.add_boolean_term(MakeTerm(internal::kPrefixId, doc.id));
    xd.add_boolean_term(MakeTerm(internal::kPrefixType, DocTypeName(doc.type)));
    for (const auto& [name, values] : doc.facets) {
      for (const std::string& v : values) xd.add_boolean_term(FacetTerm(name, v));
    }
    xd.add_value(internal::kSlotId, doc.id);
    out.impl_->facets = internal::EncodeFacets(doc.facets);
    xd.add_value(internal::kSlotFacets, out.impl_->facets);
    xd.set_data(internal::EncodeStored({doc.id, doc.type, doc.display_name, doc.ror}));
  } catch (const Xapian::Error& e) {
    return tl::unexpected(XapianError(e, "search: preparing " + doc.id));
  }
  return out;
}

Status Index::Upsert(const Document& doc) {
  ASTA_ASSIGN_OR_RETURN(PreparedDocument prepared, Prepare(doc));
  return Upsert(std::move(prepared));
}

Status Index::Upsert(PreparedDocument&& doc) {
  if (!doc.impl_) return InvalidArgument("upsert of an empty prepared document", "id");
  const std::string term = MakeTerm(internal::kPrefixId, doc.impl_->id);
  Status s = impl_->Write(
      "search: upsert " + doc.impl_->id,
      [&](Xapian::WritableDatabase& db) {
        const Xapian::docid did = db.replace_document(term, doc.impl_->doc);
        impl_->facets.Record(did, doc.impl_->facets);
        AddToLexicon(db, doc.impl_->edit_keys, impl_->lexicon_keys);
      },
      Impl::Counts::kYes);
  doc.impl_.reset();
  return s;
}

Status Index::Remove(std::string_view id) {
  ASTA_RETURN_IF_ERROR(CheckId(id));
  const std::string term = MakeTerm(internal::kPrefixId, id);
  return impl_->Write(
      "search: remove",
      [&](Xapian::WritableDatabase& db) {
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
          impl_->facets.Forget(*it);
        }
        db.delete_document(term);
      },
      Impl::Counts::kYes);
}

Status Index::Commit() {
  return impl_->Write("search: commit", [&](Xapian::WritableDatabase&) { impl_->CommitLocked(); });
}

Status Index::Clear() {
  return impl_->Write("search: clear", [&](Xapian::WritableDatabase& db) {
    std::vector<Xapian::docid> docs;
    docs.reserve(db.get_doccount());
    for (auto it = db.postlist_begin(std::string()); it != db.postlist_end(std::string()); ++it) {
      docs.push_back(*it);
    }
    for (const Xapian::docid did : docs) db.delete_document(did);
    impl_->facets.Clear();
    std::vector<std::string> keys;
    const std::string prefix(kUserKeyPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
      keys.push_back(*it);
    }
    for (const std::string& key : keys) db.set_metadata(key, std::string());
    std::vector<std::string> entries;
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it) {
      entries.push_back(*it);
    }
    for (const std::string& entry : entries) db.clear_synonyms(entry);
    impl_->lexicon_keys.clear();
  });
}

std::size_t Index::size() const { return impl_->visible_docs.load(std::memory_order_relaxed); }

namespace {

Status CheckMetadataKey(const std::string& key) {
  if (key.empty() || key.size() > kMaxMetadataKeyBytes) {
    return InvalidArgument(
        "metadata key must be 1.." + std::to_string(kMaxMetadataKeyBytes) + " bytes", "key");
  }
  return Ok();
}

}  // namespace

Status Index::SetMetadata(const std::string& key, const std::string& value) {
  ASTA_RETURN_IF_ERROR(CheckMetadataKey(key));
  const std::string stored = std::string(kUserKeyPrefix) + key;
  return impl_->Write("search: set metadata",
                      [&](Xapian::WritableDatabase& db) { db.set_metadata(stored, value); });
}

Result<std::string> Index::GetMetadata(const std::string& key) const {
  ASTA_RETURN_IF_ERROR(CheckMetadataKey(key));
  std::string value;
  ASTA_RETURN_IF_ERROR(impl_->Write("search: get metadata", [&](Xapian::WritableDatabase& db) {
    value = db.get_metadata(std::string(kUserKeyPrefix) + key);
  }));
  return value;
}

namespace {

// The Xapian query for a Query, or an empty query when nothing can match.
// A query prepared once per Search: the parsed free text, the name as analysed, the
// filters. The Xapian query is made from it on the database handle that runs it, because
// the name query asks that handle which exact keys exist.
struct Plan {
  bool browse = false;  // no text: every document (then the filters)
  Xapian::Query text;
  std::optional<names::AnalyzedName> name;
  Xapian::Query filter;  // empty when none
};

Result<Plan> MakePlan(const Query& q) {
  Plan plan;
  plan.browse = IsBlank(q.text);
  if (!plan.browse) {
    ASTA_ASSIGN_OR_RETURN(plan.text, TextQuery(q.text));
    if (q.text.size() <= kMaxNameQueryBytes && CountWords(q.text) <= kMaxNameQueryWords) {
      const names::Kind kind = q.type ? KindOf(*q.type) : names::Kind::kAny;
      plan.name = names::Analyzer::Default().Analyze(q.text, kind);
    }
  }
  std::vector<Xapian::Query> filters;
  if (q.type) filters.emplace_back(MakeTerm(internal::kPrefixType, DocTypeName(*q.type)));
  for (const auto& [facet, values] : q.filters) {
    if (values.empty()) continue;
    std::vector<Xapian::Query> any;
    for (const std::string& v : values) any.emplace_back(FacetTerm(facet, v));
    filters.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (!filters.empty()) {
    plan.filter = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
  }
  return plan;
}

// The Xapian query of a plan on one handle, or an empty query when nothing can match.
Xapian::Query BuildQuery(const Plan& plan, const Xapian::Database& db) {
  // Query(""), not the shared Query::MatchAll: copying that static handle from many
  // threads races on its (non-atomic) reference count.
  Xapian::Query main{std::string()};
  if (!plan.browse) {
    Xapian::Query name;
    if (plan.name) {
      const internal::TermSource source{
          [&](const std::string& term) { return db.term_exists(term); },
          [&](const std::string& entry) {
            return std::vector<std::string>(db.synonyms_begin(entry), db.synonyms_end(entry));
          }};
      name = internal::NameQuery(*plan.name, source);
    }
    if (plan.text.empty() && name.empty()) return Xapian::Query();
    if (name.empty()) {
      main = plan.text;
    } else {
      name = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, name, kWeightNames);
      main = plan.text.empty() ? name : Xapian::Query(Xapian::Query::OP_OR, plan.text, name);
    }
  }
  if (plan.filter.empty()) return main;
  return Xapian::Query(Xapian::Query::OP_FILTER, main, plan.filter);
}

Status CheckQuery(const Query& q) {
  if (q.limit == 0 || q.limit > kMaxLimit) {
    return InvalidArgument("limit must be 1.." + std::to_string(kMaxLimit), "limit");
  }
  if (q.text.size() > kMaxQueryTextBytes) {
    return InvalidArgument("text longer than " + std::to_string(kMaxQueryTextBytes) + " bytes",
                           "text");
  }
  for (const auto& [facet, values] : q.filters) {
    ASTA_RETURN_IF_ERROR(CheckFacetName(facet, "filters"));
    for (const std::string& v : values) ASTA_RETURN_IF_ERROR(CheckFacetValue(facet, v, "filters"));
  }
  for (const std::string& facet : q.facets) ASTA_RETURN_IF_ERROR(CheckFacetName(facet, "facets"));
  return Ok();
}

// The documents with ids in [first, last]: narrows a query to one part of the index, so
// that two threads can each match a part. Ids of deleted documents are yielded too; under
// OP_FILTER only documents the main query matches count, and those exist.
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last) {}

  void init(const Xapian::Database& db) override {
    current_ = 0;
    end_ = std::min(last_, db.get_lastdocid());
    most_ = db.get_doccount();
  }
  // Reported as matching every document, so that Xapian's AND never lets this drive the
  // match (stepping through every id of the range) but only checks the main query's
  // candidates against it, which costs a comparison.
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return most_; }
  Xapian::doccount get_termfreq_max() const override { return most_; }
  void next(double /*min_wt*/) override { current_ = current_ == 0 ? first_ : current_ + 1; }
  void skip_to(Xapian::docid did, double /*min_wt*/) override {
    if (current_ == 0) current_ = first_;
    if (did > current_) current_ = did;
  }
  bool at_end() const override { return current_ > end_ || first_ > end_; }
  Xapian::docid get_docid() const override { return current_; }
  Xapian::PostingSource* clone() const override { return new DocidRange(first_, last_); }
  std::string name() const override { return "asta::search::DocidRange"; }

 private:
  Xapian::docid first_, last_;
  Xapian::docid end_ = 0;
  Xapian::docid current_ = 0;
  Xapian::doccount most_ = 0;
};

// What one run of a query on one handle (or one part of it) found.
struct Part {
  bool nothing = false;  // the query cannot match: no hits, no facets, total 0
  std::vector<Hit> hits;
  std::vector<Xapian::docid> docids;  // of the hits
  Xapian::doccount estimated = 0;
  Xapian::doccount lower_bound = 0;
  std::map<std::string, std::vector<FacetValue>> facets;
};

// Hits [first, first + count) of a query on one database handle, restricted to the
// document ids in `range` when given. Throws Xapian exceptions (Search catches them);
// every Xapian object it creates is destroyed when it returns.
// How a part counts facets: with match bitmaps (match_bits.h) when `bits` is set and the
// query allows it, else with the matcher visiting every match.
struct Counting {
  const internal::FacetSnapshot* facets;
  internal::TermBitsCache* bits;  // null: always the matcher
  internal::TermBitsCache::View view;
};

Result<Part> RunPart(Xapian::Database& db, const Plan& plan, const Query& q, Xapian::doccount first,
                     Xapian::doccount count,
                     std::optional<std::pair<Xapian::docid, Xapian::docid>> range,
                     const Counting& counting) {
  const internal::FacetSnapshot& facets = *counting.facets;
  Part part;
  Xapian::Query query = BuildQuery(plan, db);
  if (query.empty()) {
    part.nothing = true;
    return part;
  }
  std::optional<internal::FacetSpy> spy;
  bool counted = false;
  if (!q.facets.empty()) {
    // The in-memory facets only when they are of the revision this handle reads.
    spy.emplace(q.facets, facets.revision() == db.get_revision() ? &facets : nullptr);
    if (spy->has_snapshot() && counting.bits != nullptr) {
      const Xapian::docid lo = range ? range->first : 1;
      const Xapian::docid hi = range ? range->second : db.get_lastdocid();
      const std::optional<internal::Bits> bits =
          internal::MatchBits(query, db, lo, hi, *counting.bits, counting.view);
      if (bits) {
        Xapian::doccount n = 0;
        internal::ForEachBit(*bits, lo, hi, [&](Xapian::docid did) {
          spy->Count(did);
          ++n;
        });
        part.estimated = part.lower_bound = n;
        part.facets = spy->Counts();
        counted = true;
      }
    }
    if (counted) spy.reset();
  }
  if (range) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query((new DocidRange(range->first, range->second))->release()));
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  // BM25 without document-length normalisation (b = 0): a term's weight depends on how
  // often the profile uses it, not on how long its biography is, so a name match weighs
  // the same on a long profile as on a short one. It also lets Xapian skip reading each
  // match's length and bound weights tightly enough to stop early: broad text queries at
  // full scale run 2-6 times faster (docs/performance.md). k1 = 1.2 as Xapian's default.
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, /*b=*/0, 0.5));
  // Ties: browsing (every weight 0) lists by id; ranked text keeps the index's order of
  // documents, which costs nothing, where ordering equal weights by id would read the id
  // of every match that ties with the page's last (most of them, for broad queries).
  if (plan.browse) {
    enquire.set_sort_by_relevance_then_value(internal::kSlotId, /*reverse=*/false);
  } else {
    enquire.set_sort_by_relevance();
  }
  if (spy) enquire.add_matchspy(&*spy);
  const Xapian::doccount docs = db.get_doccount();
  // Facet counts need every match; otherwise look far enough for an exact total up to
  // kExactTotalUpTo and a sure answer to "is there a next page".
  const std::uint64_t wanted =
      std::max<std::uint64_t>(std::uint64_t{first} + count + 1, kExactTotalUpTo + 1);
  const auto check = static_cast<Xapian::doccount>(
      spy ? docs : std::min<std::uint64_t>(wanted, std::max<Xapian::doccount>(docs, 1)));
  const Xapian::MSet mset = enquire.get_mset(std::min(first, docs), count, check);

  part.hits.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    std::optional<internal::StoredFields> f = internal::DecodeStored(it.get_document().get_data());
    if (!f) {
      return Internal("search: stored fields of document " + std::to_string(*it) +
                      " are corrupt: rebuild the index");
    }
    part.hits.push_back({std::move(f->id), f->type, std::move(f->display_name), std::move(f->ror),
                         it.get_weight()});
    part.docids.push_back(*it);
  }
  if (!counted) {
    part.estimated = mset.get_matches_estimated();
    part.lower_bound = mset.get_matches_lower_bound();
    if (spy) part.facets = spy->Counts();
  }
  return part;
}

// Results from one part that covers the whole index, its hits starting at `offset`.
Results FromPart(Part&& part, const Query& q, std::uint64_t offset, std::uint64_t fingerprint) {
  Results results;
  if (part.nothing) {
    for (const std::string& facet : q.facets) results.facet_counts[facet];
    return results;
  }
  results.hits = std::move(part.hits);
  results.total = part.estimated;
  results.facet_counts = std::move(part.facets);
  const std::uint64_t next = offset + results.hits.size();
  if (!results.hits.empty() && next < part.lower_bound) {
    results.next_cursor = internal::EncodeCursor({next, fingerprint});
  }
  return results;
}

// Two parts over disjoint halves of the ids, each with its first offset + limit hits, as
// one part with the hits from `offset` on, in Xapian's order: weight descending, then for
// browsing the id ascending, else the document number ascending.
Part Merge(Part&& a, Part&& b, std::uint64_t offset, std::size_t limit, bool browse) {
  if (a.nothing && b.nothing) return std::move(a);
  Part out;
  struct Ref {
    Part* part;
    std::size_t i;
  };
  const auto before = [browse](const Ref& x, const Ref& y) {
    const Hit& hx = x.part->hits[x.i];
    const Hit& hy = y.part->hits[y.i];
    if (hx.score != hy.score) return hx.score > hy.score;
    if (browse) return hx.id < hy.id;
    return x.part->docids[x.i] < y.part->docids[y.i];
  };
  std::size_t i = 0, j = 0;
  for (std::uint64_t n = 0; n < offset + limit; ++n) {
    const bool take_a =
        i < a.hits.size() && (j >= b.hits.size() || !before(Ref{&b, j}, Ref{&a, i}));
    if (!take_a && j >= b.hits.size()) break;
    Part& from = take_a ? a : b;
    std::size_t& k = take_a ? i : j;
    if (n >= offset) {
      out.hits.push_back(std::move(from.hits[k]));
      out.docids.push_back(from.docids[k]);
    }
    ++k;
  }
  out.estimated = a.estimated + b.estimated;
  out.lower_bound = a.lower_bound + b.lower_bound;
  out.facets = std::move(a.facets);
  for (auto& [facet, values] : b.facets) {
    std::vector<FacetValue>& into = out.facets[facet];
    std::map<std::string, std::size_t> sum;
    for (FacetValue& v : into) sum[std::move(v.value)] += v.count;
    for (FacetValue& v : values) sum[std::move(v.value)] += v.count;
    into.clear();
    for (auto& [value, count] : sum) into.push_back({value, count});
    std::sort(into.begin(), into.end(), [](const FacetValue& x, const FacetValue& y) {
      if (x.count != y.count) return x.count > y.count;
      return x.value < y.value;
    });
  }
  return out;
}

// Deep pages stay on one thread: each half would have to rank offset + limit hits.
constexpr std::uint64_t kMaxSplitDepth = 1'000;

}  // namespace

void Index::set_parallel_min_docs(std::size_t n) {
  impl_->parallel_min_docs.store(n, std::memory_order_relaxed);
}

std::size_t Index::parallel_min_docs() const {
  return impl_->parallel_min_docs.load(std::memory_order_relaxed);
}

void Index::set_facet_bitmaps(bool on, std::size_t cache_min_postings) {
  impl_->facet_bitmaps.store(on, std::memory_order_relaxed);
  impl_->term_bits.set_min_postings(static_cast<Xapian::doccount>(cache_min_postings));
}

Result<Results> Index::Search(const Query& q) const {
  ASTA_RETURN_IF_ERROR(CheckQuery(q));
  const std::uint64_t fingerprint = internal::QueryFingerprint(q);
  std::uint64_t offset = 0;
  if (!q.cursor.empty()) {
    const std::optional<internal::Cursor> cursor = internal::DecodeCursor(q.cursor);
    if (!cursor) return InvalidArgument("cursor is malformed", "cursor");
    if (cursor->fingerprint != fingerprint) {
      return InvalidArgument("cursor belongs to another query", "cursor");
    }
    offset = cursor->offset;
  }
  Plan plan;
  try {
    ASTA_ASSIGN_OR_RETURN(plan, MakePlan(q));
  } catch (const Xapian::Error& e) {
    return tl::unexpected(XapianError(e, "search: building the query"));
  }

  const std::shared_ptr<const internal::FacetSnapshot> facets = impl_->facets.Current();
  const std::size_t split_min = parallel_min_docs();
  const bool use_bits = impl_->facet_bitmaps.load(std::memory_order_relaxed);
  // Split only onto an idle core: when other searches already keep the cores busy, a
  // second thread would only wait its turn (the answer is the same either way).
  struct Active {
    std::atomic<unsigned>& n;
    unsigned now;
    explicit Active(std::atomic<unsigned>& count) : n(count), now(count.fetch_add(1) + 1) {}
    ~Active() { n.fetch_sub(1); }
  } active(impl_->active_searches);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const bool may_split = split_min > 0 && size() >= split_min &&
                         offset + q.limit <= kMaxSplitDepth && 2 * active.now <= cores;
  const auto clamp = [](std::uint64_t n) {
    return static_cast<Xapian::doccount>(
        std::min<std::uint64_t>(n, std::numeric_limits<Xapian::doccount>::max()));
  };
  std::string last_error;
  for (int attempt = 0; attempt < kMaxSearchAttempts; ++attempt) {
    const std::shared_lock<std::shared_mutex> files(impl_->files_mu);
    ASTA_ASSIGN_OR_RETURN(std::unique_ptr<Reader> reader, impl_->Borrow());
    // A second handle on the same revision for the other half, when worth it.
    std::unique_ptr<Reader> other;
    if (may_split) {
      auto second = impl_->Borrow();
      if (!second) return tl::unexpected(second.error());
      other = std::move(*second);
      try {
        for (int i = 0; i < 3 && other->db.get_revision() != reader->db.get_revision(); ++i) {
          reader->db.reopen();
          other->db.reopen();
        }
        if (other->db.get_revision() != reader->db.get_revision() ||
            reader->db.get_doccount() < split_min) {
          impl_->Return(std::move(other));
        }
      } catch (const Xapian::Error&) {
        other.reset();  // searched on one handle below, which reports a real failure
      }
    }

    const auto counting = [&](Reader& r) {
      return Counting{facets.get(),
                      use_bits ? &impl_->term_bits : nullptr,
                      {r.generation, r.db.get_revision()}};
    };
    // Runs fn, turning exceptions into an outcome; `modified` when the writer committed
    // twice while it read (then the handle is not reused and the search runs again).
    // Thread-safe when each thread passes its own `modified` and `error`.
    const auto guarded = [](Reader& r, bool& modified, std::string& error, const auto& fn) {
      std::optional<Result<Part>> outcome;
      try {
        outcome = fn(r);
      } catch (const Xapian::DatabaseModifiedError& e) {
        error = e.get_msg();
        modified = true;
      } catch (const Xapian::Error& e) {
        outcome = tl::unexpected(XapianError(e, "search"));
      } catch (const std::exception& e) {
        outcome = Internal(std::string("search: ") + e.what());
      }
      return outcome;
    };

    std::optional<Result<Part>> outcome;
    bool modified = false;
    if (!other) {
      outcome = guarded(*reader, modified, last_error, [&](Reader& r) {
        return RunPart(r.db, plan, q, clamp(offset), static_cast<Xapian::doccount>(q.limit),
                       std::nullopt, counting(r));
      });
    } else {
      const Xapian::docid last = reader->db.get_lastdocid();
      const Xapian::docid middle = last / 2;
      const auto depth = clamp(offset + q.limit);
      std::string other_error;
      bool other_modified = false;
      std::optional<Result<Part>> low;
      // Xapian's query handles count references without atomics: the helper gets copies
      // of its own, made before it starts.
      Plan own;
      own.browse = plan.browse;
      own.name = plan.name;
      if (!plan.text.empty()) own.text = Xapian::Query::unserialise(plan.text.serialise());
      if (!plan.filter.empty()) own.filter = Xapian::Query::unserialise(plan.filter.serialise());
      std::thread helper([&] {
        low = guarded(*other, other_modified, other_error, [&](Reader& r) {
          return RunPart(r.db, own, q, 0, depth, std::make_pair(Xapian::docid{1}, middle),
                         counting(r));
        });
      });
      std::optional<Result<Part>> high = guarded(*reader, modified, last_error, [&](Reader& r) {
        return RunPart(r.db, plan, q, 0, depth, std::make_pair(middle + 1, last), counting(r));
      });
      helper.join();
      if (other_modified) {
        last_error = other_error;
        modified = true;
      } else if (low->has_value()) {
        impl_->Return(std::move(other));
      }
      other.reset();
      if (modified) {
        outcome.reset();
      } else if (!low->has_value()) {
        outcome = std::move(*low);
      } else if (!high->has_value()) {
        outcome = std::move(*high);
      } else {
        outcome = Merge(std::move(**low), std::move(**high), offset, q.limit, plan.browse);
      }
    }
    // The Xapian objects of the run, which share the handle's reference-counted
    // internals, are destroyed by now: only then may another thread borrow the handle.
    if (modified || !outcome) {
      reader.reset();
      continue;
    }
    if (!outcome->has_value()) return tl::unexpected(outcome->error());
    impl_->Return(std::move(reader));
    return FromPart(std::move(**outcome), q, offset, fingerprint);
  }
  return Unavailable("search: the index kept changing under the query (" + last_error + ")");
}

// ---------------------------------------------------------------------------------
// Bulk load.

struct BulkLoad::Impl {
  struct Shard {
    std::mutex mu;
    std::optional<Xapian::WritableDatabase> db;    // the part being written; guarded by mu
    std::size_t docs = 0;                          // in that part; guarded by mu
    std::size_t unflushed = 0;                     // guarded by mu
    std::unordered_set<std::string> lexicon_keys;  // guarded by mu
  };

  Index::Impl* index = nullptr;
  std::filesystem::path root;  // index dir / kBulkDir
  std::vector<std::unique_ptr<Shard>> shards;
  std::atomic<bool> failed{false};
  std::atomic<bool> finished{false};

  std::size_t docs_per_part = 0;

  std::mutex threads_mu;
  std::map<std::thread::id, std::size_t> thread_shard;  // guarded by threads_mu

  // Every database the shards wrote, in the order they were started: a shard writes one
  // part at a time and starts a new one every docs_per_part documents, because Xapian's
  // writer costs more per document as its database grows, each flush merging into a
  // larger B-tree: 1.1 million profiles on 2 threads cost 273 µs each in one part a
  // thread, 195 µs in parts of 100,000 and 178 µs in parts of 30,000, while the merge at
  // Finish went from 10 to 13 and 18 µs a profile.
  std::mutex parts_mu;
  std::vector<std::filesystem::path> parts;  // guarded by parts_mu

  // Starts the shard's next part. Requires shard.mu; throws Xapian errors.
  void StartPart(Shard& shard) {
    std::filesystem::path dir;
    {
      const std::lock_guard<std::mutex> lock(parts_mu);
      dir = root / ("part-" + std::to_string(parts.size()));
      parts.push_back(dir);
    }
    // Parts are scratch until merged: the merge's output is what gets synced. Nothing
    // reads a part while it is written, so it is updated in place (DB_DANGEROUS: no
    // copy-on-write of its blocks); a crash mid-load abandons the parts anyway.
    shard.db.emplace(dir.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS |
                                       Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
    shard.docs = 0;
    shard.unflushed = 0;
  }

  // Commits and closes every shard's part. Throws Xapian errors.
  void CloseParts() {
    for (auto& shard : shards) {
      const std::lock_guard<std::mutex> lock(shard->mu);
      if (!shard->db) continue;
      shard->db->commit();
      shard->db->close();
      shard->db.reset();
    }
  }

  // The shard of the calling thread: threads take shards in the order they first add, and
  // share them round-robin when there are more threads than shards. A shard written by
  // one thread keeps Xapian's buffers and blocks in that core's caches; shards shared by
  // every thread (a document's shard by its id) cost 60% more CPU per document on this
  // kind of machine.
  std::size_t ShardOfThisThread() {
    const std::lock_guard<std::mutex> lock(threads_mu);
    const auto [it, inserted] =
        thread_shard.try_emplace(std::this_thread::get_id(), thread_shard.size() % shards.size());
    return it->second;
  }

  // Requires shard.mu.
  Status Write(Shard& shard, std::vector<PreparedDocument>& docs) {
    try {
      for (PreparedDocument& doc : docs) {
        PreparedDocument::Impl& d = *doc.impl_;
        shard.db->replace_document(MakeTerm(internal::kPrefixId, d.id), d.doc);
        AddToLexicon(*shard.db, d.edit_keys, shard.lexicon_keys);
        if (++shard.docs >= docs_per_part) {
          shard.db->commit();
          shard.db->close();
          StartPart(shard);
        } else if (++shard.unflushed >= kFlushEvery) {
          shard.db->commit();
          shard.unflushed = 0;
        }
      }
    } catch (const Xapian::Error& e) {
      failed = true;
      return tl::unexpected(XapianError(e, "search: bulk load"));
    }
    return Ok();
  }

  // An id added twice to different parts (from several threads, or from one thread
  // before and after it started a new part) stays in the last part that has it: for one
  // thread, the later document. The parts' id terms are walked in order, side by side
  // (about a microsecond per document). Requires the parts closed; throws Xapian errors.
  void DropDuplicates() {
    if (parts.size() < 2) return;
    const std::string prefix(internal::kPrefixId);
    std::vector<Xapian::Database> dbs;
    std::vector<Xapian::TermIterator> at, end;
    for (const auto& dir : parts) dbs.emplace_back(dir.string());
    for (const auto& db : dbs) {
      at.push_back(db.allterms_begin(prefix));
      end.push_back(db.allterms_end(prefix));
    }
    std::map<std::size_t, std::vector<std::string>> drop;  // part -> id terms
    std::vector<std::string> current(at.size());
    for (std::size_t i = 0; i < at.size(); ++i) {
      if (at[i] != end[i]) current[i] = *at[i];
    }
    while (true) {
      std::optional<std::size_t> least;
      for (std::size_t i = 0; i < at.size(); ++i) {
        if (at[i] != end[i] && (!least || current[i] < current[*least])) least = i;
      }
      if (!least) break;
      const std::string term = current[*least];
      std::optional<std::size_t> last;
      for (std::size_t i = 0; i < at.size(); ++i) {
        if (at[i] == end[i] || current[i] != term) continue;
        if (last) drop[*last].push_back(term);
        last = i;
        if (++at[i] != end[i]) current[i] = *at[i];
      }
    }
    dbs.clear();
    for (const auto& [part, terms] : drop) {
      Xapian::WritableDatabase db(parts[part].string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      for (const std::string& term : terms) db.delete_document(term);
      db.commit();
      db.close();
    }
  }

  // Closes and removes the shards; the index may be written again.
  void Abandon() {
    for (auto& shard : shards) {
      std::lock_guard<std::mutex> lock(shard->mu);
      try {
        if (shard->db) shard->db->close();
      } catch (const Xapian::Error&) {
        // The shard is removed below; what it failed to write does not matter.
      }
      shard->db.reset();
    }
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
    std::lock_guard<std::mutex> lock(index->write_mu);
    index->loading = false;
  }
};

BulkLoad::BulkLoad(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

BulkLoad::~BulkLoad() {
  if (!impl_->finished) impl_->Abandon();
}

Result<std::unique_ptr<BulkLoad>> Index::StartBulkLoad(std::size_t shards,
                                                       std::size_t docs_per_part) {
  if (shards == 0 || shards > kMaxBulkShards) {
    return InvalidArgument("shards must be 1.." + std::to_string(kMaxBulkShards), "shards");
  }
  if (docs_per_part == 0)
    return InvalidArgument("docs_per_part must be 1 or more", "docs_per_part");
  {
    std::lock_guard<std::mutex> lock(impl_->write_mu);
    if (impl_->loading) return FailedPrecondition("search: a bulk load is already running");
    if (!impl_->writer) return Unavailable("search: the index lost its writer in a bulk load");
    try {
      if (impl_->writer->get_doccount() != 0) {
        return FailedPrecondition("search: a bulk load needs an empty index (Clear, Commit)");
      }
    } catch (const Xapian::Error& e) {
      return tl::unexpected(XapianError(e, "search: starting a bulk load"));
    }
    impl_->loading = true;
  }
  auto impl = std::make_unique<BulkLoad::Impl>();
  impl->index = impl_.get();
  impl->root = impl_->dir / kBulkDir;
  impl->docs_per_part = docs_per_part;
  // From here on, a failure abandons the load (the destructor), which clears `loading`.
  std::unique_ptr<BulkLoad> load(new BulkLoad(std::move(impl)));
  BulkLoad::Impl& l = *load->impl_;
  std::error_code ec;
  std::filesystem::remove_all(l.root, ec);
  std::filesystem::create_directories(l.root, ec);
  if (ec) return Internal("search: cannot create " + l.root.string() + ": " + ec.message());
  try {
    for (std::size_t i = 0; i < shards; ++i) {
      auto shard = std::make_unique<BulkLoad::Impl::Shard>();
      const std::lock_guard<std::mutex> lock(shard->mu);
      l.StartPart(*shard);
      l.shards.push_back(std::move(shard));
    }
  } catch (const Xapian::Error& e) {
    return tl::unexpected(XapianError(e, "search: creating the bulk load's shards"));
  }
  return load;
}

Status BulkLoad::Add(std::vector<PreparedDocument>&& docs) {
  Impl& l = *impl_;
  if (l.finished) return FailedPrecondition("search: bulk load already finished");
  if (l.failed) return FailedPrecondition("search: bulk load failed earlier");
  for (const PreparedDocument& d : docs) {
    if (!d.impl_) return InvalidArgument("bulk load of an empty prepared document", "id");
  }
  Impl::Shard& shard = *l.shards[l.ShardOfThisThread()];
  const std::lock_guard<std::mutex> lock(shard.mu);
  ASTA_RETURN_IF_ERROR(l.Write(shard, docs));
  docs.clear();
  return Ok();
}

Status BulkLoad::Finish() {
  Impl& l = *impl_;
  if (l.finished.exchange(true)) return FailedPrecondition("search: bulk load already finished");
  if (l.failed) {
    l.Abandon();
    return FailedPrecondition("search: bulk load failed earlier");
  }
  Index::Impl& index = *l.index;
  const std::filesystem::path merged = l.root / "merged";
  std::map<std::string, std::string> metadata;
  {
    // Before the index is touched: the shards merged into a database of their own.
    try {
      l.CloseParts();
      l.DropDuplicates();
      Xapian::Database all;
      for (const auto& dir : l.parts) all.add_database(Xapian::Database(dir.string()));
      all.compact(merged.string(), Xapian::DB_BACKEND_GLASS | Xapian::DBCOMPACT_MULTIPASS);
    } catch (const Xapian::Error& e) {
      l.Abandon();
      return tl::unexpected(XapianError(e, "search: merging the bulk load"));
    }
  }

  std::lock_guard<std::mutex> write_lock(index.write_mu);
  index.loading = false;
  Status status = Ok();
  try {
    // The entries set before the load (the schema, a change-log position) carry over.
    Xapian::WritableDatabase& db = *index.writer;
    for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it) {
      metadata[*it] = db.get_metadata(*it);
    }
    db.close();
    index.writer.reset();
  } catch (const Xapian::Error& e) {
    status = tl::unexpected(XapianError(e, "search: closing the index for a bulk load"));
  }
  if (status) {
    // Between closing the writer and opening it again no process holds the index's write
    // lock; only the Index that started the load writes it in this design (one writer per
    // data directory), so another writer then is a misuse, reported as kUnavailable.
    const std::unique_lock<std::shared_mutex> files(index.files_mu);
    index.DropReaders();
    try {
      std::ofstream(index.dir / kSwapMark).put('\n');
      for (const auto& file : DatabaseFiles(index.dir)) std::filesystem::remove(file);
      for (const auto& entry : std::filesystem::directory_iterator(merged)) {
        if (entry.is_regular_file()) {
          std::filesystem::rename(entry.path(), index.dir / entry.path().filename());
        }
      }
      std::filesystem::remove(index.dir / kSwapMark);
    } catch (const std::filesystem::filesystem_error& e) {
      status = Internal(std::string("search: replacing the index with the bulk load: ") + e.what());
    }
    if (!status) ASTA_RETURN_IF_ERROR(RecoverFromBulkLoad(index.dir));
    try {
      index.writer.emplace(index.dir.string(),
                           Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS | index.open_flags);
      for (const auto& [key, value] : metadata) index.writer->set_metadata(key, value);
      index.facets.Clear();
      index.CommitLocked();
      index.facets.Load(*index.writer, internal::kSlotFacets);
    } catch (const Xapian::Error& e) {
      index.writer.reset();
      if (status) status = tl::unexpected(XapianError(e, "search: reopening after a bulk load"));
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(l.root, ec);
  return status;
}

}  // namespace asta::search
