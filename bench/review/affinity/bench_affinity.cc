// The affinity benchmark's two halves (run.sh drives them):
//   bench_affinity generate DIR [--proposals N] [--reviewers M] [--papers P]
//       writes DIR/submissions.json and DIR/profiles/<reviewer>.jsonl: synthetic text
//       with topical structure — 300 topics of 400 topic words each, 8,000 general
//       words (the first 40 real English function words), each drawn Zipf-like (rank^-1);
//       a title of ~10 and an abstract of ~150 words, 40 % from the document's topic.
//       A reviewer keeps to one topic (a fifth of their papers from a second one);
//       papers dated 2000-2024. Deterministic (fixed seed).
//   bench_affinity run DIR [--top N] [--out scores.csv]
//       the same calls as `asta affinity --top N` (read, score, write);
//   bench_affinity baseline DIR [--sample K]
//       reads the same files, scores K proposals against every reviewer with the
//       brute-force TF-IDF cosine (affinity.h) and extrapolates the time to all of them.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engines/affinity/affinity.h"
#include "engines/affinity/io.h"

namespace {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }

 private:
  std::uint64_t state_;
};

// Zipf(1) over n ranks by inverse transform on the harmonic numbers.
class Zipf {
 public:
  explicit Zipf(int n) : cdf_(static_cast<std::size_t>(n)) {
    double sum = 0;
    for (int i = 0; i < n; ++i) cdf_[static_cast<std::size_t>(i)] = (sum += 1.0 / (i + 1));
    for (double& c : cdf_) c /= sum;
  }
  int Draw(Rng& rng) const {
    const double u = rng.Unit();
    return static_cast<int>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

// A pronounceable pseudo-word for an index (distinct per index).
std::string Word(std::uint64_t index, int salt) {
  static const char* kSyllables[] = {"ka",  "lo",  "mi",  "ne",  "ru",  "ta",  "shi", "po",
                                     "ve",  "dra", "gen", "thi", "ox",  "ul",  "bra", "cy",
                                     "fer", "ion", "zo",  "que", "lum", "tri", "sa",  "nor"};
  constexpr std::uint64_t kN = 24;
  std::string w;
  std::uint64_t x = index * 131 + static_cast<std::uint64_t>(salt) * 7919 + 17;
  do {
    w += kSyllables[x % kN];
    x /= kN;
  } while (x > 0);
  return w;
}

constexpr const char* kFunctionWords[] = {
    "the", "of",    "and",     "in",    "to",    "a",     "for",     "is",    "we",   "with",
    "on",  "that",  "by",      "this",  "are",   "from",  "as",      "an",    "be",   "which",
    "our", "these", "results", "show",  "using", "based", "propose", "paper", "can",  "new",
    "two", "at",    "it",      "their", "also",  "than",  "both",    "such",  "into", "between"};

struct Vocabulary {
  std::vector<std::string> general;
  std::vector<std::vector<std::string>> topics;
};

Vocabulary MakeVocabulary() {
  Vocabulary v;
  for (int i = 0; i < 8000; ++i) {
    v.general.push_back(i < 40 ? kFunctionWords[i] : Word(static_cast<std::uint64_t>(i), 1));
  }
  v.topics.resize(300);
  for (int t = 0; t < 300; ++t) {
    for (int i = 0; i < 400; ++i) {
      v.topics[static_cast<std::size_t>(t)].push_back(
          Word(static_cast<std::uint64_t>(t) * 1000 + static_cast<std::uint64_t>(i), 2));
    }
  }
  return v;
}

std::string Text(const Vocabulary& v, int topic, int words, Rng& rng, const Zipf& zg,
                 const Zipf& zt) {
  std::string out;
  for (int i = 0; i < words; ++i) {
    if (i > 0) out += (rng.Below(12) == 0 ? ". " : " ");
    if (rng.Unit() < 0.4) {
      out += v.topics[static_cast<std::size_t>(topic)][static_cast<std::size_t>(zt.Draw(rng))];
    } else {
      out += v.general[static_cast<std::size_t>(zg.Draw(rng))];
    }
  }
  return out;
}

int Generate(const std::string& dir, int proposals, int reviewers, int papers) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(dir) / "profiles");
  const Vocabulary v = MakeVocabulary();
  const Zipf zg(static_cast<int>(v.general.size())), zt(400);
  Rng rng(6);
  const int n_topics = static_cast<int>(v.topics.size());
  {
    std::ofstream out(fs::path(dir) / "submissions.json");
    out << "{\n";
    for (int p = 0; p < proposals; ++p) {
      const int topic = rng.Below(n_topics);
      char id[32];
      std::snprintf(id, sizeof id, "P%05d", p);
      out << (p ? ",\n" : "") << "\"" << id << "\": {\"id\": \"" << id
          << "\", \"content\": {\"title\": {\"value\": \"" << Text(v, topic, 10, rng, zg, zt)
          << "\"}, \"abstract\": {\"value\": \"" << Text(v, topic, 150, rng, zg, zt) << "\"}}}";
    }
    out << "\n}\n";
  }
  for (int r = 0; r < reviewers; ++r) {
    char id[32];
    std::snprintf(id, sizeof id, "R%05d", r);
    std::ofstream out(fs::path(dir) / "profiles" / (std::string(id) + ".jsonl"));
    const int main_topic = rng.Below(n_topics);
    const int second_topic = rng.Below(n_topics);
    for (int k = 0; k < papers; ++k) {
      const int topic = rng.Below(5) == 0 ? second_topic : main_topic;
      out << "{\"id\": \"" << id << "-" << k << "\", \"content\": {\"title\": \""
          << Text(v, topic, 10, rng, zg, zt) << "\", \"abstract\": \""
          << Text(v, topic, 150, rng, zg, zt) << "\", \"year\": " << 2000 + rng.Below(25) << "}}\n";
    }
  }
  std::cout << "generated " << proposals << " proposals and " << reviewers << " reviewers x "
            << papers << " papers in " << dir << "\n";
  return 0;
}

