#include "kmeans_silhouette.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "kmeans_blocks.h"
#include "kmeans_random.h"
#include "parallel.h"

namespace tessera::internal {

std::vector<size_t> SampleRows(size_t rows, size_t count, uint64_t seed) {
  std::vector<size_t> sample;
  if (count >= rows) {
    sample.resize(rows);
    for (size_t i = 0; i < rows; ++i) sample[i] = i;
    return sample;
  }
  sample.reserve(count);
  SplitMix64 random(seed);
  for (size_t i = 0; i < rows && sample.size() < count; ++i) {
    const double left = static_cast<double>(rows - i);
    if (left * random.Uniform() < static_cast<double>(count - sample.size())) {
      sample.push_back(i);
    }
  }
  return sample;
}

double Silhouette(const double* points, size_t rows, size_t dims,
                  const std::vector<int32_t>& labels, size_t k, int num_threads) {
  std::vector<size_t> sizes(k, 0);
  for (int32_t label : labels) ++sizes[static_cast<size_t>(label)];
  if (std::count_if(sizes.begin(), sizes.end(), [](size_t s) { return s > 0; }) < 2) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  std::vector<double> widths(rows);
  ParallelChunks(rows, num_threads, 64, [&](int, size_t begin, size_t end) {
    std::vector<double> sums(k);
    for (size_t i = begin; i < end; ++i) {
      std::fill(sums.begin(), sums.end(), 0.0);
      const double* point = points + i * dims;
      for (size_t j = 0; j < rows; ++j) {
        sums[static_cast<size_t>(labels[j])] +=
            std::sqrt(SquaredDistance(point, points + j * dims, dims));
      }
      const size_t own = static_cast<size_t>(labels[i]);
      if (sizes[own] == 1) {
        widths[i] = 0;
        continue;
      }
      const double a = sums[own] / static_cast<double>(sizes[own] - 1);
      double b = std::numeric_limits<double>::infinity();
      for (size_t c = 0; c < k; ++c) {
        if (c != own && sizes[c] > 0) b = std::min(b, sums[c] / static_cast<double>(sizes[c]));
      }
      const double larger = std::max(a, b);
      widths[i] = larger > 0 ? (b - a) / larger : 0;
    }
  });
  double total = 0;
  for (double width : widths) total += width;
  return total / static_cast<double>(rows);
}

}  // namespace tessera::internal
