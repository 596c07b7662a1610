// Tokenisation for affinity (analyzer.h). One pass over the UTF-8 text splits it into
// Latin-script words, runs of Han/kana (segmented by MeCab or into character bigrams),
// runs of Hangul (character bigrams) and separators; punctuation is a phrase break,
// white space, hyphens and apostrophes are not.
#include "engines/affinity/analyzer.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/mecab_model.h"
#include "mecab.h"

namespace asta::affinity {
namespace {

// English function words and the boilerplate of scientific abstracts; they carry no
// topic. Kept short on purpose: document frequency down-weights the rest.
constexpr std::string_view kStopWords[] = {
    "a",          "about",        "above",     "after",    "again",   "against",     "all",
    "also",       "although",     "am",        "among",    "an",      "and",         "any",
    "approach",   "approaches",   "are",       "as",       "at",      "based",       "be",
    "because",    "been",         "before",    "being",    "below",   "between",     "both",
    "but",        "by",           "can",       "could",    "did",     "do",          "does",
    "doing",      "down",         "due",       "during",   "each",    "either",      "et",
    "etc",        "few",          "for",       "from",     "further", "furthermore", "had",
    "has",        "have",         "having",    "he",       "her",     "here",        "hers",
    "herein",     "him",          "his",       "how",      "however", "i",           "ie",
    "if",         "in",           "into",      "is",       "it",      "its",         "itself",
    "let",        "may",          "me",        "might",    "more",    "moreover",    "most",
    "much",       "must",         "my",        "namely",   "new",     "no",          "nor",
    "not",        "novel",        "of",        "off",      "on",      "once",        "one",
    "only",       "or",           "other",     "others",   "our",     "ours",        "ourselves",
    "out",        "over",         "own",       "paper",    "per",     "present",     "presented",
    "presents",   "propose",      "proposed",  "proposes", "rather",  "result",      "results",
    "same",       "several",      "shall",     "she",      "should",  "show",        "showed",
    "shown",      "shows",        "since",     "so",       "some",    "such",        "than",
    "that",       "the",          "their",     "theirs",   "them",    "themselves",  "then",
    "there",      "thereby",      "therefore", "these",    "they",    "this",        "those",
    "though",     "through",      "thus",      "to",       "too",     "two",         "under",
    "until",      "up",           "upon",      "us",       "use",     "used",        "uses",
    "using",      "various",      "very",      "via",      "was",     "we",          "were",
    "what",       "when",         "where",     "whether",  "which",   "while",       "who",
    "whom",       "whose",        "why",       "will",     "with",    "within",      "without",
    "work",       "would",        "yet",       "you",      "your",    "yours",       "well",
    "first",      "second",       "three",     "many",     "even",    "often",       "usually",
    "particular", "respectively", "present",   "study",    "studies", "studied",     "this"};

// Japanese content words too common in academic prose to say anything (base forms).
constexpr std::string_view kJapaneseStopWords[] = {
    "する",   "ある",   "いる",   "なる", "れる", "られる", "できる", "行う",   "よる", "用いる",
    "おける", "対する", "関する", "示す", "ない", "持つ",   "得る",   "考える", "いう", "言う",
    "見る",   "本",     "等",     "提案", "研究", "結果",   "手法",   "方法",   "本稿", "本研究"};

const std::unordered_set<std::string_view>& StopWords() {
  static const auto* set = [] {
    auto* s = new std::unordered_set<std::string_view>();
    for (std::string_view w : kStopWords) s->insert(w);
    for (std::string_view w : kJapaneseStopWords) s->insert(w);
    return s;
  }();
  return *set;
}

constexpr char32_t kInvalid = 0xFFFFFFFF;

// The code point at `i` (advanced past it); kInvalid for a malformed byte (advanced 1).
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    ++i;
    return c0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((c0 & 0xE0) == 0xC0) {
    len = 2;
    cp = c0 & 0x1F;
  } else if ((c0 & 0xF0) == 0xE0) {
    len = 3;
    cp = c0 & 0x0F;
  } else if ((c0 & 0xF8) == 0xF0) {
    len = 4;
    cp = c0 & 0x07;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return kInvalid;
  }
  for (int k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return kInvalid;
  }
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

enum class Class { kWord, kCjk, kHangul, kSpace, kBreak };

// Full-width ASCII, Latin-1 and Latin Extended-A capitals and Greek capitals to lower case.
char32_t Fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp == 0x3000) return ' ';
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0) return cp + 1;
  if (cp >= 0x391 && cp <= 0x3A9) return cp + 0x20;
  return cp;
}

