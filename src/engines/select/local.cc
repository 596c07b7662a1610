// Local search on a feasible selection (model.h): moves that keep every budget, quota and
// bound and raise the merit. Gives the reduced-cost fixing a good incumbent cheaply.
#include <algorithm>
#include <cmath>

#include "engines/select/model.h"

namespace asta::select::internal {
namespace {

struct State {
  const Prepared& pp;
  const Problem& problem;
  std::vector<char> in;
  std::vector<std::int64_t> used;
  std::vector<int> slot_count, theme_count;

  int Slot(int p) const { return problem.proposals[p].slot; }
  int Theme(int p) const { return problem.proposals[p].theme; }
  double Merit(int p) const { return problem.proposals[p].merit; }

  void Toggle(int p, bool on) {
    const int sign = on ? 1 : -1;
    in[p] = on ? 1 : 0;
    for (auto [f, a] : pp.shares[p]) used[f] += sign * a;
    if (Slot(p) >= 0) slot_count[Slot(p)] += sign;
    if (Theme(p) >= 0) theme_count[Theme(p)] += sign;
  }

  // Whether removing `out` (up to two, -1: none) and adding `add` (up to two) keeps every
  // budget, quota and bound; the proposals in `add` must be out of the selection.
  bool Swappable(const int (&out)[2], const int (&add)[2]) const {
    for (int a : add) {
      if (a < 0) continue;
      if (!pp.affordable[a]) return false;
      for (auto [f, units] : pp.shares[a]) {
        std::int64_t total = used[f];
        for (int b : add)
          if (b >= 0)
            for (auto [g, u] : pp.shares[b])
              if (g == f) total += u;
        for (int o : out)
          if (o >= 0)
            for (auto [g, u] : pp.shares[o])
              if (g == f) total -= u;
        if (total > pp.budget[f]) return false;
        (void)units;
      }
    }
    auto groups = [&](auto group_of, const std::vector<int>& count, const std::vector<int>& lo,
                      const std::vector<int>& hi) {
      int touched[4];
      int m = 0;
      for (int o : out)
        if (o >= 0 && group_of(o) >= 0) touched[m++] = group_of(o);
      for (int a : add)
        if (a >= 0 && group_of(a) >= 0) touched[m++] = group_of(a);
      for (int i = 0; i < m; ++i) {
        const int g = touched[i];
        int c = count[g];
        for (int o : out) c -= o >= 0 && group_of(o) == g;
        for (int a : add) c += a >= 0 && group_of(a) == g;
        if (c < lo[g] || c > hi[g]) return false;
      }
      return true;
    };
    return groups([&](int p) { return Slot(p); }, slot_count, pp.slot_min, pp.slot_max) &&
           groups([&](int p) { return Theme(p); }, theme_count, pp.theme_min, pp.theme_max);
  }

