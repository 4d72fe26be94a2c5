// Ordering customers by a value, and percentile ranks, for the value
// strategies. The order is one total order (value, then customer index), so
// every result is the same for any thread count.
#ifndef TESSERA_SRC_VALUE_RANK_H_
#define TESSERA_SRC_VALUE_RANK_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace tessera::internal {

struct RankedValue {
  double value;
  uint32_t customer;
};

// The customers whose value is not NaN, from the largest value to the
// smallest; equal values by ascending customer index. Sorts chunks on up to
// `num_threads` threads and merges them.
std::vector<RankedValue> SortDescending(absl::Span<const double> values, int num_threads);

// The end of the run of values equal to sorted[begin] (one tie group).
size_t TieGroupEnd(const std::vector<RankedValue>& sorted, size_t begin);

// Writes each customer's percentile rank in [0, 1] to `ranks` (resized to
// values.size()): among the m customers with a value, average rank r among
// ties (1 = smallest) gives (r - 1) / (m - 1), or 0.5 when m = 1;
// lower_is_better gives 1 minus that. Customers without a value (NaN) get 0.
// Returns how many customers had no value.
size_t PercentileRanks(absl::Span<const double> values, bool lower_is_better,
                       int num_threads, std::vector<double>& ranks);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_VALUE_RANK_H_
