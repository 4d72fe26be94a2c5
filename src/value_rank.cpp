#include "value_rank.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "parallel.h"

namespace tessera::internal {

namespace {

constexpr size_t kMinSortChunk = size_t{1} << 15;

bool Before(const RankedValue& x, const RankedValue& y) {
  return x.value > y.value || (x.value == y.value && x.customer < y.customer);
}

}  // namespace

std::vector<RankedValue> SortDescending(absl::Span<const double> values, int num_threads) {
  std::vector<RankedValue> sorted;
  sorted.reserve(values.size());
  for (size_t c = 0; c < values.size(); ++c) {
    if (!std::isnan(values[c])) sorted.push_back({values[c], static_cast<uint32_t>(c)});
  }
  // Sorted runs, one per chunk, then merged pairwise: the comparison is a
  // total order, so the result does not depend on where the chunks fall.
  std::vector<std::pair<size_t, size_t>> runs(static_cast<size_t>(ResolveThreads(num_threads)));
  const int chunks = ParallelChunks(sorted.size(), num_threads, kMinSortChunk,
                                    [&](int chunk, size_t begin, size_t end) {
                                      std::sort(sorted.begin() + static_cast<ptrdiff_t>(begin),
                                                sorted.begin() + static_cast<ptrdiff_t>(end),
                                                Before);
                                      runs[static_cast<size_t>(chunk)] = {begin, end};
                                    });
  runs.resize(static_cast<size_t>(chunks));
  while (runs.size() > 1) {
    const size_t pairs = runs.size() / 2;
    ParallelChunks(pairs, num_threads, 1, [&](int, size_t begin, size_t end) {
      for (size_t p = begin; p < end; ++p) {
        const auto first = sorted.begin();
        std::inplace_merge(first + static_cast<ptrdiff_t>(runs[2 * p].first),
                           first + static_cast<ptrdiff_t>(runs[2 * p].second),
                           first + static_cast<ptrdiff_t>(runs[2 * p + 1].second), Before);
      }
    });
    std::vector<std::pair<size_t, size_t>> merged;
    for (size_t p = 0; p < pairs; ++p) merged.push_back({runs[2 * p].first, runs[2 * p + 1].second});
    if (runs.size() % 2 == 1) merged.push_back(runs.back());
    runs = std::move(merged);
  }
  return sorted;
}

size_t TieGroupEnd(const std::vector<RankedValue>& sorted, size_t begin) {
  size_t end = begin + 1;
  while (end < sorted.size() && sorted[end].value == sorted[begin].value) ++end;
  return end;
}

size_t PercentileRanks(absl::Span<const double> values, bool lower_is_better,
                       int num_threads, std::vector<double>& ranks) {
  ranks.assign(values.size(), 0.0);
  const std::vector<RankedValue> sorted = SortDescending(values, num_threads);
  const size_t m = sorted.size();
  const double span = static_cast<double>(m) - 1;
  for (size_t begin = 0; begin < m;) {
    const size_t end = TieGroupEnd(sorted, begin);
    // Positions begin..end-1 from the top; their mean, (begin + end - 1) / 2,
    // is the mean rank counted from the largest value, less one.
    const double from_top = static_cast<double>(begin + end - 1) / 2;
    double rank = 0.5;
    if (m > 1) rank = lower_is_better ? from_top / span : (span - from_top) / span;
    for (size_t k = begin; k < end; ++k) ranks[sorted[k].customer] = rank;
    begin = end;
  }
  return values.size() - m;
}

}  // namespace tessera::internal