  bool Feasible() const {
    for (int f = 0; f < pp.funders; ++f)
      if (used[f] > pp.budget[f]) return false;
    for (std::size_t s = 0; s < slot_count.size(); ++s)
      if (slot_count[s] < pp.slot_min[s] || slot_count[s] > pp.slot_max[s]) return false;
    for (std::size_t g = 0; g < theme_count.size(); ++g)
      if (theme_count[g] < pp.theme_min[g] || theme_count[g] > pp.theme_max[g]) return false;
    for (int p = 0; p < pp.n; ++p)
      if (in[p] && !pp.affordable[p]) return false;
    return true;
  }
};

// A gain that is not rounding noise.
bool Gains(double gain, double scale) { return gain > 1e-9 * (1 + std::fabs(scale)); }

}  // namespace

std::vector<char> Improve(const Prepared& pp, const Problem& problem, std::vector<char> selected,
                          const std::vector<char>& movable, int max_passes) {
  if (static_cast<int>(selected.size()) != pp.n) return selected;
  State st{pp,
           problem,
           selected,
           std::vector<std::int64_t>(pp.funders, 0),
           std::vector<int>(problem.slots.size(), 0),
           std::vector<int>(problem.themes.size(), 0)};
  for (int p = 0; p < pp.n; ++p) {
    if (!selected[p]) continue;
    for (auto [f, a] : pp.shares[p]) st.used[f] += a;
    if (st.Slot(p) >= 0) ++st.slot_count[st.Slot(p)];
    if (st.Theme(p) >= 0) ++st.theme_count[st.Theme(p)];
  }
  if (!st.Feasible()) return selected;
  auto may_move = [&](int p) { return movable.empty() || movable[p]; };
  // Movable proposals in rank order (highest merit first).
  std::vector<int> pool;
  for (int k = 0; k < pp.n; ++k) {
    const int p = pp.order[k];
    if (may_move(p) && pp.affordable[p]) pool.push_back(p);
    if (may_move(p) && !pp.affordable[p] && st.in[p]) return selected;  // not feasible
  }
  const int none[2] = {-1, -1};
  for (int pass = 0; pass < max_passes; ++pass) {
    bool changed = false;
    // 1. Add every proposal that fits, best first.
    for (int p : pool) {
      const int add[2] = {p, -1};
      if (!st.in[p] && st.Swappable(none, add)) {
        st.Toggle(p, true);
        changed = true;
      }
    }
    // 2. One out, one in: the best-ranked left-out proposal that fits in place of a
    //    lower-merit selected one (lowest merit first).
    std::vector<int> in_low;  // selected, lowest merit first
    for (auto it = pool.rbegin(); it != pool.rend(); ++it)
      if (st.in[*it]) in_low.push_back(*it);
    for (int j : pool) {
      if (st.in[j]) continue;
      for (int i : in_low) {
        if (!st.in[i]) continue;
        if (!Gains(st.Merit(j) - st.Merit(i), st.Merit(j))) break;  // in_low rises in merit
        const int out[2] = {i, -1};
        const int add[2] = {j, -1};
        if (st.Swappable(out, add)) {
          st.Toggle(i, false);
          st.Toggle(j, true);
          changed = true;
          break;
        }
      }
    }
    // 3. One out, two in: for each selected proposal (lowest merit first), the left-out
    //    ones that fit in its place alone, then the first pair of them that fits together
    //    and gains.
    for (int i : in_low) {
      if (!st.in[i]) continue;
      const int out[2] = {i, -1};
      std::vector<int> alone;
      for (int j : pool) {
        const int add[2] = {j, -1};
        if (!st.in[j] && st.Swappable(out, add)) alone.push_back(j);
      }
      bool done = false;
      for (std::size_t a = 0; a < alone.size() && !done; ++a) {
        for (std::size_t b = a + 1; b < alone.size(); ++b) {
          const int j = alone[a], k = alone[b];
          // alone is in rank order: later pairs only gain less with this j.
          if (!Gains(st.Merit(j) + st.Merit(k) - st.Merit(i), st.Merit(i))) break;
          const int add[2] = {j, k};
          if (st.Swappable(out, add)) {
            st.Toggle(i, false);
            st.Toggle(j, true);
            st.Toggle(k, true);
            changed = done = true;
            break;
          }
        }
      }
    }
    // 4. Two out, one in: a left-out proposal worth more than two selected ones together.
    for (int j : pool) {
      if (st.in[j]) continue;
      bool done = false;
      for (std::size_t a = 0; a < in_low.size() && !done; ++a) {
        const int i1 = in_low[a];
        if (!st.in[i1]) continue;
        if (!Gains(st.Merit(j) - st.Merit(i1), st.Merit(j))) break;
        for (std::size_t b = a + 1; b < in_low.size(); ++b) {
          const int i2 = in_low[b];
          if (!st.in[i2]) continue;
          if (!Gains(st.Merit(j) - st.Merit(i1) - st.Merit(i2), st.Merit(j))) break;
          const int out[2] = {i1, i2};
          const int add[2] = {j, -1};
          if (st.Swappable(out, add)) {
            st.Toggle(i1, false);
            st.Toggle(i2, false);
            st.Toggle(j, true);
            changed = done = true;
            break;
          }
        }
      }
    }
    if (!changed) break;
  }
  return st.in;
}

std::vector<char> Greedy(const Prepared& pp, const Problem& problem,
                         const std::vector<int>& order) {
  std::vector<char> in(pp.n, 0);
  std::vector<std::int64_t> used(pp.funders, 0);
  std::vector<int> slot_count(problem.slots.size(), 0), theme_count(problem.themes.size(), 0);
  for (int p : order) {
    if (p < 0 || p >= pp.n || in[p] || !pp.affordable[p]) continue;
    if (!Fits(pp, problem, p, used, slot_count, theme_count)) continue;
    in[p] = 1;
    for (auto [f, a] : pp.shares[p]) used[f] += a;
    if (problem.proposals[p].slot >= 0) ++slot_count[problem.proposals[p].slot];
    if (problem.proposals[p].theme >= 0) ++theme_count[problem.proposals[p].theme];
  }
  for (std::size_t s = 0; s < slot_count.size(); ++s)
    if (slot_count[s] < pp.slot_min[s]) return {};
  for (std::size_t g = 0; g < theme_count.size(); ++g)
    if (theme_count[g] < pp.theme_min[g]) return {};
  return in;
}

}  // namespace asta::select::internal