Class Classify(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return Class::kWord;
  if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '-' || cp == '\'' ||
      cp == 0x2010 || cp == 0x2011 || cp == 0x2019 || cp == 0xA0) {
    return Class::kSpace;
  }
  if (cp < 0x80) return Class::kBreak;
  if ((cp >= 0xDF && cp <= 0x24F && cp != 0xF7) || (cp >= 0x3B1 && cp <= 0x3C9)) {
    return Class::kWord;
  }
  if ((cp >= 0x3040 && cp <= 0x309F) || (cp >= 0x30A0 && cp <= 0x30FF) ||
      (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3005 ||
      cp == 0x3006) {
    return Class::kCjk;
  }
  if (cp >= 0xAC00 && cp <= 0xD7AF) return Class::kHangul;
  return Class::kBreak;
}

// ----- MeCab ------------------------------------------------------------------------

// The process's MeCab model (loaded once, never freed), or null without a dictionary.
MeCab::Model* MecabModel() {
  static MeCab::Model* model = OpenMecabModel().release();
  return model;
}

// Splits a MeCab feature string ("名詞,一般,*,*,*,*,学習,ガクシュウ,ガクシュー").
void SplitFeatures(const char* feature, std::vector<std::string_view>& out) {
  out.clear();
  std::string_view f = feature ? feature : "";
  std::size_t start = 0;
  while (start <= f.size()) {
    const std::size_t comma = f.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? f.size() : comma;
    out.push_back(f.substr(start, end - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

// Calls emit(term) for the content words of a Japanese run, emit("") at a break.
// Returns false when MeCab is unavailable.
template <typename Emit>
bool MecabRun(std::string_view run, Emit& emit) {
  MeCab::Model* model = MecabModel();
  if (model == nullptr) return false;
  struct PerThread {
    std::unique_ptr<MeCab::Tagger> tagger;
    std::unique_ptr<MeCab::Lattice> lattice;
  };
  thread_local PerThread local;
  if (!local.tagger) {
    local.tagger.reset(model->createTagger());
    local.lattice.reset(model->createLattice());
  }
  if (!local.tagger || !local.lattice) return false;
  const std::string sentence(run);
  local.lattice->set_sentence(sentence.c_str());
  if (!local.tagger->parse(local.lattice.get())) return false;
  std::vector<std::string_view> features;
  for (const MeCab::Node* node = local.lattice->bos_node(); node; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
    const std::string_view surface(node->surface, node->length);
    SplitFeatures(node->feature, features);
    const std::string_view pos = features.empty() ? "" : features[0];
    const std::string_view sub = features.size() > 1 ? features[1] : "";
    if (pos == "名詞") {
      if (sub == "非自立" || sub == "代名詞" || sub == "特殊") {
        emit(std::string_view());
      } else if (sub == "数" || sub == "接尾") {
        // Suffixes (化, 性, 的) and numbers belong to the compound around them.
      } else {
        emit(surface);
      }
    } else if (pos == "動詞" || pos == "形容詞") {
      const std::string_view base =
          features.size() > 6 && features[6] != "*" ? features[6] : surface;
      if (sub == "自立") {
        emit(base);
      }
      emit(std::string_view());
    } else if (pos == "接頭詞") {
      // A prefix (再, 非, 超) joins the compound that follows.
    } else {
      emit(std::string_view());
    }
  }
  return true;
}

// Calls emit(term) for each analysed term and emit("") at each break.
template <typename Emit>
void Walk(std::string_view text, Emit&& emit) {
  std::string word;  // the current Latin word, lower case
  std::string run;   // the current Han/kana or Hangul run, UTF-8
  std::vector<char32_t> run_cps;
  Class run_class = Class::kBreak;
  auto flush_word = [&] {
    if (word.empty()) return;
    bool all_digits = true;
    for (char c : word) all_digits = all_digits && c >= '0' && c <= '9';
    if (!all_digits) emit.Word(word);
    word.clear();
  };
  auto flush_run = [&] {
    if (run_cps.empty()) return;
    bool done = false;
    if (run_class == Class::kCjk) {
      auto term = [&](std::string_view t) { emit.Term(t); };
      done = MecabRun(run, term);
    }
    if (!done) {
      // Character bigrams (a lone character stands for itself); no phrases across them.
      std::string piece;
      if (run_cps.size() == 1) {
        AppendUtf8(piece, run_cps[0]);
        emit.Term(piece);
      }
      for (std::size_t k = 0; k + 1 < run_cps.size(); ++k) {
        piece.clear();
        AppendUtf8(piece, run_cps[k]);
        AppendUtf8(piece, run_cps[k + 1]);
        emit.Term(piece);
        emit.Term(std::string_view());
      }
    }
    emit.Term(std::string_view());
    run.clear();
    run_cps.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t raw = NextCodePoint(text, i);
    if (raw == kInvalid) continue;
    const char32_t cp = Fold(raw);
    const Class c = Classify(cp);
    if (c != Class::kWord) flush_word();
    if (c != Class::kCjk && c != Class::kHangul) {
      flush_run();
    } else if (c != run_class) {
      flush_run();
    }
    switch (c) {
      case Class::kWord:
        AppendUtf8(word, cp);
        break;
      case Class::kCjk:
      case Class::kHangul:
        run_class = c;
        AppendUtf8(run, cp);
        run_cps.push_back(cp);
        break;
      case Class::kSpace:
        break;
      case Class::kBreak:
        emit.Term(std::string_view());
        break;
    }
  }
  flush_word();
  flush_run();
}

constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

bool IsAsciiLower(std::string_view w) {
  for (char c : w) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// What a Latin word becomes: "" for a stop word or a single ASCII letter (a break),
// else its stem (ASCII letters) or itself.
std::string LatinTerm(std::string_view word) {
  if (word.size() == 1 || IsStopWord(word)) return std::string();
  if (IsAsciiLower(word)) return PorterStem(word);
  return std::string(word);
}

}  // namespace

bool IsStopWord(std::string_view word) { return StopWords().count(word) > 0; }

bool HasMecab() { return MecabModel() != nullptr; }

std::uint64_t HashTerm(std::string_view term) {
  std::uint64_t h = kFnvOffset;
  for (char c : term) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h == 0 ? 1 : h;
}

std::uint64_t HashPhrase(std::uint64_t first, std::uint64_t second) {
  const std::uint64_t h = Mix(first * 0x9E3779B97F4A7C15ull + Mix(second ^ 0x5851F42D4C957F2Dull));
  return h == 0 ? 1 : h;
}

std::vector<std::string> Terms(std::string_view text) {
  struct Sink {
    std::vector<std::string>* out;
    void Word(std::string_view w) { Term(LatinTerm(w)); }
    void Term(std::string_view t) {
      if (t.empty() && (out->empty() || out->back().empty())) return;
      if (!t.empty() && IsStopWord(t)) t = std::string_view();
      if (t.empty() && (out->empty() || out->back().empty())) return;
      out->emplace_back(t);
    }
  };
  std::vector<std::string> out;
  Walk(text, Sink{&out});
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

void TermHashes(std::string_view text, std::vector<std::uint64_t>& out) {
  // Latin words map to the hash of their stem (0 for stop words) through a per-thread
  // cache: a vocabulary is small next to the number of words read.
  thread_local std::unordered_map<std::uint64_t, std::uint64_t> cache;  // raw word -> term
  if (cache.size() > (1u << 20)) cache.clear();
  struct Sink {
    std::vector<std::uint64_t>* out;
    void Push(std::uint64_t h) {
      if (h == 0 && (out->empty() || out->back() == 0)) return;
      out->push_back(h);
    }
    void Word(std::string_view w) {
      const std::uint64_t raw = HashTerm(w);
      auto it = cache.find(raw);
      if (it == cache.end()) {
        const std::string t = LatinTerm(w);
        it = cache.emplace(raw, t.empty() ? 0 : HashTerm(t)).first;
      }
      Push(it->second);
    }
    void Term(std::string_view t) {
      if (t.empty() || IsStopWord(t)) {
        Push(0);
      } else {
        Push(HashTerm(t));
      }
    }
  };
  const std::size_t start = out.size();
  Walk(text, Sink{&out});
  while (out.size() > start && out.back() == 0) out.pop_back();
  out.push_back(0);
}

}  // namespace asta::affinity
