// The assignment benchmark (issue 6): a generated problem of N proposals × N reviewers,
// the top T affinities per proposal as candidates, C conflicts among them, k reviewers
// per proposal, load at most L. Measures, on the same data in the same run, each in its
// own forked process (so that peak memory is its own):
//   api   — asta's engine: assign::Solve() on the problem in memory (validation,
//           preparation, network, solve, result);
//   lemon — plain LEMON: the bare flow network built directly from the arrays and
//           NetworkSimplex on it (the baseline: what the engine wraps).
// Prints one JSON line with both times, peak RSS, both optimal totals (checked equal)
// and the ratio api / lemon (the pipeline's overhead). With --csv DIR it also writes
// DIR/scores.csv and DIR/conflicts.csv and times, as "csv", what `asta assign` does with
// them in process (read, solve, write; "csv_read_s" the reading); run.sh times the
// command itself.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "engines/assign/assign.h"
#include "engines/assign/csv_io.h"

namespace {

struct Data {
  int n = 10000, top = 200, k = 3, max_load = 6, conflicts = 50000;
  std::vector<asta::assign::Candidate> pairs;
  std::vector<std::pair<int, int>> conflict_pairs;
};

// Scores on the 1e-6 grid in [0.1, 1); reviewers drawn with a skew (some are in many
// proposals' top lists, as real experts are), distinct per proposal; conflicts drawn
// among the candidate pairs (where they matter: co-authors have high affinity).
void Generate(Data& d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  d.pairs.reserve(static_cast<std::size_t>(d.n) * d.top);
  std::vector<int> mark(d.n, -1);
  for (int p = 0; p < d.n; ++p) {
    int got = 0;
    while (got < d.top) {
      const double u = static_cast<double>(rng() >> 11) / 9007199254740992.0;
      const int r = std::min(d.n - 1, static_cast<int>(d.n * std::pow(u, 1.3)));
      if (mark[r] == p) continue;
      mark[r] = p;
      const long long micro = 100000 + static_cast<long long>(rng() % 900000);
      d.pairs.push_back({p, r, static_cast<double>(micro) / 1e6});
      ++got;
    }
  }
  std::vector<char> taken(d.pairs.size(), 0);
  while (static_cast<int>(d.conflict_pairs.size()) < d.conflicts) {
    const std::size_t i = rng() % d.pairs.size();
    if (taken[i]) continue;
    taken[i] = 1;
    d.conflict_pairs.emplace_back(d.pairs[i].proposal, d.pairs[i].reviewer);
  }
}

struct Measure {
  double seconds = 0, build_seconds = 0;
  long long total_micro = 0;
  long max_rss_kb = 0;
  bool ok = false;
};

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

long MaxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

Measure RunApi(const Data& d) {
  asta::assign::Problem p;
  p.proposals = d.n;
  p.reviewers = d.n;
  p.k = d.k;
  p.max_load = d.max_load;
  p.candidates = d.pairs;
  p.conflicts = d.conflict_pairs;
  Measure m;
  const double t0 = Now();
  auto a = asta::assign::Solve(p);
  m.seconds = Now() - t0;
  if (!a) {
    std::fprintf(stderr, "api: %s\n", a.error().message.c_str());
    return m;
  }
  m.ok = true;
  m.total_micro = std::llround(a->total * 1e6);
  return m;
}

Measure RunLemon(const Data& d) {
  using Graph = lemon::SmartDigraph;
  Measure m;
  const double t0 = Now();
  std::vector<std::uint64_t> conflicts;
  conflicts.reserve(d.conflict_pairs.size());
  for (const auto& [p, r] : d.conflict_pairs) {
    conflicts.push_back(static_cast<std::uint64_t>(p) << 32 | static_cast<std::uint32_t>(r));
  }
  std::sort(conflicts.begin(), conflicts.end());
  Graph g;
  g.reserveNode(2 * d.n + 1);
  g.reserveArc(static_cast<int>(d.pairs.size()) + d.n);
  for (int i = 0; i < 2 * d.n + 1; ++i) g.addNode();
  const Graph::Node sink = g.nodeFromId(2 * d.n);
  std::vector<const asta::assign::Candidate*> arc_pair;
  arc_pair.reserve(d.pairs.size());
  for (const auto& c : d.pairs) {
    const std::uint64_t key =
        static_cast<std::uint64_t>(c.proposal) << 32 | static_cast<std::uint32_t>(c.reviewer);
    if (std::binary_search(conflicts.begin(), conflicts.end(), key)) continue;
    g.addArc(g.nodeFromId(c.proposal), g.nodeFromId(d.n + c.reviewer));
    arc_pair.push_back(&c);
  }
  const int pair_arcs = static_cast<int>(arc_pair.size());
  for (int r = 0; r < d.n; ++r) g.addArc(g.nodeFromId(d.n + r), sink);
  Graph::ArcMap<long long> upper(g), cost(g);
  for (int a = 0; a < pair_arcs; ++a) {
    upper[g.arcFromId(a)] = 1;
    cost[g.arcFromId(a)] = -std::llround(arc_pair[a]->score * 1e6);
  }
  for (int r = 0; r < d.n; ++r) {
    upper[g.arcFromId(pair_arcs + r)] = d.max_load;
    cost[g.arcFromId(pair_arcs + r)] = 0;
  }
  Graph::NodeMap<long long> supply(g, 0);
  for (int p = 0; p < d.n; ++p) supply[g.nodeFromId(p)] = d.k;
  supply[sink] = -static_cast<long long>(d.k) * d.n;
  m.build_seconds = Now() - t0;
  lemon::NetworkSimplex<Graph, long long, long long> solver(g);
  solver.upperMap(upper).costMap(cost).supplyMap(supply);
  const auto status = solver.run();
  m.seconds = Now() - t0;
  if (status != lemon::NetworkSimplex<Graph, long long, long long>::OPTIMAL) return m;
  m.ok = true;
  m.total_micro = -solver.totalCost();
  return m;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// What `asta assign` does between its flags and its exit, from the CSV files.
Measure RunCsv(const std::string& dir, int k, int max_load) {
  Measure m;
  const double t0 = Now();
  auto named = asta::assign::ReadProblem(Slurp(dir + "/scores.csv"), Slurp(dir + "/conflicts.csv"));
  if (!named) {
    std::fprintf(stderr, "csv: %s\n", named.error().message.c_str());
    return m;
  }
  named->problem.k = k;
  named->problem.max_load = max_load;
  m.build_seconds = Now() - t0;  // reading
  auto a = asta::assign::Solve(named->problem);
  if (!a) return m;
  std::ofstream(dir + "/assignment-api.csv", std::ios::binary)
      << asta::assign::WriteAssignment(*named, *a);
  m.seconds = Now() - t0;
  m.ok = true;
  m.total_micro = std::llround(a->total * 1e6);
  return m;
}

// Runs f in a child process; the measure comes back through a pipe.
template <class F>
Measure Forked(F f) {
  int fd[2];
  if (pipe(fd) != 0) std::abort();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    Measure m = f();
    m.max_rss_kb = MaxRssKb();
    if (write(fd[1], &m, sizeof m) != sizeof m) _exit(2);
    _exit(0);
  }
  close(fd[1]);
  Measure m;
  if (read(fd[0], &m, sizeof m) != sizeof m) m.ok = false;
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return m;
}

bool WriteCsv(const Data& d, const std::string& dir) {
  std::ofstream scores(dir + "/scores.csv", std::ios::binary);
  scores << "submission_id,reviewer_id,score\n";
  char buf[96];
  for (const auto& c : d.pairs) {
    std::snprintf(buf, sizeof buf, "p%d,r%d,%.6f\n", c.proposal, c.reviewer, c.score);
    scores << buf;
  }
  std::ofstream conflicts(dir + "/conflicts.csv", std::ios::binary);
  conflicts << "submission_id,reviewer_id\n";
  for (const auto& [p, r] : d.conflict_pairs) conflicts << 'p' << p << ",r" << r << '\n';
  return static_cast<bool>(scores) && static_cast<bool>(conflicts);
}

}  // namespace

