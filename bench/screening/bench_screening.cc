// Screening benchmark (issue 3, "Quality and speed"): quality and speed of the name
// engine (engines/names) on the METI, UN and OFAC lists in ../shared/data/screening,
// side by side with a brute-force baseline, the normalised Levenshtein ratio of
// python-Levenshtein over every listed name.
//
// Ground truth is an entity cluster: entities on any list that share a normalised name
// (case-folded, diacritics and punctuation stripped, tokens sorted) are one real
// entity, so a query counts as found when a result's entity is in the query's cluster.
// The harness normalises with ICU itself, never with the engine it measures.
//
// Usage: bench_screening [--data DIR] [--out FILE.json] [--per-category N]
//                        [--baseline-per-category N] [--baseline-negatives N]
//                        [--latency-negatives N] [--alias-queries N] [--negatives N]
//                        [--threads N] [--seed N]
//        bench_screening --ratio A B   (prints the baseline's ratio of two strings)
// DIR defaults to $ASTA_SCREENING_DATA, else <source>/../shared/data/screening. When it
// is absent the program says "skipped: data absent" and exits 0.
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engines/names/names.h"
#include "modules/compliance/importers/lists.h"

namespace {

namespace fs = std::filesystem;
namespace names = asta::names;
namespace compliance = asta::compliance;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of the calling thread. On a shared machine wall-clock latency includes time
// spent waiting for a core; CPU time does not, so queries/s per core is reported both
// ways.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// ---------------------------------------------------------------------------------
// Deterministic randomness. splitmix64 rather than <random> distributions, whose output
// differs between standard libraries: the same seed must give the same queries anywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(Next() % n); }
  template <class T>
  void Shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  std::uint64_t state_;
};

