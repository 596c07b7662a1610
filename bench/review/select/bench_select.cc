// bench_select: the selection engine on a generated call (issue 6) — N proposals (3,000),
// 12 funders (four Japanese agencies, eight partner agencies), 5 slots. Each proposal asks
// its lead Japanese funder and 0–2 partners (1–3 funders), budgets are 30 % of what is
// asked (binding), slots have minimums and maximums. Writes proposals.csv, budgets.csv,
// quotas.csv and the same MIP as CPLEX LP (model.lp) into --dir for `asta select` and
// glpsol, then solves with the engine and prints one JSON line:
//   {"n","solve_s","merit","proven_optimal","selected","marginals_s","binding_funders"}.
// Usage: bench_select --dir DIR [--n 3000] [--seed 1] [--merit rank|score] [--time-limit S]
//                     [--rank 0|1] [--marginals 0|1]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "engines/select/select.h"

namespace {

using asta::select::Bounds;
using asta::select::Problem;

const char* const kFunders[] = {"JST",  "JSPS",     "AMED", "NEDO", "NSTDA", "BRIN",
                                "DOST", "NAFOSTED", "NRF",  "NSFC", "DST",   "ASTAR"};
const char* const kSlots[] = {"open", "oda", "early-career", "regional", "industry"};

// Per-project ceilings in yen (partners' in yen equivalent).
const double kCeiling[] = {30e6, 20e6, 40e6, 50e6, 10e6, 8e6, 8e6, 6e6, 15e6, 12e6, 10e6, 15e6};

// The ceiling (60 %) or 1–10 steps below it.
double Ask(double ceiling, double step, double u, double v) {
  return u < 0.6 ? ceiling : ceiling - step * (1 + static_cast<int>(v * 10));
}

// How merit is made from the panel's scores (--merit): "rank" (default) — the panel ranks
// the proposals strictly (mean score, unrounded, then a panel decision — here the id — on
// exact ties) and merit is the rank weight N - rank + 1 (distinct whole numbers N..1, the
// "ranking-weighted" merit of issue 6); "score" — merit is the rounded 4 x mean score
// (4..20, thousands of ties: many equivalent optima, the hard variant).
Problem Generate(int n, unsigned seed, bool rank_weighted) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  Problem pr;
  for (const char* f : kFunders) pr.funders.push_back({f, 0});
  for (const char* s : kSlots) pr.slots.push_back(s);
  const double slot_share[] = {0.4, 0.2, 0.15, 0.15, 0.1};
  std::normal_distribution<double> score(3.2, 0.7);
  std::vector<double> asked(pr.funders.size(), 0);
  std::vector<int> slot_size(pr.slots.size(), 0);
  for (int i = 0; i < n; ++i) {
    asta::select::Proposal p;
    char id[32];
    std::snprintf(id, sizeof id, "P%05d", i + 1);
    p.id = id;
    // Mean panel score on 1–5, two decimals: many ties, as in a real ranking.
    const double mean_score = std::clamp(score(rng), 1.0, 5.0);
    p.merit = rank_weighted ? mean_score : std::round(mean_score * 4);
    double r = uniform(0, 1);
    p.slot = 0;
    while (p.slot < 4 && r > slot_share[p.slot]) r -= slot_share[p.slot++];
    ++slot_size[p.slot];
    const int lead = static_cast<int>(uniform(0, 4));
    // Each funder has a per-project ceiling; most proposals ask exactly that, the others
    // a round amount below it (as in joint calls: "up to 30 million yen per project").
    const double lead_amount = Ask(kCeiling[lead], 1e6, uniform(0, 1), uniform(0, 1));
    p.shares.push_back({lead, lead_amount});
    const double partners = uniform(0, 1);
    const int count = partners < 0.3 ? 0 : partners < 0.8 ? 1 : 2;
    std::vector<int> chosen;
    while (static_cast<int>(chosen.size()) < count) {
      const int f = 4 + static_cast<int>(uniform(0, 8));
      bool seen = false;
      for (int c : chosen) seen = seen || c == f;
      if (seen) continue;
      chosen.push_back(f);
      p.shares.push_back({f, Ask(kCeiling[f], 5e5, uniform(0, 1), uniform(0, 1))});
    }
    for (const auto& s : p.shares) asked[s.funder] += s.amount;
    pr.proposals.push_back(std::move(p));
  }
  if (rank_weighted) {
    std::vector<int> by_score(n);
    for (int i = 0; i < n; ++i) by_score[i] = i;
    std::stable_sort(by_score.begin(), by_score.end(),
                     [&](int a, int b) { return pr.proposals[a].merit > pr.proposals[b].merit; });
    for (int rank = 1; rank <= n; ++rank) pr.proposals[by_score[rank - 1]].merit = n - rank + 1;
  }
  for (std::size_t f = 0; f < pr.funders.size(); ++f) {
    pr.funders[f].budget = std::round(asked[f] * 0.3 / 1e6) * 1e6;
  }
  for (std::size_t s = 0; s < pr.slots.size(); ++s) {
    pr.slot_quotas.push_back(
        {static_cast<int>(slot_size[s] * 0.22), static_cast<int>(std::ceil(slot_size[s] * 0.4))});
  }
  return pr;
}

