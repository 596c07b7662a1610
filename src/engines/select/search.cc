// The exact search for the selection MIP (model.h, docs/review.md "How the optimum is
// proven"): CBC on restricted MIPs, around LP bounds and reduced-cost fixing.
#include <Cbc_C_Interface.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>

#include "engines/select/matrix.h"

namespace asta::select::internal {
namespace {

// CBC's command-line driver, behind its C interface, keeps global state: one solve at a
// time in the process.
std::mutex& CbcMutex() {
  static std::mutex mutex;
  return mutex;
}

double Objective(const Mip& mip, const std::vector<double>& values) {
  double total = 0;
  for (std::size_t c = 0; c < mip.obj.size(); ++c) total += mip.obj[c] * values[c];
  return total;
}

// CBC on `mip` for at most `seconds` and `max_nodes` nodes (-1: no limit); with a cutoff,
// only solutions of objective >= *cutoff are sought (none found, no limit reached:
// infeasible, i.e. nothing that good exists). heuristics false: CBC's primal heuristics
// off (for proofs, where they rarely pay).
Result<MipOutcome> RunCbc(const Mip& mip, double seconds, std::optional<double> cutoff,
                          int max_nodes, bool heuristics) {
  const int cols = static_cast<int>(mip.names.size());
  const int rows = static_cast<int>(mip.rows.size());
  const LoadedMatrix m = ColumnMajor(mip, rows);
  std::lock_guard<std::mutex> lock(CbcMutex());
  Cbc_Model* model = Cbc_newModel();
  if (model == nullptr) return Internal("CBC: cannot create a model");
  MipOutcome out;
  try {
    Cbc_loadProblem(model, cols, rows, m.starts.data(), m.index.data(), m.value.data(),
                    m.col_lb.data(), m.col_ub.data(), mip.obj.data(), m.row_lb.data(),
                    m.row_ub.data());
    for (int c = 0; c < cols; ++c) {
      if (mip.integer[c]) Cbc_setInteger(model, c);
    }
    Cbc_setObjSense(model, -1);  // maximise
    Cbc_setLogLevel(model, 0);
    Cbc_setParameter(model, "threads", "0");
    if (!heuristics) Cbc_setParameter(model, "heuristicsOnOff", "off");
    Cbc_setMaximumSeconds(model, seconds);
    if (max_nodes >= 0) Cbc_setMaximumNodes(model, max_nodes);
    if (cutoff) Cbc_setCutoff(model, *cutoff);
    const auto began = std::chrono::steady_clock::now();
    Cbc_solve(model);
    out.optimal = Cbc_isProvenOptimal(model) != 0;
    // No selection without reaching a limit: none exists.
    // (A run that used up its time counts as limited even if CBC does not say so.)
    const bool limited =
        Cbc_isSecondsLimitReached(model) != 0 || Cbc_isAbandoned(model) != 0 ||
        (max_nodes >= 0 && Cbc_isNodeLimitReached(model) != 0) ||
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() >=
            0.98 * seconds;
    out.infeasible = Cbc_isProvenInfeasible(model) != 0 || !limited;
    const double* best = Cbc_bestSolution(model);
    if (best != nullptr) {
      out.has_solution = true;
      out.values.assign(best, best + cols);
    }
  } catch (...) {
    Cbc_deleteModel(model);
    return Internal("CBC failed while solving the selection");
  }
  Cbc_deleteModel(model);
  return out;
}

// The MIP over the columns not fixed (fixed[c] < 0), the fixed ones moved into the rows'
// sides. infeasible: a row left without columns is broken by the fixed values.
struct Compacted {
  Mip mip;
  std::vector<int> column;  // compact column -> column of the full MIP
  bool infeasible = false;
};

Compacted Compact(const Mip& mip, const std::vector<int>& fixed) {
  Compacted out;
  std::vector<int> to(mip.names.size(), -1);
  for (std::size_t c = 0; c < mip.names.size(); ++c) {
    if (fixed[c] >= 0) continue;
    to[c] = out.mip.AddColumn(mip.names[c], mip.obj[c], mip.lb[c], mip.ub[c], mip.integer[c]);
    out.column.push_back(static_cast<int>(c));
  }
  out.mip.first_dominance_row = -1;
  for (std::size_t r = 0; r < mip.rows.size(); ++r) {
    if (static_cast<int>(r) == mip.first_dominance_row) {
      out.mip.first_dominance_row = static_cast<int>(out.mip.rows.size());
    }
    const auto& row = mip.rows[r];
    std::vector<std::pair<int, double>> terms;
    double shift = 0;  // whole numbers times 0/1: exact
    for (auto [c, v] : row.terms) {
      if (fixed[c] >= 0) {
        shift += v * fixed[c];
      } else {
        terms.emplace_back(to[c], v);
      }
    }
    const double lo = row.lo - shift, hi = row.hi - shift;
    if (terms.empty()) {
      if (lo > 1e-9 || hi < -1e-9) out.infeasible = true;
      continue;
    }
    out.mip.AddRow(mip.row_names[r], std::move(terms), lo, hi);
  }
  if (out.mip.first_dominance_row < 0) {
    out.mip.first_dominance_row = static_cast<int>(out.mip.rows.size());
  }
  return out;
}

// Tuning (docs/performance.md "Selection"). Node limits, not time caps, in every
// heuristic step: the same input gives the same selection.
constexpr std::size_t kFirstCore = 128;       // columns of the first core
constexpr int kCoreNodes = 200;               // per core
constexpr int kSplitFunders = 4;              // budgets split on, after the count
constexpr int kMaxLps = 20000;                // LPs of one enumeration of the parts
constexpr int kGuessRounds = 4;               // guesses in one part while they improve
constexpr int kGuessNodes = 500;              // per guess
constexpr std::size_t kGuessedParts = 8;      // parts guessed at 1/16 of the gap
constexpr std::size_t kWideGuessedParts = 4;  // of those, guessed again at 1/8

class Search {
 public:
  Search(const Mip& mip, double seconds, const Improver& improve, const GreedyFill& greedy)
      : mip_(mip),
        seconds_(seconds),
        improve_(improve),
        greedy_(greedy),
        t0_(std::chrono::steady_clock::now()) {}