// ---------------------------------------------------------------------------------
// Unicode helpers (ICU).
std::u32string ToU32(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  std::u32string out;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

std::string ToU8(const std::u32string& s) {
  icu::UnicodeString u;
  for (char32_t c : s) u.append(static_cast<UChar32>(c));
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string Fold(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Strips combining marks after canonical decomposition: "Ğüçlü" -> "Guclu". Not thread
// safe (one ICU transliterator), so only the single-threaded set-up calls it.
class MarkStripper {
 public:
  MarkStripper() {
    UErrorCode status = U_ZERO_ERROR;
    t_.reset(icu::Transliterator::createInstance("NFD; [:Nonspacing Mark:] Remove; NFC",
                                                 UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t_.reset();
  }
  std::string Strip(std::string_view s) const {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
    if (t_) t_->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  }

 private:
  std::unique_ptr<icu::Transliterator> t_;
};

const MarkStripper& Stripper() {
  static const MarkStripper stripper;
  return stripper;
}

// The harness's scripts, for reporting: the script most of the letters are in.
std::string ScriptOf(std::string_view s) {
  std::map<std::string, int> counts;
  for (char32_t c : ToU32(s)) {
    if (!u_isalpha(static_cast<UChar32>(c))) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode code = uscript_getScript(static_cast<UChar32>(c), &status);
    std::string name;
    switch (code) {
      case USCRIPT_LATIN:
        name = "latin";
        break;
      case USCRIPT_HAN:
        name = "han";
        break;
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA:
        name = "kana";
        break;
      case USCRIPT_HANGUL:
        name = "hangul";
        break;
      case USCRIPT_CYRILLIC:
        name = "cyrillic";
        break;
      case USCRIPT_ARABIC:
        name = "arabic";
        break;
      case USCRIPT_GREEK:
        name = "greek";
        break;
      case USCRIPT_HEBREW:
        name = "hebrew";
        break;
      default:
        name = "other";
    }
    ++counts[name];
  }
  // Japanese text mixes kana and kanji: any kana makes it Japanese ("kana").
  if (counts.count("kana") && counts.count("han")) return "kana";
  std::string best = "latin";
  int best_n = 0;
  for (const auto& [name, n] : counts) {
    if (n > best_n) best = name, best_n = n;
  }
  return best;
}

// The harness's normalised name: case-folded, marks and punctuation removed, tokens
// sorted. Names with the same key are taken to name the same entity.
std::string NormKey(std::string_view s) {
  std::u32string folded = ToU32(Fold(Stripper().Strip(s)));
  std::vector<std::u32string> tokens;
  std::u32string cur;
  for (char32_t c : folded) {
    if (u_isalnum(static_cast<UChar32>(c))) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      tokens.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  std::sort(tokens.begin(), tokens.end());
  std::u32string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out.push_back(U' ');
    out += t;
  }
  return ToU8(out);
}

std::vector<std::string> SplitWs(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) out.push_back(cur), cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

// The consonant skeleton of a Latin name for joining list entries: case-folded, marks
// removed, the particles al/el/bin/ben/ibn/bint dropped, each part without vowels (and
// y, w) and doubled letters, parts sorted. Empty unless three or more parts with ten or
// more consonants remain.
std::string LongSkeletonKey(std::string_view name) {
  std::string folded = Fold(Stripper().Strip(name));
  std::vector<std::string> parts;
  std::string cur;
  auto flush = [&] {
    static const std::set<std::string> particles = {"al", "el", "bin", "ben", "ibn", "bint"};
    if (!cur.empty() && !particles.count(cur)) {
      std::string skeleton;
      for (char c : cur) {
        if (std::string_view("aeiouyw").find(c) != std::string_view::npos) continue;
        if (!skeleton.empty() && skeleton.back() == c) continue;
        skeleton += c;
      }
      if (!skeleton.empty()) parts.push_back(skeleton);
    }
    cur.clear();
  };
  for (char c : folded) {
    if (c >= 'a' && c <= 'z') {
      cur += c;
    } else {
      flush();
    }
  }
  flush();
  std::size_t consonants = 0;
  for (const auto& p : parts) consonants += p.size();
  if (parts.size() < 3 || consonants < 10) return {};
  std::sort(parts.begin(), parts.end());
  return Join(parts, " ");
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// ---------------------------------------------------------------------------------
// CSV with quoted fields (may span lines), as the labelled-pair files are written.
std::vector<std::vector<std::string>> ReadCsv(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(field);
      field.clear();
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(row);
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

// Rows as maps by the header's column names.
std::vector<std::map<std::string, std::string>> ReadCsvRecords(const fs::path& path) {
  auto rows = ReadCsv(path);
  std::vector<std::map<std::string, std::string>> out;
  if (rows.empty()) return out;
  const auto header = rows[0];
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> rec;
    for (std::size_t c = 0; c < header.size() && c < rows[r].size(); ++c) {
      rec[header[c]] = rows[r][c];
    }
    out.push_back(std::move(rec));
  }
  return out;
}

// ---------------------------------------------------------------------------------
// The corpus: every name of every entity of the three lists.
struct NameRec {
  std::string text;
  std::uint32_t entity = 0;
  bool primary = false;
  std::string note;
  std::string script;
  std::string key;  // NormKey
};

struct EntityRec {
  std::string list;  // "meti" | "un" | "ofac"
  std::string id;
  names::Kind kind = names::Kind::kAny;
  std::string country;
  std::vector<std::uint32_t> names;
  std::uint32_t cluster = 0;
};

struct Corpus {
  std::vector<EntityRec> entities;
  std::vector<NameRec> names;
  std::map<std::string, std::size_t> per_list_entities;
  std::map<std::string, std::size_t> per_list_names;
  std::size_t clusters = 0;
  std::size_t multi_entity_clusters = 0;
  std::size_t cross_list_clusters = 0;
  std::unordered_map<std::string, std::vector<std::uint32_t>> entities_by_key;
  std::map<std::pair<std::string, std::string>, std::uint32_t> entity_by_list_id;
};

std::uint32_t Find(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

bool LoadCorpus(const fs::path& data, Corpus& corpus, std::string& error) {
  struct Source {
    std::string list;
    compliance::ListFormat format;
    fs::path path;
  };
  std::vector<Source> sources;
  auto add_files = [&](const std::string& list, compliance::ListFormat format, const fs::path& dir,
                       const std::string& ext) {
    if (!fs::is_directory(dir)) return;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ext) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) sources.push_back({list, format, f});
  };
  add_files("meti", compliance::ListFormat::kMetiXlsx, data / "jp_meti_eul", ".xlsx");
  add_files("un", compliance::ListFormat::kUnXml, data / "un_sc", ".xml");
  if (fs::is_directory(data / "us_ofac_sdn_2021")) {
    sources.push_back({"ofac", compliance::ListFormat::kOfacCsv, data / "us_ofac_sdn_2021"});
  }
  for (const auto& src : sources) {
    auto snap = compliance::ReadList(src.format, src.path);
    if (!snap) {
      error = src.path.string() + ": " + snap.error().message + " (" + snap.error().field + ")";
      return false;
    }
    for (const auto& e : snap->entities) {
      EntityRec rec;
      rec.list = src.list;
      rec.id = e.entity_id;
      rec.kind = names::ParseKind(e.kind);
      if (!e.countries.empty()) rec.country = e.countries[0];
      auto ent = static_cast<std::uint32_t>(corpus.entities.size());
      std::set<std::string> seen;
      for (const auto& n : e.names) {
        if (n.name.empty() || !seen.insert(n.name).second) continue;
        NameRec nr;
        nr.text = n.name;
        nr.entity = ent;
        nr.primary = n.primary;
        nr.note = n.note;
        nr.script = ScriptOf(n.name);
        nr.key = NormKey(n.name);
        if (nr.key.empty()) continue;
        rec.names.push_back(static_cast<std::uint32_t>(corpus.names.size()));
        corpus.names.push_back(std::move(nr));
      }
      if (rec.names.empty()) continue;
      corpus.per_list_entities[src.list]++;
      corpus.per_list_names[src.list] += rec.names.size();
      corpus.entity_by_list_id[{src.list, rec.id}] = ent;
      corpus.entities.push_back(std::move(rec));
    }
  }
  // Clusters: union entities that share a normalised name.
  std::vector<std::uint32_t> parent(corpus.entities.size());
  std::iota(parent.begin(), parent.end(), 0u);
  for (const auto& n : corpus.names) {
    auto& v = corpus.entities_by_key[n.key];
    if (v.empty() || v.back() != n.entity) v.push_back(n.entity);
  }
  for (const auto& [key, ents] : corpus.entities_by_key) {
    for (std::size_t i = 1; i < ents.size(); ++i) {
      std::uint32_t a = Find(parent, ents[0]), b = Find(parent, ents[i]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  // The same person or organisation on two lists is often spelt a little differently
  // (AL-HARZI, Ali Bin Al-tahar Bin Al-falah Al-ouni / ALI BEN TAHER BEN FALEH OUNI
  // HARZI): entities of different lists and one kind are also joined when a Latin name
  // of each has the same consonant skeleton of three or more parts, with ten or more
  // consonants in all (the harness's own rule, independent of the engine).
  {
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_skeleton;
    for (const auto& n : corpus.names) {
      if (n.script != "latin") continue;
      std::string key = LongSkeletonKey(n.text);
      if (!key.empty()) by_skeleton[key].push_back(n.entity);
    }
    for (const auto& [key, ents] : by_skeleton) {
      for (std::size_t i = 0; i < ents.size(); ++i) {
        for (std::size_t j = i + 1; j < ents.size(); ++j) {
          const auto& a_rec = corpus.entities[ents[i]];
          const auto& b_rec = corpus.entities[ents[j]];
          if (a_rec.list == b_rec.list || a_rec.kind != b_rec.kind) continue;
          std::uint32_t a = Find(parent, ents[i]), b = Find(parent, ents[j]);
          if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
      }
    }
  }
  std::map<std::uint32_t, std::set<std::string>> lists_of_cluster;
  std::map<std::uint32_t, std::size_t> size_of_cluster;
  for (std::uint32_t e = 0; e < corpus.entities.size(); ++e) {
    corpus.entities[e].cluster = Find(parent, e);
    lists_of_cluster[corpus.entities[e].cluster].insert(corpus.entities[e].list);
    size_of_cluster[corpus.entities[e].cluster]++;
  }
  corpus.clusters = size_of_cluster.size();
  for (const auto& [c, n] : size_of_cluster) corpus.multi_entity_clusters += n > 1;
  for (const auto& [c, l] : lists_of_cluster) corpus.cross_list_clusters += l.size() > 1;
  return !corpus.entities.empty();
}

// ---------------------------------------------------------------------------------
// Indexes: the engine's and the baseline's over the same subset of names.
struct BuildStats {
  double seconds = 0;
  std::size_t memory_bytes = 0;
  long rss_delta_kb = 0;
  std::size_t names = 0;
  std::size_t entities = 0;
};

long RssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

// `ordinals` receives, for each name ordinal the builder returned, the corpus name.
std::unique_ptr<const names::Index> BuildIndex(const Corpus& corpus, const std::vector<bool>& keep,
                                               BuildStats& stats,
                                               std::vector<std::uint32_t>& ordinals) {
  long rss0 = RssKb();
  auto t0 = Clock::now();
  names::Index::Builder builder;
  for (std::uint32_t i = 0; i < corpus.names.size(); ++i) {
    if (!keep[i]) continue;
    const auto& n = corpus.names[i];
    const auto& e = corpus.entities[n.entity];
    std::uint32_t ordinal = builder.Add(n.entity, n.text, e.kind, e.country);
    if (ordinals.size() <= ordinal) ordinals.resize(ordinal + 1);
    ordinals[ordinal] = i;
  }
  auto index = builder.Build();
  stats.seconds = Seconds(t0, Clock::now());
  stats.rss_delta_kb = RssKb() - rss0;
  stats.memory_bytes = index->MemoryBytes();
  stats.names = index->names();
  stats.entities = index->entities();
  return index;
}

// The baseline: python-Levenshtein's ratio, (lensum - d) / lensum where d is the edit
// distance with substitutions costing 2, over case-folded code points. With that cost
// d = lensum - 2·LCS, so ratio = 2·LCS / lensum; the LCS is computed bit-parallel
// (Hyyrö's algorithm) as rapidfuzz does; python-Levenshtein 0.12 (Debian) computes the
// same value by dynamic programming. bench/screening/check_ratio.py compares the two.
class Baseline {
 public:
  explicit Baseline(const Corpus& corpus) : corpus_(corpus) {
    encoded_.resize(corpus.names.size());
    for (std::size_t i = 0; i < corpus.names.size(); ++i) {
      encoded_[i] = Encode(ToU32(Fold(corpus.names[i].text)), true);
    }
  }

  // Dense ids of the code points; 0 for code points no listed name holds.
  std::vector<std::uint32_t> Encode(const std::u32string& s, bool grow) {
    std::vector<std::uint32_t> out;
    for (char32_t c : s) {
      auto it = alphabet_.find(c);
      if (it == alphabet_.end()) {
        if (!grow) {
          out.push_back(0);
          continue;
        }
        it = alphabet_.emplace(c, static_cast<std::uint32_t>(alphabet_.size() + 1)).first;
      }
      out.push_back(it->second);
    }
    return out;
  }

  // Ratio of two strings, for --ratio and cases.csv.
  static double Ratio(std::string_view a, std::string_view b) {
    std::u32string x = ToU32(Fold(a)), y = ToU32(Fold(b));
    if (x.empty() && y.empty()) return 1.0;
    std::map<char32_t, std::uint32_t> ids;
    auto enc = [&](const std::u32string& s) {
      std::vector<std::uint32_t> v;
      for (char32_t c : s) v.push_back(ids.emplace(c, ids.size() + 1).first->second);
      return v;
    };
    auto ex = enc(x), ey = enc(y);
    Pattern p(ex, ids.size() + 1);
    return 2.0 * p.Lcs(ey) / static_cast<double>(ex.size() + ey.size());
  }

  struct Hit {
    std::uint32_t entity;
    double score;
  };

  // Scores the query against every kept name; the best score per entity, best first.
  std::vector<Hit> Search(std::string_view query, const std::vector<bool>& keep,
                          std::size_t top_k) const {
    std::vector<std::uint32_t> q;
    for (char32_t c : ToU32(Fold(query))) {
      auto it = alphabet_.find(c);
      q.push_back(it == alphabet_.end() ? 0 : it->second);
    }
    std::vector<Hit> hits;
    if (q.empty()) return hits;
    Pattern p(q, alphabet_.size() + 1);
    std::vector<double> best(corpus_.entities.size(), -1.0);
    for (std::size_t i = 0; i < encoded_.size(); ++i) {
      if (!keep[i]) continue;
      const auto& t = encoded_[i];
      double r = 2.0 * p.Lcs(t) / static_cast<double>(q.size() + t.size());
      auto& b = best[corpus_.names[i].entity];
      b = std::max(b, r);
    }
    for (std::uint32_t e = 0; e < best.size(); ++e) {
      if (best[e] >= 0) hits.push_back({e, best[e]});
    }
    std::size_t k = std::min(top_k, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(),
                      [](const Hit& a, const Hit& b) {
                        return a.score != b.score ? a.score > b.score : a.entity < b.entity;
                      });
    hits.resize(k);
    return hits;
  }

 private:
  // Bit-parallel LCS (Hyyrö 2004) with the pattern in 64-bit words.
  class Pattern {
   public:
    // `alphabet` bounds the symbol ids of both strings; masks are dense over it.
    Pattern(const std::vector<std::uint32_t>& p, std::size_t alphabet)
        : m_(p.size()), words_((p.size() + 63) / 64), masks_(alphabet * words_, 0) {
      for (std::size_t i = 0; i < p.size(); ++i) {
        masks_[p[i] * words_ + i / 64] |= 1ULL << (i % 64);
      }
    }
    std::size_t Lcs(const std::vector<std::uint32_t>& t) const {
      std::vector<std::uint64_t> s(words_, ~0ULL);
      for (std::uint32_t c : t) {
        const std::uint64_t* m = &masks_[c * words_];
        bool carry = false;
        for (std::size_t w = 0; w < words_; ++w) {
          std::uint64_t u = s[w] & m[w];
          std::uint64_t x;
          bool c1 = __builtin_add_overflow(s[w], u, &x);
          bool c2 = __builtin_add_overflow(x, static_cast<std::uint64_t>(carry), &x);
          carry = c1 || c2;
          s[w] = x | (s[w] - u);
        }
      }
      std::size_t lcs = 0;
      for (std::size_t w = 0; w < words_; ++w) {
        std::uint64_t valid = (w + 1 < words_ || m_ % 64 == 0) ? ~0ULL : ((1ULL << (m_ % 64)) - 1);
        lcs += static_cast<std::size_t>(__builtin_popcountll(~s[w] & valid));
      }
      return lcs;
    }

   private:
    std::size_t m_;
    std::size_t words_;
    std::vector<std::uint64_t> masks_;
  };

  const Corpus& corpus_;
  std::vector<std::vector<std::uint32_t>> encoded_;
  std::unordered_map<char32_t, std::uint32_t> alphabet_;
};

// ---------------------------------------------------------------------------------
// Queries.
enum IndexId { kMain = 0, kAliasOut = 1, kLatinOnly = 2 };

// The categories made by respelling a listed name (the "spelling categories").
const std::set<std::string> kSpellingCategories = {
    "typo", "reordered", "family-given", "initials", "legal-form", "joined-split", "diacritics"};

struct Query {
  std::string category;
  std::string text;
  std::string source;  // the listed name it was made from
  names::Kind kind = names::Kind::kAny;
  std::string script;
  std::string list;                  // the list of the entity it was made from
  std::string expected;              // that entity's first Latin-script name, for the misses
  std::vector<std::uint32_t> truth;  // clusters; any of them counts
  IndexId index = kMain;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Collapse(std::string_view s) { return Join(SplitWs(s), " "); }

// One random edit of a letter: delete, insert, substitute or transpose.
std::u32string EditOnce(std::u32string s, Rng& rng) {
  std::vector<std::size_t> letters;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (u_isalpha(static_cast<UChar32>(s[i]))) letters.push_back(i);
  }
  if (letters.size() < 2) return s;
  std::size_t pos = letters[rng.Below(letters.size())];
  bool latin = s[pos] < 0x250;
  auto random_letter = [&]() -> char32_t {
    if (latin) {
      char32_t base = u_isupper(static_cast<UChar32>(s[pos])) ? U'A' : U'a';
      return base + static_cast<char32_t>(rng.Below(26));
    }
    return s[letters[rng.Below(letters.size())]];
  };
  switch (rng.Below(4)) {
    case 0:
      s.erase(pos, 1);
      break;
    case 1:
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), random_letter());
      break;
    case 2: {
      char32_t c = random_letter();
      if (c == s[pos]) c = latin ? (s[pos] == U'a' ? U'e' : U'a') : s[letters[0]];
      s[pos] = c;
      break;
    }
    default:
      if (pos + 1 < s.size() && u_isalpha(static_cast<UChar32>(s[pos + 1]))) {
        std::swap(s[pos], s[pos + 1]);
      } else {
        s.erase(pos, 1);
      }
  }
  return s;
}

// Legal forms the generator adds, removes and swaps, longest first. Each has a group:
// forms in one group are equivalent spellings (LTD / LIMITED).
struct LegalForm {
  const char* text;
  int group;
};
const std::vector<LegalForm>& LegalForms() {
  static const std::vector<LegalForm> forms = {
      {"CO., LTD.", 1},
      {"CO., LTD", 1},
      {"CO. LTD.", 1},
      {"CO. LTD", 1},
      {"COMPANY LIMITED", 1},
      {"CO LTD", 1},
      {"LIMITED", 2},
      {"LTD.", 2},
      {"LTD", 2},
      {"L.L.C.", 3},
      {"L.L.C", 3},
      {"LLC", 3},
      {"CORPORATION", 4},
      {"CORP.", 4},
      {"CORP", 4},
      {"COMPANY", 5},
      {"CO.", 5},
      {"INCORPORATED", 6},
      {"INC.", 6},
      {"INC", 6},
      {"GMBH", 7},
      {"OJSC", 8},
      {"CJSC", 8},
      {"PJSC", 8},
      {"JSC", 8},
      {"OOO", 9},
      {"FZE", 10},
      {"FZC", 10},
      {"FZCO", 10},
      {"PLC", 11},
      {"S.A.", 12},
      {"PTE. LTD.", 13},
      {"PTE LTD", 13},
      {"SDN. BHD.", 14},
      {"SDN BHD", 14},
      {"PVT. LTD.", 15},
      {"PVT LTD", 15},
  };
  return forms;
}

// Finds a legal form ending the name (after optional ", "), returns where it starts.
std::pair<std::size_t, const LegalForm*> FindLegalSuffix(const std::string& name) {
  std::string up = Upper(name);
  while (!up.empty() && (IsSpace(up.back()))) up.pop_back();
  for (const auto& f : LegalForms()) {
    std::string t = f.text;
    if (up.size() > t.size() && up.compare(up.size() - t.size(), t.size(), t) == 0) {
      char before = up[up.size() - t.size() - 1];
      if (before == ' ' || before == ',') {
        std::size_t start = up.size() - t.size() - 1;
        while (start > 0 && (up[start - 1] == ' ' || up[start - 1] == ',')) --start;
        return {start, &f};
      }
    }
  }
  return {std::string::npos, nullptr};
}

std::string LegalVariant(const std::string& name, Rng& rng) {
  static const std::vector<std::string> kHanForms = {"株式会社", "有限公司", "有限责任公司",
                                                     "公司"};
  for (const auto& h : kHanForms) {
    auto p = name.find(h);
    if (p == std::string::npos) continue;
    std::string rest = name.substr(0, p) + name.substr(p + h.size());
    switch (rng.Below(3)) {
      case 0:
        return Collapse(rest);
      case 1:
        return h == "株式会社" && p == 0 ? rest + h : "株式会社" + rest;
      default:
        return rest + (h == "有限公司" ? "公司" : "有限公司");
    }
  }
  auto [start, form] = FindLegalSuffix(name);
  std::string stem = start == std::string::npos ? name : name.substr(0, start);
  if (form == nullptr) {
    if (ScriptOf(name) == "han") return name + "有限公司";
    static const char* kAdd[] = {"LLC", "Co., Ltd.", "Ltd", "Inc.", "Corporation"};
    return Collapse(stem) + (rng.Below(2) ? ", " : " ") + kAdd[rng.Below(5)];
  }
  switch (rng.Below(3)) {
    case 0:
      return Collapse(stem);  // removed
    case 1: {                 // an equivalent spelling
      std::vector<const LegalForm*> same;
      for (const auto& f : LegalForms()) {
        if (f.group == form->group && &f != form) same.push_back(&f);
      }
      if (!same.empty()) return Collapse(stem) + " " + same[rng.Below(same.size())]->text;
      return Collapse(stem);
    }
    default: {  // another form
      static const char* kOther[] = {"LLC", "LTD", "CO., LTD.", "CORP.", "INC.", "COMPANY"};
      std::string other = kOther[rng.Below(6)];
      if (FindLegalSuffix("X " + other).second->group == form->group) other = "GROUP LLC";
      return Collapse(stem) + " " + other;
    }
  }
}

// ---------------------------------------------------------------------------------
// Equally right answers. A generated query can be as close to another entity's name as
// to the name it was made from: "KHAN, A." is made from "KHAN, Abdullah" but is just as
// much "KHAN, Asad"; a typo can turn one listed name into another one's spelling. Such a
// query has several right answers, and the strict recall, which accepts only the source's
// cluster, counts the others as misses. The harness decides by its own rule for the
// category, never by the engine's scores.

// The harness's tokens of a name, in written order: case-folded, marks removed, runs of
// letters and digits.
std::vector<std::u32string> NormTokens(std::string_view s) {
  std::u32string folded = ToU32(Fold(Stripper().Strip(s)));
  std::vector<std::u32string> tokens;
  std::u32string cur;
  for (char32_t c : folded) {
    if (u_isalnum(static_cast<UChar32>(c))) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      tokens.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  return tokens;
}

std::u32string JoinTokens(const std::vector<std::u32string>& tokens, std::u32string_view sep) {
  std::u32string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out += sep;
    out += t;
  }
  return out;
}

std::size_t Levenshtein(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Tokens with the legal forms the generator uses taken out.
std::vector<std::u32string> WithoutLegalForms(std::string_view name) {
  static const std::set<std::u32string> forms = [] {
    std::set<std::u32string> set;
    for (const auto& f : LegalForms()) {
      for (auto& t : NormTokens(f.text)) set.insert(t);
    }
    for (const char* extra : {"LLC", "LTD", "CO", "CORP", "INC", "COMPANY", "GROUP"}) {
      for (auto& t : NormTokens(extra)) set.insert(t);
    }
    return set;
  }();
  std::string text(name);
  for (std::string_view han : {"有限责任公司", "有限公司", "株式会社", "公司"}) {
    std::string rest;
    std::size_t from = 0;
    for (auto at = text.find(han); at != std::string::npos; at = text.find(han, from)) {
      rest.append(text, from, at - from);
      rest += ' ';
      from = at + han.size();
    }
    rest.append(text, from, std::string::npos);
    text = std::move(rest);
  }
  std::vector<std::u32string> out;
  for (auto& t : NormTokens(text)) {
    if (!forms.count(t)) out.push_back(t);
  }
  return out;
}

// True when `candidate` (a listed name of another entity) answers `query` as well as
// `source`, the name the query was made from, by the category's rule.
bool EquallyRight(const std::string& category, const std::string& query, const std::string& source,
                  const std::string& candidate) {
  auto q = NormTokens(query);
  auto c = NormTokens(candidate);
  auto sorted = [](std::vector<std::u32string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (category == "typo") {
    // At most as many edits from the query as the source is.
    return Levenshtein(JoinTokens(q, U" "), JoinTokens(c, U" ")) <=
           Levenshtein(JoinTokens(q, U" "), JoinTokens(NormTokens(source), U" "));
  }
  if (category == "reordered" || category == "family-given" || category == "diacritics") {
    return sorted(q) == sorted(c);
  }
  if (category == "joined-split") return JoinTokens(q, U"") == JoinTokens(c, U"");
  if (category == "legal-form") {
    return sorted(WithoutLegalForms(query)) == sorted(WithoutLegalForms(candidate));
  }
  if (category == "initials") {
    // One part of the candidate, cut to its initial, gives the query's parts.
    auto want = sorted(q);
    for (std::size_t k = 0; k < c.size(); ++k) {
      if (c[k].size() < 2) continue;
      auto t = c;
      t[k] = t[k].substr(0, 1);
      if (sorted(t) == want) return true;
    }
    return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------
// Recall bookkeeping.
struct Tally {
  std::size_t n = 0, at1 = 0, at10 = 0, alerted = 0;
  void Add(bool r1, bool r10, bool alert) {
    ++n;
    at1 += r1;
    at10 += r10;
    alerted += alert;
  }
  json Json() const {
    auto frac = [&](std::size_t x) { return n ? static_cast<double>(x) / n : 0.0; };
    return {{"n", n},
            {"recall_at_1", frac(at1)},
            {"recall_at_10", frac(at10)},
            {"found_and_alerted", frac(alerted)}};
  }
};

struct Prf {
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  void Add(bool truth, bool predicted) {
    if (truth && predicted) ++tp;
    if (!truth && predicted) ++fp;
    if (truth && !predicted) ++fn;
    if (!truth && !predicted) ++tn;
  }
  double P() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 0; }
  double R() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 0; }
  double F1() const { return P() + R() > 0 ? 2 * P() * R() / (P() + R()) : 0; }
  json Json() const {
    return {{"precision", P()}, {"recall", R()}, {"f1", F1()}, {"tp", tp},
            {"fp", fp},         {"fn", fn},      {"tn", tn}};
  }
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

std::string Fmt(double x, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

struct Options {
  fs::path data;
  fs::path out;
  std::size_t per_category = 1000;
  std::size_t baseline_per_category = 100;
  std::size_t baseline_negatives = 1000;
  std::size_t latency_negatives = 10000;
  std::size_t alias_queries = 1000;
  std::size_t negatives = 0;  // 0: all of them
  unsigned threads = 0;
  std::uint64_t seed = 20261128;
};

int Run(const Options& opt) {
  std::cout << "asta screening benchmark (issue 3)\ndata: " << opt.data.string() << "\n";
  if (!fs::is_directory(opt.data / "un_sc") || !fs::is_directory(opt.data / "labelled_pairs")) {
    std::cout << "skipped: data absent (" << opt.data.string() << ")\n";
    return 0;
  }
  json out;
  out["data"] = opt.data.string();
  out["seed"] = opt.seed;
  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  out["threads"] = threads;
  out["cores"] = std::thread::hardware_concurrency();
  out["threshold"] = names::DefaultThreshold();

  // --- Lists.
  Corpus corpus;
  std::string error;
  auto t0 = Clock::now();
  if (!LoadCorpus(opt.data, corpus, error)) {
    std::cerr << "error: cannot read the lists: " << error << "\n";
    return 1;
  }
  double load_s = Seconds(t0, Clock::now());
  std::cout << "lists: " << corpus.entities.size() << " entities, " << corpus.names.size()
            << " names (";
  for (const auto& [l, n] : corpus.per_list_entities) {
    std::cout << l << " " << n << "/" << corpus.per_list_names[l] << " ";
  }
  std::cout << "entities/names), " << corpus.clusters << " clusters, "
            << corpus.multi_entity_clusters << " with several entities, "
            << corpus.cross_list_clusters << " across lists; read in " << Fmt(load_s, 2) << " s\n";
  out["lists"] = {{"entities", corpus.entities.size()},
                  {"names", corpus.names.size()},
                  {"per_list_entities", corpus.per_list_entities},
                  {"per_list_names", corpus.per_list_names},
                  {"clusters", corpus.clusters},
                  {"multi_entity_clusters", corpus.multi_entity_clusters},
                  {"cross_list_clusters", corpus.cross_list_clusters},
                  {"read_seconds", load_s}};

  // --- The main index. The analyzer loads ICU and MeCab once; that is start-up, not
  // index building, so it is timed on its own.
  auto ta = Clock::now();
  (void)names::Analyzer::Default().Analyze("warm up", names::Kind::kAny);
  double analyzer_s = Seconds(ta, Clock::now());
  std::vector<bool> keep_all(corpus.names.size(), true);
  std::vector<std::uint32_t> ordinals[3];  // per index: name ordinal -> corpus name
  BuildStats main_stats;
  auto main_index = BuildIndex(corpus, keep_all, main_stats, ordinals[kMain]);
  std::cout << "index: " << main_stats.names << " names, " << main_stats.entities
            << " entities, built in " << Fmt(main_stats.seconds, 2) << " s, MemoryBytes "
            << Fmt(main_stats.memory_bytes / 1048576.0, 1) << " MiB, RSS +"
            << Fmt(main_stats.rss_delta_kb / 1024.0, 1) << " MiB (analyzer start-up "
            << Fmt(analyzer_s, 2) << " s)\n";
  out["index"] = {{"names", main_stats.names},
                  {"entities", main_stats.entities},
                  {"build_seconds", main_stats.seconds},
                  {"memory_bytes", main_stats.memory_bytes},
                  {"rss_delta_bytes", main_stats.rss_delta_kb * 1024},
                  {"analyzer_startup_seconds", analyzer_s}};

  // --- Queries.
  Rng rng(opt.seed);
  std::vector<Query> queries;
  auto cluster_of = [&](std::uint32_t name) {
    return corpus.entities[corpus.names[name].entity].cluster;
  };
  std::vector<bool> keep_alias(corpus.names.size(), true);  // the alias-out index's names
  auto make = [&](const std::string& cat, std::uint32_t name, std::string text, IndexId idx) {
    Query q;
    q.category = cat;
    q.text = std::move(text);
    q.source = corpus.names[name].text;
    q.kind = corpus.entities[corpus.names[name].entity].kind;
    q.script = ScriptOf(q.text);
    q.list = corpus.entities[corpus.names[name].entity].list;
    for (auto j : corpus.entities[corpus.names[name].entity].names) {
      if (corpus.names[j].script == "latin" && (idx != kAliasOut || keep_alias[j])) {
        q.expected = corpus.names[j].text;
        break;
      }
    }
    q.truth = {cluster_of(name)};
    q.index = idx;
    return q;
  };
  std::vector<std::uint32_t> all_names(corpus.names.size());
  std::iota(all_names.begin(), all_names.end(), 0u);
  // Candidates for a category, in a fixed random order; the generator takes up to
  // per_category that give a query different from the source.
  auto generate = [&](const std::string& cat, const std::function<bool(std::uint32_t)>& eligible,
                      const std::function<std::string(std::uint32_t)>& variant) {
    std::vector<std::uint32_t> pool;
    for (auto i : all_names) {
      if (eligible(i)) pool.push_back(i);
    }
    rng.Shuffle(pool);
    std::size_t made = 0;
    for (auto i : pool) {
      if (made >= opt.per_category) break;
      std::string v = variant(i);
      // Reordering and dropping marks keep the harness's key by design; every other
      // variant must change it, or it would be the listed name again.
      bool same_key_ok = cat == "family-given" || cat == "reordered" || cat == "diacritics";
      if (v.empty() || v == corpus.names[i].text) continue;
      if (!same_key_ok && NormKey(v) == corpus.names[i].key) continue;
      queries.push_back(make(cat, i, v, kMain));
      ++made;
    }
  };
  auto tokens_of = [&](std::uint32_t i) { return SplitWs(corpus.names[i].text); };
  // Where the given names start: after the token ending in a comma ("SMITH, John"),
  // else at the first token.
  auto given_at = [](const std::vector<std::string>& t) -> std::size_t {
    for (std::size_t k = 0; k + 1 < t.size(); ++k) {
      if (t[k].back() == ',') return k + 1;
    }
    return 0;
  };
  auto is_person = [&](std::uint32_t i) {
    return corpus.entities[corpus.names[i].entity].kind == names::Kind::kPerson;
  };
  auto is_org = [&](std::uint32_t i) {
    return corpus.entities[corpus.names[i].entity].kind == names::Kind::kOrganization;
  };
  auto letters = [&](std::uint32_t i) {
    std::size_t n = 0;
    for (char32_t c : ToU32(corpus.names[i].text)) n += u_isalpha(static_cast<UChar32>(c)) != 0;
    return n;
  };

  generate(
      "typo", [&](std::uint32_t i) { return letters(i) >= 6; },
      [&](std::uint32_t i) {
        std::u32string s = ToU32(corpus.names[i].text);
        int edits = letters(i) >= 10 ? 1 + static_cast<int>(rng.Below(2)) : 1;
        for (int k = 0; k < edits; ++k) s = EditOnce(s, rng);
        return ToU8(s);
      });
  generate(
      "reordered", [&](std::uint32_t i) { return tokens_of(i).size() >= 2; },
      [&](std::uint32_t i) {
        // Commas go: a reordered "SMITH, John" is "John SMITH", not "John SMITH,".
        std::string text = corpus.names[i].text;
        text.erase(std::remove(text.begin(), text.end(), ','), text.end());
        auto t = SplitWs(text);
        auto orig = t;
        for (int k = 0; k < 5 && t == orig; ++k) rng.Shuffle(t);
        if (t == orig) std::rotate(t.begin(), t.begin() + 1, t.end());
        return Join(t, " ");
      });
  generate(
      "family-given",
      [&](std::uint32_t i) {
        return is_person(i) && tokens_of(i).size() >= 2 &&
               corpus.names[i].text.find(',') == std::string::npos;
      },
      [&](std::uint32_t i) {
        auto t = tokens_of(i);
        std::string last = t.back();
        t.pop_back();
        return last + ", " + Join(t, " ");
      });
  generate(
      "initials",
      [&](std::uint32_t i) {
        auto t = tokens_of(i);
        std::size_t g = given_at(t);
        return is_person(i) && corpus.names[i].script == "latin" && t.size() >= 2 && g < t.size() &&
               ToU32(t[g]).size() >= 3;
      },
      [&](std::uint32_t i) {
        // The first given name becomes its initial: "John Smith" -> "J. Smith",
        // "SMITH, John" -> "SMITH, J.".
        auto t = tokens_of(i);
        std::size_t g = given_at(t);
        std::u32string first = ToU32(t[g]);
        t[g] = ToU8(std::u32string(1, first[0])) + ".";
        return Join(t, " ");
      });
  generate(
      "legal-form", [&](std::uint32_t i) { return is_org(i); },
      [&](std::uint32_t i) { return LegalVariant(corpus.names[i].text, rng); });
  generate(
      "joined-split",
      [&](std::uint32_t i) {
        return corpus.names[i].script == "latin" && (tokens_of(i).size() >= 2 || letters(i) >= 8);
      },
      [&](std::uint32_t i) {
        auto t = tokens_of(i);
        const std::string& text = corpus.names[i].text;
        if (auto h = text.find('-'); h != std::string::npos && rng.Below(2)) {
          std::string s = text;
          s.erase(h, 1);
          return s;
        }
        if (t.size() >= 2 && rng.Below(2)) {
          std::size_t k = rng.Below(t.size() - 1);
          t[k] += t[k + 1];
          t.erase(t.begin() + static_cast<std::ptrdiff_t>(k) + 1);
          return Join(t, " ");
        }
        // Split the longest token.
        std::size_t k = 0;
        for (std::size_t j = 1; j < t.size(); ++j) {
          if (t[j].size() > t[k].size()) k = j;
        }
        std::u32string w = ToU32(t[k]);
        if (w.size() < 6) return std::string();
        std::size_t cut = 3 + rng.Below(w.size() - 5);
        t[k] = ToU8(w.substr(0, cut)) + " " + ToU8(w.substr(cut));
        return Join(t, " ");
      });
  generate(
      "diacritics",
      [&](std::uint32_t i) {
        return corpus.names[i].script == "latin" &&
               Stripper().Strip(corpus.names[i].text) != corpus.names[i].text;
      },
      [&](std::uint32_t i) { return Stripper().Strip(corpus.names[i].text); });

  // Aliases left out: Latin aliases of entities that keep another Latin name with a
  // different key; every name with that key leaves the index, so the alias is truly
  // unknown to it. An alias none of whose tokens resembles a token of the entity's other
  // names (nicknames, acronyms) cannot be found by spelling: it is reported apart.
  {
    std::vector<std::uint32_t> pool;
    for (auto i : all_names) {
      const auto& n = corpus.names[i];
      if (n.primary || n.script != "latin") continue;
      bool other = false;
      for (auto j : corpus.entities[n.entity].names) {
        other |= j != i && corpus.names[j].script == "latin" && corpus.names[j].key != n.key;
      }
      if (other) pool.push_back(i);
    }
    rng.Shuffle(pool);
    std::set<std::string> removed_keys;
    std::set<std::uint32_t> used_entities;
    std::vector<std::uint32_t> chosen;
    for (auto i : pool) {
      if (chosen.size() >= opt.alias_queries) break;
      if (!used_entities.insert(corpus.names[i].entity).second) continue;
      chosen.push_back(i);
      removed_keys.insert(corpus.names[i].key);
    }
    for (std::uint32_t j = 0; j < corpus.names.size(); ++j) {
      if (removed_keys.count(corpus.names[j].key)) keep_alias[j] = false;
    }
    for (auto i : chosen) {
      const auto& n = corpus.names[i];
      // Does a token of the alias resemble a token of a remaining name of the entity?
      bool related = false;
      auto alias_tokens = SplitWs(NormKey(n.text));
      for (auto j : corpus.entities[n.entity].names) {
        if (!keep_alias[j]) continue;
        for (const auto& other : SplitWs(corpus.names[j].key)) {
          for (const auto& a : alias_tokens) {
            if (a.size() >= 2 && Baseline::Ratio(a, other) >= 0.75) related = true;
          }
        }
      }
      bool has_remaining = false;
      for (auto j : corpus.entities[n.entity].names) has_remaining |= keep_alias[j];
      if (!has_remaining) continue;
      queries.push_back(make(related ? "alias-out" : "alias-out-unrelated", i, n.text, kAliasOut));
    }
  }
  BuildStats alias_stats;
  auto alias_index = BuildIndex(corpus, keep_alias, alias_stats, ordinals[kAliasOut]);

  // Cross-script: every non-Latin name of an entity that also has a Latin name, against
  // an index of Latin names only.
  std::vector<bool> keep_latin(corpus.names.size());
  for (std::uint32_t j = 0; j < corpus.names.size(); ++j) {
    keep_latin[j] = corpus.names[j].script == "latin";
  }
  for (auto i : all_names) {
    const auto& n = corpus.names[i];
    if (n.script == "latin") continue;
    bool latin = false;
    for (auto j : corpus.entities[n.entity].names) latin |= keep_latin[j];
    if (!latin) continue;
    queries.push_back(make("cross-script " + n.script + "->latin", i, n.text, kLatinOnly));
  }
  // Katakana renderings written by hand (katakana_renderings.tsv).
  std::size_t katakana_unresolved = 0;
  {
    fs::path tsv = fs::path(ASTA_SOURCE_DIR) / "bench/screening/katakana_renderings.tsv";
    std::ifstream in(tsv);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f;
      std::stringstream ss(line);
      std::string cell;
      while (std::getline(ss, cell, '\t')) f.push_back(cell);
      if (f.size() < 4) continue;
      auto it = corpus.entity_by_list_id.find({f[0], f[1]});
      if (it == corpus.entity_by_list_id.end()) {
        ++katakana_unresolved;
        std::cerr << "katakana_renderings.tsv: no entity " << f[0] << " " << f[1] << "\n";
        continue;
      }
      const auto& e = corpus.entities[it->second];
      Query q;
      q.category = "cross-script katakana->latin";
      q.text = f[3];
      q.source = corpus.names[e.names[0]].text;
      q.kind = e.kind;
      q.script = "kana";
      q.list = e.list;
      q.expected = f[4 < f.size() ? 4 : 3];
      q.truth = {e.cluster};
      q.index = kLatinOnly;
      queries.push_back(q);
    }
  }
  BuildStats latin_stats;
  auto latin_index = BuildIndex(corpus, keep_latin, latin_stats, ordinals[kLatinOnly]);
  out["index"]["alias_out_index_names"] = alias_stats.names;
  out["index"]["latin_only_index_names"] = latin_stats.names;

  // UN-listed persons from yente's candidate-generation set: the truth is every UN
  // entity whose normalised name equals the query's, else whose name holds the same
  // tokens in any order with at most one extra or missing token. The treated file is
  // the untreated one row by row with its names rewritten, so a treated row whose own
  // name cannot be attributed takes the truth of the same untreated row (same birth
  // date).
  std::map<std::string, std::size_t> yente_unresolved;
  std::vector<std::pair<std::string, std::set<std::uint32_t>>> untreated_truth;
  for (const std::string file : {"positives_un_untreated.csv", "positives_un_treated.csv"}) {
    auto recs = ReadCsvRecords(opt.data / "labelled_pairs/yente_candidate_generation" / file);
    std::string cat =
        file == std::string("positives_un_treated.csv") ? "yente-un-treated" : "yente-un-untreated";
    for (std::size_t row = 0; row < recs.size(); ++row) {
      const auto& r = recs[row];
      std::string name = r.at("full_name");
      std::string key = NormKey(name);
      std::set<std::uint32_t> truth;
      if (auto it = corpus.entities_by_key.find(key); it != corpus.entities_by_key.end()) {
        for (auto e : it->second) {
          if (corpus.entities[e].list == "un") truth.insert(corpus.entities[e].cluster);
        }
      }
      if (truth.empty()) {
        auto qt = SplitWs(key);
        std::set<std::string> qs(qt.begin(), qt.end());
        for (const auto& n : corpus.names) {
          if (corpus.entities[n.entity].list != "un") continue;
          auto nt = SplitWs(n.key);
          std::size_t common = 0;
          for (const auto& t : nt) common += qs.count(t);
          if (common >= 2 && common + 1 >= std::max(qs.size(), nt.size())) {
            truth.insert(corpus.entities[n.entity].cluster);
          }
        }
      }
      const std::string dob = r.count("date_of_birth") ? r.at("date_of_birth") : "";
      if (cat == "yente-un-untreated") {
        untreated_truth.push_back({dob, truth});
      } else if (truth.empty() && row < untreated_truth.size() &&
                 untreated_truth[row].first == dob) {
        truth = untreated_truth[row].second;
      }
      if (truth.empty()) {
        yente_unresolved[cat]++;
        continue;
      }
      Query q;
      q.category = cat;
      q.text = name;
      q.source = name;
      q.kind = names::Kind::kPerson;
      q.script = ScriptOf(name);
      q.list = "un";
      q.truth.assign(truth.begin(), truth.end());
      q.index = kMain;
      queries.push_back(q);
    }
  }
  out["yente_unresolved"] = yente_unresolved;

  // --- Run the engine on every query, one thread, timing each search.
  const names::Index* indexes[3] = {main_index.get(), alias_index.get(), latin_index.get()};
  const std::vector<bool>* keeps[3] = {&keep_all, &keep_alias, &keep_latin};
  const double thr = names::DefaultThreshold();
  std::map<std::string, std::map<std::string, Tally>> tally;  // category -> group -> tally
  std::vector<double> latency_ms;
  std::vector<int> asta_hit1(queries.size()), asta_hit10(queries.size());
  std::vector<int> asta_eq1(queries.size()), asta_eq10(queries.size());
  auto in_truth = [&](const Query& q, std::uint32_t entity) {
    auto c = corpus.entities[entity].cluster;
    return std::find(q.truth.begin(), q.truth.end(), c) != q.truth.end();
  };
  double asta_cpu_s = 0, base_cpu_s = 0;  // thread CPU time of the timed searches
  std::vector<double> cpu_ms;             // per engine search, beside latency_ms
  // Among equals: the source's cluster, or an entity with a name as right by the
  // category's rule (spelling categories only).
  auto right_among_equals = [&](const Query& q, std::uint32_t entity) {
    if (in_truth(q, entity)) return true;
    for (auto j : corpus.entities[entity].names) {
      if (EquallyRight(q.category, q.text, q.source, corpus.names[j].text)) return true;
    }
    return false;
  };
  json misses = json::array();
  json rank_misses = json::array();
  for (std::size_t qi = 0; qi < queries.size(); ++qi) {
    const auto& q = queries[qi];
    names::SearchOptions so;
    so.kind = q.kind;
    so.top_k = 10;
    double c0 = ThreadCpuSeconds();
    auto s0 = Clock::now();
    auto res = indexes[q.index]->Search(q.text, so);
    double ms = Seconds(s0, Clock::now()) * 1e3;
    if (q.index == kMain) {
      latency_ms.push_back(ms);
      cpu_ms.push_back((ThreadCpuSeconds() - c0) * 1e3);
      asta_cpu_s += cpu_ms.back() / 1e3;
    }
    bool r1 = !res.empty() && in_truth(q, res[0].entity);
    bool r10 = false;
    for (const auto& m : res) r10 |= in_truth(q, m.entity);
    bool alerted = r1 && res[0].score >= thr;
    auto equally_right = [&](std::uint32_t entity) { return right_among_equals(q, entity); };
    bool e1 = r1;
    bool e10 = r10;
    if (kSpellingCategories.count(q.category)) {
      if (!e1 && !res.empty()) e1 = equally_right(res[0].entity);
      for (std::size_t r = 0; !e10 && r < res.size(); ++r) e10 = equally_right(res[r].entity);
      tally[q.category]["among-equals"].Add(e1, e10, e1 && res[0].score >= thr);
    }
    asta_eq1[qi] = e1;
    asta_eq10[qi] = e10;
    asta_hit1[qi] = r1;
    asta_hit10[qi] = r10;
    auto& t = tally[q.category];
    t["all"].Add(r1, r10, alerted);
    t["script=" + q.script].Add(r1, r10, alerted);
    t["kind=" + std::string(names::KindName(q.kind))].Add(r1, r10, alerted);
    t["list=" + q.list].Add(r1, r10, alerted);
    if (!r10 && misses.size() < 400) {
      json m = {{"category", q.category},
                {"query", q.text},
                {"source", q.source},
                {"expected", q.expected}};
      if (!res.empty()) {
        m["top"] = corpus.names[ordinals[q.index].at(res[0].name)].text;
        m["top_score"] = res[0].score;
      }
      misses.push_back(m);
    }
    if (r10 && !r1 && rank_misses.size() < 600) {
      json m = {{"category", q.category}, {"query", q.text}, {"source", q.source}};
      m["top"] = corpus.names[ordinals[q.index].at(res[0].name)].text;
      m["top_score"] = res[0].score;
      for (std::size_t r = 0; r < res.size(); ++r) {
        if (in_truth(q, res[r].entity)) {
          m["rank"] = r + 1;
          m["found"] = corpus.names[ordinals[q.index].at(res[r].name)].text;
          m["found_score"] = res[r].score;
          break;
        }
      }
      rank_misses.push_back(m);
    }
  }
  out["misses_sample"] = misses;
  // Queries whose entity was found, but not first: what outranked it.
  out["rank_misses_sample"] = rank_misses;

  // --- Baseline on a fixed sample of every category (the first N queries of each).
  Baseline baseline(corpus);
  std::map<std::string, std::size_t> taken;
  std::map<std::string, Tally> base_tally, asta_same_tally, base_equals_tally,
      asta_same_equals_tally;
  std::vector<double> base_latency_ms;
  for (std::size_t qi = 0; qi < queries.size(); ++qi) {
    const auto& q = queries[qi];
    if (taken[q.category]++ >= opt.baseline_per_category) continue;
    double c0 = ThreadCpuSeconds();
    auto s0 = Clock::now();
    auto hits = baseline.Search(q.text, *keeps[q.index], 10);
    base_latency_ms.push_back(Seconds(s0, Clock::now()) * 1e3);
    base_cpu_s += ThreadCpuSeconds() - c0;
    bool r1 = !hits.empty() && in_truth(q, hits[0].entity);
    bool r10 = false;
    for (const auto& h : hits) r10 |= in_truth(q, h.entity);
    base_tally[q.category].Add(r1, r10, false);
    if (kSpellingCategories.count(q.category)) {
      bool e1 = !hits.empty() && right_among_equals(q, hits[0].entity);
      bool e10 = false;
      for (const auto& h : hits) e10 = e10 || right_among_equals(q, h.entity);
      base_equals_tally[q.category].Add(e1, e10, false);
      asta_same_equals_tally[q.category].Add(asta_eq1[qi] != 0, asta_eq10[qi] != 0, false);
    }
    asta_same_tally[q.category].Add(asta_hit1[qi] != 0, asta_hit10[qi] != 0, false);
  }

  // --- Labelled pairs: the engine, the reference matcher (logic-v2, frozen) and the
  // baseline at its best-F1 threshold. The headline set is the 812 pairs the reference
  // was scored on (logicv2-frozen.csv); cases.csv holds 826 rows, and the engine's and
  // baseline's figures on all of them are given too.
  json pairs_json;
  std::vector<std::pair<double, bool>> pair_scores;  // the engine's, on the headline set
  {
    std::vector<std::pair<double, bool>> last_scores;
    auto score_set = [&](const std::vector<std::map<std::string, std::string>>& rows, json& into) {
      Prf engine;
      last_scores.clear();
      std::vector<std::pair<double, bool>> base_scores;
      for (const auto& r : rows) {
        bool truth = r.at("is_match") == "true";
        names::Kind kind = names::ParseKind(r.at("schema"));
        double s = names::ScorePair(r.at("name1"), r.at("name2"), kind);
        engine.Add(truth, s >= thr);
        last_scores.push_back({s, truth});
        base_scores.push_back({Baseline::Ratio(r.at("name1"), r.at("name2")), truth});
      }
      Prf best_base;
      double best_thr = 0;
      for (int t = 1; t <= 100; ++t) {
        Prf p;
        for (const auto& [sc, truth] : base_scores) p.Add(truth, sc >= t / 100.0);
        if (p.F1() > best_base.F1()) best_base = p, best_thr = t / 100.0;
      }
      into = {{"pairs", rows.size()},
              {"asta", engine.Json()},
              {"baseline", best_base.Json()},
              {"baseline_threshold", best_thr}};
      into["asta"]["threshold"] = thr;
    };
    const fs::path dir = opt.data / "labelled_pairs/nomenklatura_name_bench";
    auto frozen = ReadCsvRecords(dir / "logicv2-frozen.csv");
    score_set(frozen, pairs_json);
    pair_scores = last_scores;
    Prf reference;
    for (const auto& r : frozen) {
      reference.Add(r.at("is_match") == "true", r.at("predicted_match") == "true");
    }
    pairs_json["reference_logicv2"] = reference.Json();
    json all;
    score_set(ReadCsvRecords(dir / "cases.csv"), all);
    pairs_json["all_cases"] = all;
  }
  const double base_thr = pairs_json["baseline_threshold"].get<double>();

  // --- Clean names: every negative, batched over `threads` threads; alerts.
  std::vector<std::string> negatives;
  for (const char* file : {"negatives_global.csv", "negatives_us.csv"}) {
    for (const auto& r :
         ReadCsvRecords(opt.data / "labelled_pairs/yente_candidate_generation" / file)) {
      negatives.push_back(r.at("full_name"));
    }
  }
  if (opt.negatives && opt.negatives < negatives.size()) {
    // Every k-th name, so both files stay represented.
    std::vector<std::string> sample;
    std::size_t step = negatives.size() / opt.negatives;
    for (std::size_t i = 0; i < negatives.size() && sample.size() < opt.negatives; i += step) {
      sample.push_back(negatives[i]);
    }
    negatives.swap(sample);
  }
  std::vector<double> neg_top(negatives.size(), 0.0);
  std::vector<std::uint32_t> neg_name(negatives.size(), 0);
  auto tb = Clock::now();
  {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        names::SearchOptions so;
        so.kind = names::Kind::kPerson;
        so.top_k = 10;
        for (std::size_t i; (i = next.fetch_add(64)) < negatives.size();) {
          for (std::size_t j = i; j < std::min(i + 64, negatives.size()); ++j) {
            auto res = main_index->Search(negatives[j], so);
            neg_top[j] = res.empty() ? 0.0 : res[0].score;
            neg_name[j] = res.empty() ? 0 : res[0].name;
          }
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  double batch_s = Seconds(tb, Clock::now());
  std::size_t alerts = 0;
  json alert_samples = json::array();
  for (std::size_t i = 0; i < negatives.size(); ++i) {
    if (neg_top[i] >= thr) {
      ++alerts;
      if (alert_samples.size() < 300) {
        alert_samples.push_back({{"query", negatives[i]},
                                 {"matched", corpus.names[ordinals[kMain].at(neg_name[i])].text},
                                 {"score", neg_top[i]}});
      }
    }
  }
  // One thread on a sample of clean names, for per-query latency.
  {
    std::size_t n = std::min(opt.latency_negatives, negatives.size());
    std::size_t step = std::max<std::size_t>(1, negatives.size() / std::max<std::size_t>(1, n));
    names::SearchOptions so;
    so.kind = names::Kind::kPerson;
    for (std::size_t i = 0; i < n; ++i) {
      double c0 = ThreadCpuSeconds();
      auto s0 = Clock::now();
      (void)main_index->Search(negatives[i * step], so);
      latency_ms.push_back(Seconds(s0, Clock::now()) * 1e3);
      cpu_ms.push_back((ThreadCpuSeconds() - c0) * 1e3);
      asta_cpu_s += cpu_ms.back() / 1e3;
    }
  }
  // Baseline on a sample of clean names (every k-th), alerts at its best-F1 threshold.
  std::size_t base_alerts = 0, base_neg_n = 0;
  {
    std::size_t step = std::max<std::size_t>(1, negatives.size() / opt.baseline_negatives);
    for (std::size_t i = 0; i < negatives.size() && base_neg_n < opt.baseline_negatives;
         i += step) {
      double c0 = ThreadCpuSeconds();
      auto s0 = Clock::now();
      auto hits = baseline.Search(negatives[i], keep_all, 1);
      base_latency_ms.push_back(Seconds(s0, Clock::now()) * 1e3);
      base_cpu_s += ThreadCpuSeconds() - c0;
      ++base_neg_n;
      base_alerts += !hits.empty() && hits[0].score >= base_thr;
    }
  }

  double total_ms = std::accumulate(latency_ms.begin(), latency_ms.end(), 0.0);
  double base_total_ms = std::accumulate(base_latency_ms.begin(), base_latency_ms.end(), 0.0);
  double qps = latency_ms.empty() ? 0 : latency_ms.size() / (total_ms / 1e3);
  double base_qps = base_latency_ms.empty() ? 0 : base_latency_ms.size() / (base_total_ms / 1e3);
  double cpu_qps = asta_cpu_s > 0 ? latency_ms.size() / asta_cpu_s : 0;
  double base_cpu_qps = base_cpu_s > 0 ? base_latency_ms.size() / base_cpu_s : 0;
  double loadavg[3] = {0, 0, 0};
  if (getloadavg(loadavg, 3) < 0) loadavg[0] = -1;
  json speed = {
      {"single_thread",
       {{"queries", latency_ms.size()},
        {"queries_per_second", qps},
        {"queries_per_cpu_second", cpu_qps},
        {"cpu_p50_ms", Percentile(cpu_ms, 0.50)},
        {"cpu_p99_ms", Percentile(cpu_ms, 0.99)},
        {"p50_ms", Percentile(latency_ms, 0.50)},
        {"p99_ms", Percentile(latency_ms, 0.99)},
        {"max_ms", Percentile(latency_ms, 1.0)}}},
      {"batch",
       {{"names", negatives.size()},
        {"threads", threads},
        {"wall_seconds", batch_s},
        {"queries_per_second", negatives.size() / batch_s}}},
      {"baseline_single_thread",
       {{"queries", base_latency_ms.size()},
        {"queries_per_second", base_qps},
        {"queries_per_cpu_second", base_cpu_qps},
        {"p50_ms", Percentile(base_latency_ms, 0.50)},
        {"p99_ms", Percentile(base_latency_ms, 0.99)},
        {"batch_100k_estimate_seconds", base_qps > 0 ? 100000.0 / base_qps / threads : 0}}},
      {"speedup_asta_over_baseline", base_qps > 0 ? qps / base_qps : 0},
      {"speedup_asta_over_baseline_cpu", base_cpu_qps > 0 ? cpu_qps / base_cpu_qps : 0},
      {"load_average_1min_at_end", loadavg[0]}};
  out["speed"] = speed;
  json fa = {{"names", negatives.size()},
             {"asta_alerts", alerts},
             {"asta_per_1000", negatives.empty() ? 0 : 1000.0 * alerts / negatives.size()},
             {"asta_threshold", thr},
             {"asta_alert_samples", alert_samples},
             {"baseline_names", base_neg_n},
             {"baseline_alerts", base_alerts},
             {"baseline_per_1000", base_neg_n ? 1000.0 * base_alerts / base_neg_n : 0},
             {"baseline_threshold", base_thr}};
  out["false_alerts"] = fa;
  out["labelled_pairs"] = pairs_json;
  // The operating curve around the default threshold: F1 on the labelled pairs against
  // false alerts on the clean names, so that the choice of the default can be checked.
  json curve = json::array();
  for (int t = 80; t <= 92; ++t) {
    const double at = t / 100.0;
    Prf p;
    for (const auto& [sc, truth] : pair_scores) p.Add(truth, sc >= at);
    std::size_t count = 0;
    for (double top : neg_top) count += top >= at;
    curve.push_back({{"threshold", at},
                     {"f1", p.F1()},
                     {"false_alerts_per_1000",
                      negatives.empty() ? 0 : 1000.0 * count / negatives.size()}});
  }
  out["operating_curve"] = curve;

  // --- Tables.
  json cats = json::object();
  std::printf(
      "\nRecall (engine on all queries; baseline and engine side by side on the first %zu "
      "queries of each category)\n",
      opt.baseline_per_category);
  std::printf("%-36s %6s %7s %7s %7s | %5s %7s %7s %7s %7s\n", "category / group", "n", "R@1",
              "R@10", "alert", "n'", "R@1", "R@10", "base@1", "base@10");
  for (const auto& [cat, groups] : tally) {
    json cj = json::object();
    for (const auto& [g, t] : groups) cj[g] = t.Json();
    const auto& all = groups.at("all");
    const auto& b = base_tally[cat];
    const auto& a = asta_same_tally[cat];
    cj["baseline_sample"] = b.Json();
    cj["asta_on_baseline_sample"] = a.Json();
    if (base_equals_tally.count(cat)) {
      cj["baseline_sample_among_equals"] = base_equals_tally[cat].Json();
      cj["asta_on_baseline_sample_among_equals"] = asta_same_equals_tally[cat].Json();
    }
    cats[cat] = cj;
    auto f = [](std::size_t x, std::size_t n) { return n ? Fmt(double(x) / n) : "-"; };
    std::printf("%-36s %6zu %7s %7s %7s | %5zu %7s %7s %7s %7s\n", cat.c_str(), all.n,
                f(all.at1, all.n).c_str(), f(all.at10, all.n).c_str(),
                f(all.alerted, all.n).c_str(), b.n, f(a.at1, a.n).c_str(), f(a.at10, a.n).c_str(),
                f(b.at1, b.n).c_str(), f(b.at10, b.n).c_str());
    for (const auto& [g, t] : groups) {
      if (g == "all") continue;
      std::printf("  %-34s %6zu %7s %7s %7s |\n", g.c_str(), t.n, f(t.at1, t.n).c_str(),
                  f(t.at10, t.n).c_str(), f(t.alerted, t.n).c_str());
    }
  }
  out["categories"] = cats;
  if (!yente_unresolved.empty()) {
    for (const auto& [c, n] : yente_unresolved) {
      std::printf("(%s: %zu rows whose UN entity the harness could not identify, left out)\n",
                  c.c_str(), n);
    }
  }
  if (katakana_unresolved) {
    std::printf("(katakana_renderings.tsv: %zu rows name no listed entity)\n", katakana_unresolved);
  }

  auto& pj = pairs_json;
  std::printf(
      "\nLabelled pairs (%zu scored by the reference; nomenklatura)  precision  recall   F1\n",
      pj["pairs"].get<std::size_t>());
  std::printf("  asta ScorePair at %.3f                      %7.3f %7.3f %7.3f\n", thr,
              pj["asta"]["precision"].get<double>(), pj["asta"]["recall"].get<double>(),
              pj["asta"]["f1"].get<double>());
  std::printf("  reference logic-v2 (frozen, at 0.7)          %7.3f %7.3f %7.3f\n",
              pj["reference_logicv2"]["precision"].get<double>(),
              pj["reference_logicv2"]["recall"].get<double>(),
              pj["reference_logicv2"]["f1"].get<double>());
  std::printf("  baseline Levenshtein ratio at %.2f (best F1)  %7.3f %7.3f %7.3f\n", base_thr,
              pj["baseline"]["precision"].get<double>(), pj["baseline"]["recall"].get<double>(),
              pj["baseline"]["f1"].get<double>());
  std::printf(
      "  on all %zu rows of cases.csv: asta F1 %.3f (P %.3f R %.3f), baseline F1 %.3f at %.2f\n",
      pj["all_cases"]["pairs"].get<std::size_t>(), pj["all_cases"]["asta"]["f1"].get<double>(),
      pj["all_cases"]["asta"]["precision"].get<double>(),
      pj["all_cases"]["asta"]["recall"].get<double>(),
      pj["all_cases"]["baseline"]["f1"].get<double>(),
      pj["all_cases"]["baseline_threshold"].get<double>());

  std::printf("\nFalse alerts on clean names\n");
  std::printf("  asta at %.3f: %zu of %zu = %.3f per 1,000\n", thr, alerts, negatives.size(),
              fa["asta_per_1000"].get<double>());
  std::printf("  baseline at %.2f: %zu of %zu (sample) = %.3f per 1,000\n", base_thr, base_alerts,
              base_neg_n, fa["baseline_per_1000"].get<double>());
  std::printf("  operating curve (asta): threshold, F1 on the labelled pairs, false alerts per 1,000\n");
  for (const auto& point : curve) {
    std::printf("    %.2f  %.3f  %.2f\n", point["threshold"].get<double>(),
                point["f1"].get<double>(), point["false_alerts_per_1000"].get<double>());
  }

  std::printf("\nSpeed (%u cores; load average %.2f at the end: the machine may be shared)\n",
              std::thread::hardware_concurrency(), loadavg[0]);
  std::printf(
      "  asta, 1 thread: %zu queries, %.0f q/s wall (%.0f per CPU-second), p50 %.3f ms, "
      "p99 %.3f ms, max %.3f ms\n",
      latency_ms.size(), qps, cpu_qps, Percentile(latency_ms, 0.5), Percentile(latency_ms, 0.99),
      Percentile(latency_ms, 1.0));
  std::printf("  asta, 1 thread, CPU time per query: p50 %.3f ms, p99 %.3f ms\n",
              Percentile(cpu_ms, 0.5), Percentile(cpu_ms, 0.99));
  std::printf("  asta, %u threads: %zu clean names in %.2f s (%.0f q/s)\n", threads,
              negatives.size(), batch_s, negatives.size() / batch_s);
  std::printf(
      "  baseline, 1 thread (sample of %zu queries): %.1f q/s, p50 %.3f ms, p99 %.3f ms; "
      "100,000 names would take ~%.0f s on %u threads\n",
      base_latency_ms.size(), base_qps, Percentile(base_latency_ms, 0.5),
      Percentile(base_latency_ms, 0.99), base_qps > 0 ? 100000.0 / base_qps / threads : 0, threads);
  std::printf("  baseline per CPU-second: %.1f q/s\n", base_cpu_qps);
  std::printf("  speed ratio asta/baseline: %.1fx wall, %.1fx CPU\n",
              base_qps > 0 ? qps / base_qps : 0, base_cpu_qps > 0 ? cpu_qps / base_cpu_qps : 0);
  std::printf("  index: build %.2f s, MemoryBytes %.1f MiB, RSS +%.1f MiB, %zu names\n",
              main_stats.seconds, main_stats.memory_bytes / 1048576.0,
              main_stats.rss_delta_kb / 1024.0, main_stats.names);

  // A one-line summary, for logs.
  auto r1 = [&](const std::string& c) {
    return cats.contains(c) ? Fmt(cats[c]["all"]["recall_at_1"].get<double>(), 3) : "-";
  };
  std::string summary =
      "typo " + r1("typo") + " reord " + r1("reordered") + " fam " + r1("family-given") + " init " +
      r1("initials") + " legal " + r1("legal-form") + " join " + r1("joined-split") + " alias " +
      r1("alias-out") + " han " + r1("cross-script han->latin") + " ar " +
      r1("cross-script arabic->latin") + " kata " + r1("cross-script katakana->latin") +
      " | FA/1000 " + Fmt(fa["asta_per_1000"].get<double>(), 2) + " | F1 " +
      Fmt(pj["asta"]["f1"].get<double>()) + " | " + Fmt(qps, 0) + " q/s p99 " +
      Fmt(Percentile(latency_ms, 0.99)) + " ms";
  out["summary"] = summary;
  std::printf("\nsummary (R@1): %s\n", summary.c_str());

  fs::create_directories(opt.out.parent_path());
  std::ofstream(opt.out) << out.dump(2) << "\n";
  std::printf("json: %s\n", opt.out.string().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  const char* env = std::getenv("ASTA_SCREENING_DATA");
  opt.data =
      env && *env ? fs::path(env) : fs::path(ASTA_SOURCE_DIR) / ".." / "shared/data/screening";
  opt.out = fs::path(ASTA_SOURCE_DIR) / "bench/out/screening.json";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--ratio" && i + 2 < argc) {
      std::printf("%.6f\n", Baseline::Ratio(argv[i + 1], argv[i + 2]));
      return 0;
    } else if (a == "--data") {
      opt.data = value();
    } else if (a == "--out") {
      opt.out = value();
    } else if (a == "--per-category") {
      opt.per_category = std::stoul(value());
    } else if (a == "--baseline-per-category") {
      opt.baseline_per_category = std::stoul(value());
    } else if (a == "--baseline-negatives") {
      opt.baseline_negatives = std::stoul(value());
    } else if (a == "--latency-negatives") {
      opt.latency_negatives = std::max(1ul, std::stoul(value()));
    } else if (a == "--alias-queries") {
      opt.alias_queries = std::stoul(value());
    } else if (a == "--negatives") {
      opt.negatives = std::stoul(value());
    } else if (a == "--threads") {
      opt.threads = static_cast<unsigned>(std::stoul(value()));
    } else if (a == "--seed") {
      opt.seed = std::stoull(value());
    } else {
      std::cerr << "usage: bench_screening [--data DIR] [--out FILE] [--per-category N] "
                   "[--baseline-per-category N] [--baseline-negatives N] "
                   "[--latency-negatives N] [--alias-queries N] [--negatives N] [--threads N] "
                   "[--seed N] | "
                   "--ratio A B\n";
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  return Run(opt);
}
