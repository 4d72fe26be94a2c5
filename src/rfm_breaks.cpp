#include "rfm_breaks.h"

#include <algorithm>
#include <cstddef>
#include <limits>

#include "quantile.h"

namespace tessera::internal {

std::vector<double> QuantileBreaks(absl::Span<const double> values, int bins) {
  std::vector<double> breaks = QuantilesType7(values, EqualStepProbabilities(bins));
  for (double& b : breaks) b += 1;
  return breaks;
}

namespace {

struct ValueCount {
  double value;
  uint64_t count;
};

// The `limit` largest distinct values with their counts, largest first; all
// of them, when there are fewer. Values that cannot enter are filtered per
// block without branches; the rest update counts without branches too, so
// that heavily tied data does not pay a misprediction per value.
std::vector<ValueCount> LargestDistinct(absl::Span<const double> values, size_t limit) {
  std::vector<ValueCount> top;
  top.reserve(limit + 1);
  constexpr size_t kBlock = 2048;
  double staged[kBlock];
  for (size_t start = 0; start < values.size(); start += kBlock) {
    const size_t end = std::min(values.size(), start + kBlock);
    const double floor = top.size() == limit ? top.back().value
                                             : -std::numeric_limits<double>::infinity();
    size_t count = 0;
    for (size_t i = start; i < end; ++i) {
      staged[count] = values[i];
      count += values[i] >= floor ? 1 : 0;
    }
    for (size_t k = 0; k < count; ++k) {
      const double x = staged[k];
      bool matched = false;
      for (ValueCount& kept : top) {
        const bool hit = kept.value == x;
        kept.count += hit ? 1 : 0;
        matched = matched || hit;
      }
      if (matched || (top.size() == limit && x < top.back().value)) continue;
      auto it = std::lower_bound(
          top.begin(), top.end(), x,
          [](const ValueCount& kept, double v) { return kept.value > v; });
      top.insert(it, ValueCount{x, 1});
      if (top.size() > limit) top.pop_back();
    }
  }
  return top;
}

}  // namespace

std::vector<double> TieAwareBreaks(absl::Span<const double> values, int bins) {
  const size_t n = static_cast<size_t>(bins);
  const std::vector<ValueCount> top = LargestDistinct(values, n);
  std::vector<double> breaks;
  breaks.reserve(n - 1);
  if (top.size() < n) {
    // Every distinct value is known: one bin each, from the smallest up.
    for (size_t j = top.size() - 1; j-- > 0;) breaks.push_back(top[j].value);
    breaks.resize(n - 1, std::numeric_limits<double>::infinity());
    return breaks;
  }

  // A cut at position p leaves the m largest distinct values above it, one
  // per remaining bin, only when p <= below_top[m].
  const uint64_t total = values.size();
  std::vector<uint64_t> below_top(n);
  uint64_t above = 0;
  for (size_t m = 1; m < n; ++m) {
    above += top[m - 1].count;
    below_top[m] = total - above;
  }

  const RankFinder finder(values);
  uint64_t prev = 0;
  for (size_t k = 1; k < n; ++k) {
    const uint64_t bins_left = n - k + 1;
    // The target P + (N - P) / B, scaled by B to stay in integers.
    const uint64_t target_scaled = bins_left * prev + (total - prev);
    const uint64_t limit = below_top[n - k];
    // The tie group around the target spans positions [lower, upper).
    const RankInfo group = finder.Find({target_scaled / bins_left})[0];
    const uint64_t lower = group.below;
    const uint64_t upper = group.not_above;
    const bool lower_ok = lower > prev && lower <= limit;
    const bool upper_ok = upper <= limit;
    if (lower_ok && (!upper_ok || target_scaled - bins_left * lower <=
                                      bins_left * upper - target_scaled)) {
      prev = lower;
      breaks.push_back(group.value);
    } else if (upper_ok) {
      prev = upper;
      breaks.push_back(group.next);
    } else {
      // The group reaches into the values the later bins need: cut just
      // below the smallest of those.
      prev = limit;
      breaks.push_back(top[n - k - 1].value);
    }
  }
  return breaks;
}

}  // namespace tessera::internal