  Result<MipOutcome> Run(const std::vector<std::pair<int, double>>& start);

 private:
  // A part of the selections: the sums of the first values.size() groups fixed.
  struct Part {
    std::vector<int> values;
    Fixing fixing;  // its LP bound and reduced costs
  };

  double Left() const {
    return seconds_ - std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }
  double Incumbent() const { return Objective(mip_, best_.values); }
  // No selection better than the incumbent (by step_) within `f`'s rows.
  bool Beaten(const Fixing& f) const {
    return f.bound < Incumbent() + step_ - 1e-6 * (1 + std::fabs(f.bound));
  }
  int FreeCount(const std::vector<int>& fixed) const {
    int n = 0;
    for (int c : binaries_) n += fixed[c] < 0;
    return n;
  }
  void Offer(MipOutcome o);
  MipOutcome SolvePart(const Mip& m, const std::vector<int>& fixed, int nodes, bool heuristics);
  std::optional<MipOutcome> BySplitting();
  Mip PartMip(const Part& part) const;
  std::string Guess(const Part& part, double first_share, double last_share);
  bool Enumerate(Relaxation& lp, int level, const std::vector<double>& sums,
                 std::vector<int>& values, int& lps, std::vector<Part>& parts);

  const Mip& mip_;
  const double seconds_;
  const Improver& improve_;
  const GreedyFill& greedy_;
  const std::chrono::steady_clock::time_point t0_;
  Fixing root_;
  double step_ = 0;
  std::vector<int> binaries_;
  std::vector<std::vector<int>> groups_;  // of the split
  MipOutcome best_;                       // the incumbent
};

void Search::Offer(MipOutcome o) {
  if (!o.has_solution) return;
  improve_(o.values);
  if (!best_.has_solution || Objective(mip_, o.values) > Incumbent()) {
    best_.has_solution = true;
    best_.values = std::move(o.values);
  }
}

// CBC on the MIP `m` (same columns as the whole) restricted by `fixed`, cut off at the
// incumbent; the values are expanded back to every column.
MipOutcome Search::SolvePart(const Mip& m, const std::vector<int>& fixed, int nodes,
                             bool heuristics) {
  const Compacted part = Compact(m, fixed);
  MipOutcome got;
  got.infeasible = true;
  if (part.infeasible) return got;
  // Only selections better than the incumbent (by step_, less a margin for rounding).
  std::optional<double> cutoff;
  if (best_.has_solution) {
    double offset = 0;  // the fixed columns' part of the objective
    for (std::size_t c = 0; c < fixed.size(); ++c)
      if (fixed[c] >= 0) offset += m.obj[c] * fixed[c];
    cutoff = Incumbent() - offset + (step_ > 0 ? step_ - 0.5 : 1e-9);
  }
  auto sub = RunCbc(part.mip, std::max(Left(), 0.01), cutoff, nodes, heuristics);
  if (!sub) {
    got.error = sub.error().message;
    return got;
  }
  got.optimal = sub->optimal;
  got.infeasible = sub->infeasible;
  if (sub->has_solution) {
    got.has_solution = true;
    got.values.assign(m.names.size(), 0);
    for (std::size_t c = 0; c < fixed.size(); ++c)
      if (fixed[c] >= 0) got.values[c] = fixed[c];
    for (std::size_t c = 0; c < part.column.size(); ++c)
      got.values[part.column[c]] = sub->values[c];
  }
  return got;
}

Mip Search::PartMip(const Part& part) const {
  Mip m = mip_;
  for (std::size_t g = 0; g < part.values.size(); ++g) {
    std::vector<std::pair<int, double>> terms;
    for (int c : groups_[g]) terms.emplace_back(c, 1.0);
    const double v = part.values[g];
    m.rows.insert(m.rows.begin() + m.first_dominance_row, Mip::Row{std::move(terms), v, v});
    m.row_names.insert(m.row_names.begin() + m.first_dominance_row, "group" + std::to_string(g));
    ++m.first_dominance_row;
  }
  return m;
}

// A better incumbent (a part's proof is much faster from a good one): the part's columns
// are fixed as if the incumbent were already `share` of the gap below the part's bound (a
// guess: a small MIP, and what it finds is a real selection), widening the share up to
// last_share until something better is found; then again from there while that improves.
std::string Search::Guess(const Part& part, double first_share, double last_share) {
  const Mip m = PartMip(part);
  for (int round = 0; round < kGuessRounds && !Beaten(part.fixing); ++round) {
    const double incumbent = Incumbent();
    bool found = false;
    for (double share = first_share; share <= last_share && !found && Left() > 0.01; share *= 2) {
      const double target = part.fixing.bound - share * (part.fixing.bound - incumbent);
      MipOutcome got = SolvePart(m, FixedColumns(m, part.fixing, target, step_), kGuessNodes,
                                 /*heuristics=*/true);
      if (!got.error.empty()) return got.error;
      found = got.has_solution;
      Offer(std::move(got));
    }
    if (!found) break;
  }
  return "";
}

// The parts below a node of the split whose groups before `level` are fixed (`sums`: the
// node's LP optimum summed per group), depth first on the warm-started LP. Along group
// `level` the LP bound is concave in its sum v (the LP optimum as a function of a
// right-hand side), so from the LP's own sum outwards the first v whose bound falls below
// the incumbent + step, or whose LP is infeasible, ends that direction. False: an LP
// failed, or too many LPs, or out of time.
bool Search::Enumerate(Relaxation& lp, int level, const std::vector<double>& sums,
                       std::vector<int>& values, int& lps, std::vector<Part>& parts) {
  const int size = static_cast<int>(groups_[level].size());
  const int down = std::clamp(static_cast<int>(std::floor(sums[level] - 1e-6)), -1, size);
  bool ok = true;
  for (int dir : {-1, 1}) {
    for (int v = dir < 0 ? down : down + 1; ok && v >= 0 && v <= size; v += dir) {
      if (++lps > kMaxLps || Left() <= 0.01) {
        ok = false;
        break;
      }
      lp.SetGroup(level, v, v);
      Fixing f;
      std::vector<double> below;
      const Relaxation::Status status = lp.Solve(&f, &below);
      if (status == Relaxation::Status::kInfeasible) break;
      if (status == Relaxation::Status::kFailed) {
        ok = false;
        break;
      }
      if (Beaten(f)) break;
      values.push_back(v);
      if (level + 1 == static_cast<int>(groups_.size())) {
        parts.push_back({values, std::move(f)});
      } else {
        ok = Enumerate(lp, level + 1, below, values, lps, parts);
      }
      values.pop_back();
    }
  }
  lp.SetGroup(level, -kInf, kInf);
  return ok;
}

// The exact step, split (docs/review.md): the selections are divided by the number of
// selected proposals and then, for the budgets the LP prices highest (|dual| x budget),
// by the number selected among the proposals asking that funder. Each part has its own
// LP bound and reduced-cost fixing, far tighter than the whole's, and CBC settles most
// parts at the root. Parts whose bound is below the incumbent + step hold no better
// selection; the others are solved exactly, highest bound first, after a few guesses
// for a better incumbent. nullopt: an LP failed or the parts are too many (the caller
// solves as one MIP); an outcome with `error` when CBC failed.
std::optional<MipOutcome> Search::BySplitting() {
  groups_ = {binaries_};
  std::vector<std::pair<double, int>> priced;  // (|y| x budget, index into mip_.budgets)
  for (std::size_t i = 0; i < mip_.budgets.size(); ++i) {
    const auto& b = mip_.budgets[i];
    const double price = std::fabs(root_.duals[b.row]) * mip_.ub[b.spend];
    if (price > 1e-9) priced.emplace_back(price, static_cast<int>(i));
  }
  std::stable_sort(priced.begin(), priced.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [price, i] : priced) {
    if (static_cast<int>(groups_.size()) > kSplitFunders) break;
    std::vector<int> members;
    for (auto [c, v] : mip_.rows[mip_.budgets[i].row].terms) {
      if (mip_.integer[c] && mip_.lb[c] == 0 && mip_.ub[c] == 1) members.push_back(c);
    }
    if (members.size() > 1) groups_.push_back(std::move(members));
  }
  const int depth = static_cast<int>(groups_.size());
  Relaxation lp(mip_, groups_);
  Fixing top;
  std::vector<double> sums;
  if (lp.Solve(&top, &sums) != Relaxation::Status::kSolved) return std::nullopt;
  auto failed = [](std::string error) {
    MipOutcome out;
    out.error = std::move(error);
    return out;
  };
  {
    // A dive to one part along the LP (at each level the better of the two sums next to
    // the LP's) and a guess there, so that the enumeration prunes with a better incumbent.
    Part dive{{}, top};
    std::vector<double> at = sums;
    for (int level = 0; level < depth; ++level) {
      const int down = static_cast<int>(std::floor(at[level] - 1e-6));
      int chosen = -1;
      Fixing chosen_fixing;
      std::vector<double> chosen_sums;
      for (int v : {down, down + 1}) {
        if (v < 0 || v > static_cast<int>(groups_[level].size())) continue;
        lp.SetGroup(level, v, v);
        Fixing f;
        std::vector<double> below;
        if (lp.Solve(&f, &below) != Relaxation::Status::kSolved) continue;
        if (chosen < 0 || f.bound > chosen_fixing.bound) {
          chosen = v;
          chosen_fixing = std::move(f);
          chosen_sums = std::move(below);
        }
      }
      if (chosen < 0) break;
      lp.SetGroup(level, chosen, chosen);
      dive.values.push_back(chosen);
      dive.fixing = std::move(chosen_fixing);
      at = std::move(chosen_sums);
    }
    for (int level = 0; level < depth; ++level) lp.SetGroup(level, -kInf, kInf);
    if (static_cast<int>(dive.values.size()) == depth) {
      if (std::string error = Guess(dive, 1.0 / 16, 1.0 / 8); !error.empty()) {
        return failed(error);
      }
    }
  }
  std::vector<Part> parts;
  std::vector<int> values;
  int lps = 0;
  if (!Enumerate(lp, 0, sums, values, lps, parts)) return std::nullopt;
  std::stable_sort(parts.begin(), parts.end(),
                   [](const Part& a, const Part& b) { return a.fixing.bound > b.fixing.bound; });
  for (double share : {1.0 / 16, 1.0 / 8}) {
    const std::size_t count = share < 0.1 ? kGuessedParts : kWideGuessedParts;
    for (std::size_t i = 0; i < parts.size() && i < count; ++i) {
      if (std::string error = Guess(parts[i], share, share); !error.empty()) return failed(error);
    }
  }
  bool all_settled = true;
  for (const Part& part : parts) {
    if (Beaten(part.fixing)) continue;
    if (Left() <= 0.01) {
      all_settled = false;
      break;
    }
    const Mip m = PartMip(part);
    MipOutcome got = SolvePart(m, FixedColumns(m, part.fixing, Incumbent(), step_), -1,
                               /*heuristics=*/false);
    if (!got.error.empty()) return got;
    all_settled = all_settled && (got.optimal || (got.infeasible && !got.has_solution));
    Offer(std::move(got));
  }
  MipOutcome out = best_;
  out.optimal = all_settled;
  return out;
}

Result<MipOutcome> Search::Run(const std::vector<std::pair<int, double>>& start) {
  root_ = LpBound(mip_);
  if (!root_.ok) return RunCbc(mip_, seconds_, {}, -1, /*heuristics=*/true);
  bool whole = true;
  for (double v : mip_.obj) whole = whole && v == std::round(v);
  step_ = whole ? 1 : 0;
  for (std::size_t c = 0; c < mip_.names.size(); ++c) {
    if (mip_.integer[c] && mip_.lb[c] == 0 && mip_.ub[c] == 1) {
      binaries_.push_back(static_cast<int>(c));
    }
  }
  {
    // The LP's own order: binary columns by reduced cost, largest first, added greedily.
    std::vector<int> by_value = binaries_;
    std::stable_sort(by_value.begin(), by_value.end(),
                     [&](int a, int b) { return root_.reduced[a] > root_.reduced[b]; });
    MipOutcome guided;
    guided.values = greedy_(by_value);
    guided.has_solution = !guided.values.empty();
    Offer(std::move(guided));
  }
  if (!start.empty()) {
    // Polished only when it is at least as good as the LP's greedy (e.g. a previous
    // optimum): polishing a poor start costs more than it gains.
    MipOutcome given;
    given.has_solution = true;
    given.values.assign(mip_.names.size(), 0);
    for (auto [c, v] : start) given.values[c] = v;
    if (!best_.has_solution || Objective(mip_, given.values) >= Incumbent()) {
      Offer(std::move(given));
    }
  }
  // Without an incumbent (the greedy misses a minimum): cores, the columns with the
  // smallest |reduced cost| free and the others at their LP values, solved with a node
  // limit and doubled until one gives a selection. With one: the split; should it fail,
  // cores again until the exact fixing for the incumbent leaves no more columns free than
  // the core holds, and then that one restricted MIP.
  std::vector<int> by_cost = binaries_;
  std::stable_sort(by_cost.begin(), by_cost.end(), [&](int a, int b) {
    return std::fabs(root_.reduced[a]) < std::fabs(root_.reduced[b]);
  });
  std::size_t core = std::min<std::size_t>(kFirstCore, by_cost.size());
  bool split_failed = false;
  while (true) {
    if (best_.has_solution && !split_failed) {
      std::optional<MipOutcome> split = BySplitting();
      if (split && !split->error.empty()) return Internal(split->error);
      if (split) return *split;
      split_failed = true;
    }
    std::vector<int> fixed(mip_.names.size(), -1);
    bool exact = false;
    if (best_.has_solution) {
      fixed = FixedColumns(mip_, root_, Incumbent(), step_);
      exact = static_cast<std::size_t>(FreeCount(fixed)) <= core;
    }
    exact = exact || core >= by_cost.size();  // nothing left to grow: the whole MIP
    if (!exact) {
      for (std::size_t i = core; i < by_cost.size(); ++i)
        fixed[by_cost[i]] = root_.best[by_cost[i]];
    }
    MipOutcome got = SolvePart(mip_, fixed, exact ? -1 : kCoreNodes, /*heuristics=*/true);
    if (!got.error.empty()) return Internal(got.error);
    // Proven: nothing better than the incumbent in this part (or the part's optimum).
    const bool settled = got.optimal || (got.infeasible && !got.has_solution);
    Offer(got);
    if (exact) {
      if (!best_.has_solution) return got;  // infeasible, or nothing found in time
      MipOutcome out = best_;
      out.optimal = settled;
      return out;
    }
    if (Left() <= 0.01) return best_;
    core = std::min(by_cost.size(), core * 2);
  }
}

}  // namespace

Result<MipOutcome> SolveMip(const Mip& mip, const std::vector<std::pair<int, double>>& start,
                            double seconds, const Improver& improve, const GreedyFill& greedy) {
  Search search(mip, seconds, improve, greedy);
  return search.Run(start);
}

}  // namespace asta::select::internal