int main(int argc, char** argv) {
  Data d;
  std::string csv_dir;
  std::uint64_t seed = 6;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* v = argv[i + 1];
    if (flag == "--n") {
      d.n = std::atoi(v);
    } else if (flag == "--top") {
      d.top = std::atoi(v);
    } else if (flag == "--k") {
      d.k = std::atoi(v);
    } else if (flag == "--max-load") {
      d.max_load = std::atoi(v);
    } else if (flag == "--conflicts") {
      d.conflicts = std::atoi(v);
    } else if (flag == "--seed") {
      seed = std::strtoull(v, nullptr, 10);
    } else if (flag == "--csv") {
      csv_dir = v;
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (d.n < 1 || d.top < 1 || d.top > d.n ||
      static_cast<long long>(d.conflicts) > static_cast<long long>(d.n) * d.top) {
    std::fprintf(stderr, "bad sizes\n");
    return 2;
  }
  const double t0 = Now();
  Generate(d, seed);
  const double generated = Now() - t0;
  const long data_rss = MaxRssKb();
  if (!csv_dir.empty() && !WriteCsv(d, csv_dir)) {
    std::fprintf(stderr, "cannot write %s\n", csv_dir.c_str());
    return 1;
  }
  const Measure lemon = Forked([&] { return RunLemon(d); });
  const Measure api = Forked([&] { return RunApi(d); });
  Measure csv;
  if (!csv_dir.empty()) csv = Forked([&] { return RunCsv(csv_dir, d.k, d.max_load); });
  const bool equal = lemon.ok && api.ok && lemon.total_micro == api.total_micro &&
                     (csv_dir.empty() || (csv.ok && csv.total_micro == lemon.total_micro));
  std::printf(
      "{\"n\":%d,\"top\":%d,\"pairs\":%zu,\"conflicts\":%d,\"k\":%d,\"max_load\":%d,"
      "\"generate_s\":%.3f,\"data_rss_mb\":%.1f,"
      "\"lemon_s\":%.3f,\"lemon_build_s\":%.3f,\"lemon_rss_mb\":%.1f,"
      "\"api_s\":%.3f,\"api_rss_mb\":%.1f,"
      "\"csv_s\":%.3f,\"csv_read_s\":%.3f,\"csv_rss_mb\":%.1f,"
      "\"lemon_total\":%.6f,\"api_total\":%.6f,\"totals_equal\":%s,\"ratio\":%.3f}\n",
      d.n, d.top, d.pairs.size(), d.conflicts, d.k, d.max_load, generated, data_rss / 1024.0,
      lemon.seconds, lemon.build_seconds, lemon.max_rss_kb / 1024.0, api.seconds,
      api.max_rss_kb / 1024.0, csv.seconds, csv.build_seconds, csv.max_rss_kb / 1024.0,
      lemon.total_micro / 1e6, api.total_micro / 1e6, equal ? "true" : "false",
      lemon.seconds > 0 ? api.seconds / lemon.seconds : 0.0);
  return equal ? 0 : 1;
}
