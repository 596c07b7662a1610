// The in-memory name index: inverted lists over token keys, phonetic keys, skeletons,
// joined adjacent parts and character trigrams gather a bounded set of candidates by
// weighted votes; the scorer then scores the best of them fully.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engines/names/names.h"
#include "engines/names/scorer_core.h"

namespace asta::names {
namespace {

using internal::PreparedReading;

// Kinds of index terms, mixed into the hash so that a key never meets a trigram.
enum TermKind : std::uint8_t {
  kKey = 1,
  kPhonetic = 2,
  kSkeleton = 3,  // skeleton of a part of a reading from an abjad script
  kTrigram = 4,
  kJoined = 5,
  kPlainSkeleton = 6,  // skeleton of a part of any other reading
  kInitialPair = 7,    // a part's key with the initial of another part of the same name
};

bool AbjadLabel(std::string_view label) {
  return label.rfind("ar", 0) == 0 || label.rfind("he", 0) == 0 || label.rfind("fa", 0) == 0 ||
         label.rfind("ur", 0) == 0;
}

std::uint64_t TermHash(TermKind kind, std::string_view text) {
  // FNV-1a, 64-bit: stable across runs and platforms, so the index is deterministic.
  std::uint64_t h = 1469598103934665603ull;
  h ^= kind;
  h *= 1099511628211ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

// Names with more parts than this file no initial pairs (they are organisations, or
// persons with enough other parts to be found by).
constexpr std::size_t kMaxPairParts = 6;

bool Indexable(TokenRole role) { return role == TokenRole::kName || role == TokenRole::kOrgTerm; }

// Calls `emit` for the trigrams of "^key$" (keys of four or more letters; shorter keys
// rely on key and phonetic terms, since no typo is tolerated in them).
template <class Emit>
void ForEachTrigram(std::string_view key, Emit&& emit) {
  if (key.size() < 4 || key.size() > 60) return;
  char padded[64];
  padded[0] = '^';
  for (std::size_t i = 0; i < key.size(); ++i) padded[i + 1] = key[i];
  padded[key.size() + 1] = '$';
  std::size_t length = key.size() + 2;
  for (std::size_t i = 0; i + 3 <= length; ++i) emit(std::string_view(padded + i, 3));
}

// Every term of one reading, with the vote a hit on it is worth (before the token's
// weight). Keys of every role are indexed, so that a name made only of stop words and
// legal forms can still be found; the other terms only for name parts.
template <class Emit>
void ForEachTerm(const Reading& reading, bool query, Emit&& emit) {
  const auto& tokens = reading.tokens;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.key.empty()) continue;
    emit(TermHash(kKey, t.key), i, 1.0f);
    // Two adjacent parts written together (at most one of them a stop word): filed as a
    // joined term by the index; a query also looks the pair up as one indexed part.
    if (i + 1 < tokens.size() && !tokens[i + 1].key.empty() &&
        (tokens[i + 1].role != TokenRole::kStop || t.role != TokenRole::kStop)) {
      std::string joined = internal::JoinKey(t) + internal::JoinKey(tokens[i + 1]);
      emit(TermHash(kJoined, joined), i, 1.0f);
      if (query) emit(TermHash(kKey, joined), i, 1.0f);
    }
    if (!Indexable(t.role)) continue;
    if (!t.phonetic.empty() && t.phonetic != t.key) emit(TermHash(kPhonetic, t.phonetic), i, 0.9f);
    // Skeletons are how an unvocalised reading meets a vocalised one; between two
    // vocalised readings they only add noise. Indexed names file theirs under the kind
    // of their reading; a query looks up abjad skeletons always, and plain ones only
    // from an abjad reading.
    if (t.skeleton.size() >= 2) {
      bool abjad = AbjadLabel(reading.label);
      if (abjad || query) emit(TermHash(kSkeleton, t.skeleton), i, 0.5f);
      // From an unvocalised query the skeleton is the best evidence there is.
      if (abjad ? query : !query)
        emit(TermHash(kPlainSkeleton, t.skeleton), i, abjad ? 1.0f : 0.5f);
    }
    // "HASSAN, B.": a common part beside an initial. The part alone finds every Hassan,
    // more than the candidates scored; the part with the other part's initial finds the
    // few that fit. Indexed for every ordered pair of full parts (names of at most
    // kMaxPairParts parts); a query emits it for each initial it holds.
    if (t.role == TokenRole::kName && t.key.size() >= 2) {
      std::size_t parts = 0;
      for (const Token& o : tokens) parts += o.role == TokenRole::kName && !o.key.empty();
      if (parts <= kMaxPairParts) {
        for (std::size_t j = 0; j < tokens.size(); ++j) {
          const Token& o = tokens[j];
          if (j == i || o.role != TokenRole::kName || o.key.empty()) continue;
          if (query ? o.key.size() != 1 : o.key.size() < 2) continue;
          char pair[64];
          std::size_t length = std::min<std::size_t>(t.key.size(), sizeof pair - 2);
          std::copy_n(t.key.data(), length, pair);
          pair[length] = '|';
          pair[length + 1] = o.key[0];
          emit(TermHash(kInitialPair, std::string_view(pair, length + 2)), i, 1.0f);
        }
      }
    }
    std::size_t trigrams = t.key.size() >= 4 ? t.key.size() : 0;
    if (trigrams > 0) {
      float share = 0.8f / static_cast<float>(trigrams);
      ForEachTrigram(t.key, [&](std::string_view g) { emit(TermHash(kTrigram, g), i, share); });
    }
  }
}

struct Posting {
  std::uint64_t hash = 0;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

struct NameEntry {
  std::uint32_t entity = 0;
  Kind kind = Kind::kAny;
  std::uint32_t first_reading = 0;
  std::uint32_t reading_count = 0;
};

// How many of the best-voted names are scored fully (at least; more for a large top_k).
constexpr std::size_t kCandidates = 64;

// Per-thread scratch for Search: votes per name, which names were touched, the query's
// terms and token weights. Reused across calls so that Search allocates little.
struct Scratch {
  struct Term {
    const Posting* posting;
    float vote;
  };
  std::vector<float> votes;
  std::vector<std::uint32_t> touched;
  std::vector<Term> terms;
  std::vector<float> weights;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

struct Index::Data {
  std::vector<NameEntry> names;
  std::vector<PreparedReading> readings;
  std::vector<Posting> postings;   // sorted by hash
  std::vector<std::uint32_t> ids;  // name ordinals, per posting ascending
  std::size_t entity_count = 0;