std::string Amount(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

void WriteFiles(const Problem& pr, const std::string& dir) {
  std::ofstream proposals(dir + "/proposals.csv");
  proposals << "proposal_id,merit,slot,funder,amount\n";
  for (const auto& p : pr.proposals) {
    for (const auto& s : p.shares) {
      char merit[32];
      std::snprintf(merit, sizeof merit, "%.2f", p.merit);
      proposals << p.id << "," << merit << "," << pr.slots[p.slot] << "," << pr.funders[s.funder].id
                << "," << Amount(s.amount) << "\n";
    }
  }
  std::ofstream budgets(dir + "/budgets.csv");
  budgets << "funder,budget\n";
  for (const auto& f : pr.funders) budgets << f.id << "," << Amount(f.budget) << "\n";
  std::ofstream quotas(dir + "/quotas.csv");
  quotas << "slot,min,max\n";
  for (std::size_t s = 0; s < pr.slots.size(); ++s) {
    quotas << pr.slots[s] << "," << pr.slot_quotas[s].min << "," << pr.slot_quotas[s].max << "\n";
  }
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int n = 3000;
  unsigned seed = 1;
  double time_limit = 60;
  bool rank = true, marginals = true, rank_weighted = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir")
      dir = argv[i + 1];
    else if (flag == "--n")
      n = std::atoi(argv[i + 1]);
    else if (flag == "--time-limit")
      time_limit = std::atof(argv[i + 1]);
    else if (flag == "--rank")
      rank = std::atoi(argv[i + 1]) != 0;
    else if (flag == "--marginals")
      marginals = std::atoi(argv[i + 1]) != 0;
    else if (flag == "--merit")
      rank_weighted = std::string(argv[i + 1]) != "score";
    else if (flag == "--seed")
      seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
  }
  if (dir.empty() || n <= 0) {
    std::fprintf(stderr,
                 "usage: bench_select --dir DIR [--n 3000] [--seed 1] [--merit rank|score]\n");
    return 2;
  }
  Problem pr = Generate(n, seed, rank_weighted);
  pr.time_limit_seconds = time_limit;
  pr.rank_order = rank;
  WriteFiles(pr, dir);
  auto lp = asta::select::WriteLp(pr);
  if (!lp) {
    std::fprintf(stderr, "%s\n", lp.error().message.c_str());
    return 1;
  }
  std::ofstream(dir + "/model.lp") << *lp;

  pr.marginal_values = false;
  auto start = std::chrono::steady_clock::now();
  auto solved = asta::select::Solve(pr);
  const double solve_s = Seconds(start);
  if (!solved) {
    std::fprintf(stderr, "%s\n", solved.error().message.c_str());
    return 1;
  }
  pr.marginal_values = true;
  start = std::chrono::steady_clock::now();
  auto with_marginals = marginals ? asta::select::Solve(pr) : solved;
  const double marginals_s = Seconds(start);
  if (!with_marginals) {
    std::fprintf(stderr, "%s\n", with_marginals.error().message.c_str());
    return 1;
  }
  int binding = 0;
  for (const auto& use : with_marginals->funders) {
    if (use.gain > 0) ++binding;
  }
  std::printf(
      "{\"n\":%d,\"seed\":%u,\"solve_s\":%.3f,\"merit\":%.2f,\"proven_optimal\":%s,"
      "\"selected\":%zu,\"skipped\":%zu,\"marginals_s\":%.3f,\"funders_with_gain\":%d}\n",
      n, seed, solve_s, solved->total_merit, solved->proven_optimal ? "true" : "false",
      solved->selected.size(), solved->skipped.size(), marginals_s, binding);
  return 0;
}
