// Rows cut into blocks of a fixed size, independent of the thread count.
// Whatever a block sums it sums in row order, and block results are merged in
// block order, so k-means gives the same bits on 1 thread or 64.
#ifndef TESSERA_SRC_KMEANS_BLOCKS_H_
#define TESSERA_SRC_KMEANS_BLOCKS_H_

#include <algorithm>
#include <cstddef>

#include "parallel.h"

namespace tessera::internal {

inline constexpr size_t kKMeansBlockRows = 4096;

inline size_t KMeansBlockCount(size_t rows) {
  return (rows + kKMeansBlockRows - 1) / kKMeansBlockRows;
}

// Calls fn(block, begin, end) for every block of [0, rows), whole blocks per
// thread.
template <typename Fn>
void ForEachKMeansBlock(size_t rows, int num_threads, Fn&& fn) {
  ParallelChunks(KMeansBlockCount(rows), num_threads, 1,
                 [&](int, size_t first, size_t last) {
                   for (size_t b = first; b < last; ++b) {
                     const size_t begin = b * kKMeansBlockRows;
                     fn(b, begin, std::min(rows, begin + kKMeansBlockRows));
                   }
                 });
}

// Squared Euclidean distance, summed in dimension order.
inline double SquaredDistance(const double* a, const double* b, size_t dims) {
  double sum = 0;
  for (size_t t = 0; t < dims; ++t) {
    const double diff = a[t] - b[t];
    sum += diff * diff;
  }
  return sum;
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_BLOCKS_H_
