// Order statistics and sample quantiles of a read-only array, without
// sorting it or selecting in it one rank at a time.
#ifndef TESSERA_SRC_QUANTILE_H_
#define TESSERA_SRC_QUANTILE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace tessera::internal {

// What a rank (0-based, ascending order) holds in an array.
struct RankInfo {
  double value;
  uint64_t below;      // values < value (with Detail::kCounts or more)
  uint64_t not_above;  // values <= value (with Detail::kCounts or more)
  double next;         // the smallest value > value, +infinity if none (with
                       // Detail::kWithNext)
};

// Finds values by rank in a few linear passes: a sorted random sample puts
// each requested rank inside a narrow bracket of values, one counting pass
// counts the values below each bracket and keeps only those inside it, and
// selection runs on what was kept. A rank that falls outside its bracket
// (rare, and always for small arrays) is answered from a full copy instead.
// The answers are exact either way.
class RankFinder {
 public:
  // `values`: finite, non-empty, and alive while the finder is used.
  explicit RankFinder(absl::Span<const double> values);

  // How much of RankInfo to fill. kWithNext may cost a pass over the array
  // when the next value lies outside the bracket.
  enum class Detail { kValue, kCounts, kWithNext };

  // `ranks` < values.size(), in any order; answers in the same order.
  std::vector<RankInfo> Find(const std::vector<uint64_t>& ranks,
                             Detail detail = Detail::kWithNext) const;

 private:
  absl::Span<const double> values_;
  std::vector<double> sample_;  // sorted; empty for small arrays
};

// The inner points of R's seq(0, 1, length.out = bins + 1): i * (1 / bins)
// for i = 1..bins-1. R multiplies by the rounded step rather than dividing,
// and the difference can move a break point by one ulp, enough to send a
// value that equals it to the other bin.
std::vector<double> EqualStepProbabilities(int bins);

// R's quantile(values, probs, type = 7, names = FALSE), bit for bit:
// index = 1 + (n - 1) p, and (1 - h) x[lo] + h x[hi] when index is not whole
// and x[lo] != x[hi]. `values` finite and non-empty; `probs` within [0, 1].
std::vector<double> QuantilesType7(absl::Span<const double> values,
                                   const std::vector<double>& probs);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_QUANTILE_H_