  const Posting* Find(std::uint64_t hash) const {
    auto it = std::lower_bound(postings.begin(), postings.end(), hash,
                               [](const Posting& p, std::uint64_t h) { return p.hash < h; });
    if (it == postings.end() || it->hash != hash) return nullptr;
    return &*it;
  }
  std::uint32_t Df(std::string_view key) const {
    const Posting* p = Find(TermHash(kKey, key));
    return p == nullptr ? 0 : p->length;
  }
  float Weight(const Token& token) const {
    return internal::IdfWeight(token, Df(token.key), static_cast<std::uint32_t>(names.size()));
  }
};

struct Index::Builder::State {
  struct Pending {
    std::uint32_t entity;
    Kind kind;
    AnalyzedName analyzed;
  };
  std::vector<Pending> pending;
};

Index::Builder::Builder() : state_(std::make_unique<State>()) {}
Index::Builder::~Builder() = default;

std::uint32_t Index::Builder::Add(std::uint32_t entity, std::string_view name, Kind kind,
                                  std::string_view country) {
  // The country is accepted for the contract but never excludes a candidate, so the
  // index does not keep it.
  (void)country;
  auto ordinal = static_cast<std::uint32_t>(state_->pending.size());
  state_->pending.push_back({entity, kind, Analyzer::Default().Analyze(name, kind)});
  return ordinal;
}

std::unique_ptr<const Index> Index::Builder::Build() {
  auto data = std::make_unique<Data>();
  auto& pending = state_->pending;
  const auto total = static_cast<std::uint32_t>(pending.size());

  // Inverted lists: (hash, name) pairs, sorted and deduplicated, then cut into postings.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs;
  pairs.reserve(pending.size() * 24);
  for (std::uint32_t n = 0; n < total; ++n) {
    for (const Reading& reading : pending[n].analyzed.readings) {
      ForEachTerm(reading, false,
                  [&](std::uint64_t h, std::size_t, float) { pairs.emplace_back(h, n); });
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  data->ids.reserve(pairs.size());
  for (std::size_t i = 0; i < pairs.size();) {
    Posting posting;
    posting.hash = pairs[i].first;
    posting.offset = static_cast<std::uint32_t>(data->ids.size());
    while (i < pairs.size() && pairs[i].first == posting.hash) {
      data->ids.push_back(pairs[i].second);
      ++i;
    }
    posting.length = static_cast<std::uint32_t>(data->ids.size()) - posting.offset;
    data->postings.push_back(posting);
  }
  pairs.clear();
  pairs.shrink_to_fit();
  data->names.resize(total);
  data->names.reserve(total);
  std::vector<std::uint32_t> entities;
  entities.reserve(total);
  const Data& view = *data;
  auto weigh = [](const Token& token, const void* context) {
    return static_cast<const Data*>(context)->Weight(token);
  };
  for (std::uint32_t n = 0; n < total; ++n) {
    NameEntry& entry = data->names[n];
    entry.entity = pending[n].entity;
    entry.kind = pending[n].kind;
    entry.first_reading = static_cast<std::uint32_t>(data->readings.size());
    for (const Reading& reading : pending[n].analyzed.readings) {
      data->readings.push_back(internal::Prepare(reading, weigh, &view));
    }
    entry.reading_count = static_cast<std::uint32_t>(data->readings.size()) - entry.first_reading;
    entities.push_back(entry.entity);
  }
  std::sort(entities.begin(), entities.end());
  data->entity_count =
      static_cast<std::size_t>(std::unique(entities.begin(), entities.end()) - entities.begin());
  pending.clear();
  pending.shrink_to_fit();
  return std::unique_ptr<const Index>(new Index(std::move(data)));
}

Index::Index(std::unique_ptr<Data> data) : data_(std::move(data)) {}
Index::~Index() = default;

std::size_t Index::names() const { return data_->names.size(); }
std::size_t Index::entities() const { return data_->entity_count; }

std::size_t Index::MemoryBytes() const {
  std::size_t bytes = sizeof(Data);
  bytes += data_->names.capacity() * sizeof(NameEntry);
  bytes += data_->postings.capacity() * sizeof(Posting);
  bytes += data_->ids.capacity() * sizeof(std::uint32_t);
  bytes += data_->readings.capacity() * sizeof(PreparedReading);
  auto string_bytes = [](const std::string& s) {
    // Short strings live inside the object; longer ones on the heap.
    return s.capacity() > 15 ? s.capacity() + 1 : 0;
  };
  for (const PreparedReading& reading : data_->readings) {
    bytes += string_bytes(reading.label);
    bytes += reading.tokens.capacity() * sizeof(internal::WeightedToken);
    for (const auto& token : reading.tokens) {
      bytes += string_bytes(token.key) + string_bytes(token.phonetic) +
               string_bytes(token.skeleton) + string_bytes(token.written) +
               string_bytes(token.abjad_skeleton) + string_bytes(token.spelling) +
               string_bytes(token.join);
    }
  }
  return bytes;
}

std::vector<Match> Index::Search(std::string_view query, const SearchOptions& options) const {
  std::vector<Match> results;
  const Data& data = *data_;
  if (data.names.empty() || options.top_k == 0) return results;
  AnalyzedName analyzed = Analyzer::Default().Analyze(query, options.kind);
  if (analyzed.readings.empty()) return results;

  auto weigh = [](const Token& token, const void* context) {
    return static_cast<const Data*>(context)->Weight(token);
  };
  std::vector<PreparedReading> prepared;
  prepared.reserve(analyzed.readings.size());
  for (const Reading& reading : analyzed.readings) {
    prepared.push_back(internal::Prepare(reading, weigh, &data));
  }

  // Votes: every query term found in a name adds the term's vote times the query token's
  // weight. Very long lists (parts found in a large share of all names) cost the most and
  // say the least: they are read only when the short ones found too few names.
  Scratch& scratch = ThreadScratch();
  if (scratch.votes.size() < data.names.size()) scratch.votes.assign(data.names.size(), 0.0f);
  scratch.touched.clear();
  scratch.terms.clear();
  for (const Reading& reading : analyzed.readings) {
    scratch.weights.clear();
    for (const Token& token : reading.tokens) scratch.weights.push_back(data.Weight(token));
    ForEachTerm(reading, true, [&](std::uint64_t h, std::size_t i, float vote) {
      if (const Posting* posting = data.Find(h)) {
        scratch.terms.push_back({posting, vote * scratch.weights[i]});
      }
    });
    // A query part may be two indexed parts written together.
    for (std::size_t i = 0; i < reading.tokens.size(); ++i) {
      const Token& t = reading.tokens[i];
      if (t.role == TokenRole::kStop || t.key.size() < 4) continue;
      if (const Posting* posting = data.Find(TermHash(kJoined, t.key))) {
        scratch.terms.push_back({posting, scratch.weights[i]});
      }
    }
  }
  // A term found through several readings (the article of every Arabic reading) votes
  // once, with its best vote: names are ranked by what the query says, not by how many
  // ways it can be read.
  std::sort(scratch.terms.begin(), scratch.terms.end(),
            [](const Scratch::Term& a, const Scratch::Term& b) {
              if (a.posting != b.posting) return a.posting < b.posting;
              return a.vote > b.vote;
            });
  scratch.terms.erase(std::unique(scratch.terms.begin(), scratch.terms.end(),
                                  [](const Scratch::Term& a, const Scratch::Term& b) {
                                    return a.posting == b.posting;
                                  }),
                      scratch.terms.end());
  const std::size_t budget = std::max<std::size_t>(kCandidates, options.top_k * 4);
  const std::uint32_t long_list =
      std::max<std::uint32_t>(512, static_cast<std::uint32_t>(data.names.size() / 16));
  auto cast = [&](const Scratch::Term& term) {
    const std::uint32_t* ids = data.ids.data() + term.posting->offset;
    for (std::uint32_t k = 0; k < term.posting->length; ++k) {
      float& v = scratch.votes[ids[k]];
      if (v == 0.0f) scratch.touched.push_back(ids[k]);
      v += term.vote;
    }
  };
  for (const auto& term : scratch.terms) {
    if (term.posting->length <= long_list) cast(term);
  }
  if (scratch.touched.size() < budget) {
    std::stable_sort(scratch.terms.begin(), scratch.terms.end(),
                     [](const Scratch::Term& a, const Scratch::Term& b) {
                       return a.posting->length < b.posting->length;
                     });
    for (const auto& term : scratch.terms) {
      if (term.posting->length <= long_list) continue;
      if (scratch.touched.size() >= budget) break;
      cast(term);
    }
  }

  // The best-voted names go to full scoring; ties by name ordinal.
  std::vector<std::pair<float, std::uint32_t>> ranked;
  ranked.reserve(scratch.touched.size());
  for (std::uint32_t id : scratch.touched) {
    ranked.emplace_back(scratch.votes[id], id);
    scratch.votes[id] = 0.0f;
  }
  scratch.touched.clear();
  auto better_vote = [](const std::pair<float, std::uint32_t>& a,
                        const std::pair<float, std::uint32_t>& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second < b.second;
  };
  if (ranked.size() > budget) {
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(budget),
                     ranked.end(), better_vote);
    ranked.resize(budget);
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });

  std::vector<Match> scored;
  scored.reserve(ranked.size());
  for (const auto& [vote, id] : ranked) {
    const NameEntry& entry = data.names[id];
    bool mismatch =
        options.kind != Kind::kAny && entry.kind != Kind::kAny && entry.kind != options.kind;
    double best = -1;
    for (std::uint32_t r = 0; r < entry.reading_count; ++r) {
      const PreparedReading& candidate = data.readings[entry.first_reading + r];
      for (const PreparedReading& q : prepared) {
        best = std::max(best, internal::ScoreReadings(q, candidate, nullptr));
      }
    }
    if (best < 0) continue;
    if (mismatch) best *= internal::kKindMismatchFactor;
    if (best < options.min_score) continue;
    Match match;
    match.entity = entry.entity;
    match.name = id;
    match.score = best;
    scored.push_back(std::move(match));
  }
  // Best name per entity, then best entities first; ties by entity then name ordinal.
  std::sort(scored.begin(), scored.end(), [](const Match& a, const Match& b) {
    if (a.entity != b.entity) return a.entity < b.entity;
    if (a.score != b.score) return a.score > b.score;
    return a.name < b.name;
  });
  for (const Match& m : scored) {
    if (!results.empty() && results.back().entity == m.entity) continue;
    results.push_back(m);
  }
  std::sort(results.begin(), results.end(), [](const Match& a, const Match& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.entity != b.entity) return a.entity < b.entity;
    return a.name < b.name;
  });
  if (results.size() > options.top_k) results.resize(options.top_k);
  if (options.explain) {
    for (Match& m : results) {
      const NameEntry& entry = data.names[m.name];
      std::vector<PreparedReading> candidate(
          data.readings.begin() + entry.first_reading,
          data.readings.begin() + entry.first_reading + entry.reading_count);
      bool mismatch =
          options.kind != Kind::kAny && entry.kind != Kind::kAny && entry.kind != options.kind;
      internal::ScoreNames(prepared, candidate, mismatch, &m.explanation);
    }
  }
  return results;
}

}  // namespace asta::names