// What `asta affinity --top N` does (src/cli/affinity_cmd.cc), for when no release asta
// binary with the command can be built: read, score, write.
int Run(const std::string& dir, const std::string& out, int top) {
  const auto t0 = std::chrono::steady_clock::now();
  auto submissions = asta::affinity::ReadSubmissions(dir + "/submissions.json");
  auto reviewers = asta::affinity::ReadProfiles(dir + "/profiles", 2);
  if (!submissions || !reviewers) {
    std::cerr << "cannot read " << dir << "\n";
    return 1;
  }
  asta::affinity::Options options;
  options.top = top;
  auto scores = asta::affinity::Compute(*submissions, *reviewers, options);
  if (!scores) return 1;
  if (!asta::affinity::WriteScores(out, *submissions, *reviewers, *scores)) return 1;
  std::printf("scored %zu x %zu, %zu pairs written in %.2f s\n", submissions->size(),
              reviewers->size(), scores->size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return 0;
}

int Baseline(const std::string& dir, int sample) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  auto submissions = asta::affinity::ReadSubmissions(dir + "/submissions.json");
  auto reviewers = asta::affinity::ReadProfiles(dir + "/profiles", 2);
  if (!submissions || !reviewers) {
    std::cerr << "cannot read " << dir << "\n";
    return 1;
  }
  const double read = std::chrono::duration<double>(Clock::now() - t0).count();
  const std::size_t all = submissions->size();
  submissions->resize(std::min<std::size_t>(all, static_cast<std::size_t>(sample)));
  const auto t1 = Clock::now();
  const auto scores = asta::affinity::BaselineTfidfCosine(*submissions, *reviewers);
  const double scored = std::chrono::duration<double>(Clock::now() - t1).count();
  // The vocabulary and reviewer vectors are built once whatever the sample: time a
  // one-proposal run to separate that fixed part from the per-proposal part.
  std::vector<asta::affinity::Document> one(submissions->begin(), submissions->begin() + 1);
  const auto t2 = Clock::now();
  const auto once = asta::affinity::BaselineTfidfCosine(one, *reviewers);
  const double fixed = std::chrono::duration<double>(Clock::now() - t2).count();
  const double per_proposal =
      (scored - fixed) / static_cast<double>(std::max<std::size_t>(submissions->size() - 1, 1));
  const double total = read + fixed + per_proposal * static_cast<double>(all);
  std::printf(
      "baseline: read %.2f s, build %.2f s, %.4f s per proposal (%zu pairs, sample of %zu); "
      "extrapolated to %zu proposals: %.1f s (1 thread)\n",
      read, fixed, per_proposal, scores.size() + once.size(), submissions->size(), all, total);
  std::printf("BASELINE_SECONDS %.1f\n", total);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 2) {
    std::cerr << "usage: bench_affinity generate|baseline DIR [options]\n";
    return 2;
  }
  int proposals = 10000, reviewers = 10000, papers = 20, sample = 100, top = 200;
  std::string out = "scores.csv";
  for (std::size_t i = 2; i + 1 < args.size(); i += 2) {
    const int value = args[i] == "--out" ? 0 : std::stoi(args[i + 1]);
    if (args[i] == "--proposals") proposals = value;
    if (args[i] == "--reviewers") reviewers = value;
    if (args[i] == "--papers") papers = value;
    if (args[i] == "--sample") sample = value;
    if (args[i] == "--top") top = value;
    if (args[i] == "--out") out = args[i + 1];
  }
  if (args[0] == "generate") return Generate(args[1], proposals, reviewers, papers);
  if (args[0] == "baseline") return Baseline(args[1], sample);
  if (args[0] == "run") return Run(args[1], out, top);
  std::cerr << "unknown mode " << args[0] << "\n";
  return 2;
}
