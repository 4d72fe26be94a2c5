#include "kmeans_seed.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "kmeans_blocks.h"
#include "kmeans_kernels.h"
#include "kmeans_random.h"

namespace tessera::internal {

namespace {

// Each point's squared distance to its nearest centroid so far, with the
// per-block sums that sampling walks through.
class NearestDistances {
 public:
  NearestDistances(const PointColumns& points, int num_threads)
      : points_(points), num_threads_(num_threads), closest_(points.rows),
        block_sums_(KMeansBlockCount(points.rows)) {}

  // Takes `centroid` into account (the first call sets the distances).
  void Add(const double* centroid, bool first) {
    ForEachKMeansBlock(points_.rows, num_threads_, [&](size_t b, size_t begin, size_t end) {
      double distances[kKMeansTileRows];
      double sum = 0;
      for (size_t tile = begin; tile < end; tile += kKMeansTileRows) {
        const size_t rows = std::min(kKMeansTileRows, end - tile);
        SquaredDistancesTo(points_, tile, rows, centroid, distances);
        for (size_t r = 0; r < rows; ++r) {
          double& closest = closest_[tile + r];
          closest = first ? distances[r] : std::min(closest, distances[r]);
          sum += closest;
        }
      }
      block_sums_[b] = sum;
    });
    total_ = 0;
    for (double sum : block_sums_) total_ += sum;
  }

  double total() const { return total_; }

  // The point where the running sum of distances first exceeds `target`, for
  // 0 <= target < total(): a point at distance 0 is never returned. When
  // rounding leaves the target past the end of a walk, the last point at a
  // positive distance of that block is taken.
  size_t Locate(double target) const {
    size_t block = 0;
    double before = 0;
    size_t last_positive_block = 0;
    for (; block < block_sums_.size(); ++block) {
      if (block_sums_[block] > 0) last_positive_block = block;
      if (before + block_sums_[block] > target) break;
      before += block_sums_[block];
    }
    double within = target - before;
    if (block == block_sums_.size()) {
      block = last_positive_block;
      within = std::numeric_limits<double>::infinity();
    }
    const size_t begin = block * kKMeansBlockRows;
    const size_t end = std::min(points_.rows, begin + kKMeansBlockRows);
    double running = 0;
    size_t last_positive = begin;
    for (size_t i = begin; i < end; ++i) {
      if (closest_[i] > 0) last_positive = i;
      running += closest_[i];
      if (running > within) return i;
    }
    return last_positive;
  }

  // The total distance if `candidate` were added, summed block by block in
  // order, for each candidate at once.
  std::vector<double> TotalsWith(const std::vector<double>& candidates) const {
    const size_t count = candidates.size() / points_.dims;
    std::vector<double> partial(block_sums_.size() * count);
    ForEachKMeansBlock(points_.rows, num_threads_, [&](size_t b, size_t begin, size_t end) {
      double distances[kKMeansTileRows];
      double* sums = partial.data() + b * count;
      for (size_t tile = begin; tile < end; tile += kKMeansTileRows) {
        const size_t rows = std::min(kKMeansTileRows, end - tile);
        for (size_t t = 0; t < count; ++t) {
          SquaredDistancesTo(points_, tile, rows, candidates.data() + t * points_.dims,
                             distances);
          double sum = sums[t];
          for (size_t r = 0; r < rows; ++r) sum += std::min(closest_[tile + r], distances[r]);
          sums[t] = sum;
        }
      }
    });
    std::vector<double> totals(count, 0.0);
    for (size_t b = 0; b < block_sums_.size(); ++b) {
      for (size_t t = 0; t < count; ++t) totals[t] += partial[b * count + t];
    }
    return totals;
  }

 private:
  PointColumns points_;
  int num_threads_;
  std::vector<double> closest_;
  std::vector<double> block_sums_;
  double total_ = 0;
};

}  // namespace

std::vector<double> SeedKMeansPlusPlus(const PointColumns& points, size_t k, uint64_t seed,
                                       int num_threads) {
  const size_t dims = points.dims;
  std::vector<double> centroids(k * dims);
  SplitMix64 random(seed);
  // Row `row` as a centroid (or candidate) at `out`.
  auto copy_row = [&](size_t row, double* out) {
    for (size_t t = 0; t < dims; ++t) out[t] = points.column(t)[row];
  };
  copy_row(random.Below(points.rows), centroids.data());
  NearestDistances nearest(points, num_threads);
  nearest.Add(centroids.data(), /*first=*/true);

  const size_t trials = 2 + static_cast<size_t>(std::log(static_cast<double>(k)));
  std::vector<size_t> rows(trials);
  std::vector<double> candidates(trials * dims);
  for (size_t c = 1; c < k; ++c) {
    double* centroid = centroids.data() + c * dims;
    if (!(nearest.total() > 0)) {
      std::copy(centroids.begin(), centroids.begin() + dims, centroid);
      continue;
    }
    for (size_t t = 0; t < trials; ++t) {
      rows[t] = nearest.Locate(random.Uniform() * nearest.total());
      copy_row(rows[t], candidates.data() + t * dims);
    }
    const std::vector<double> totals = nearest.TotalsWith(candidates);
    const size_t best = static_cast<size_t>(
        std::min_element(totals.begin(), totals.end()) - totals.begin());
    copy_row(rows[best], centroid);
    nearest.Add(centroid, /*first=*/false);
  }
  return centroids;
}

}  // namespace tessera::internal
