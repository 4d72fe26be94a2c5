#include "kmeans_lloyd.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "Eigen/Core"
#include "kmeans_blocks.h"
#include "kmeans_kernels.h"

namespace tessera::internal {

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// A tile of rows as a dims x rows matrix: row t is a stretch of column t.
using TileMap = Eigen::Map<const RowMatrix, 0, Eigen::OuterStride<>>;

// What the assignment step adds up, per block, merged in block order.
class BlockTotals {
 public:
  BlockTotals(size_t blocks, size_t k, size_t dims)
      : k_(k), dims_(dims), sums_(blocks * k * dims), counts_(blocks * k),
        inertia_(blocks), changed_(blocks) {}

  double* sums(size_t block) { return sums_.data() + block * k_ * dims_; }
  uint64_t* counts(size_t block) { return counts_.data() + block * k_; }
  double& inertia(size_t block) { return inertia_[block]; }
  uint64_t& changed(size_t block) { return changed_[block]; }

  struct Merged {
    std::vector<double> sums;
    std::vector<uint64_t> counts;
    double inertia = 0;
    uint64_t changed = 0;
  };
  Merged Merge() const {
    Merged merged{std::vector<double>(k_ * dims_, 0.0), std::vector<uint64_t>(k_, 0), 0, 0};
    for (size_t b = 0; b < inertia_.size(); ++b) {
      const double* block_sums = sums_.data() + b * k_ * dims_;
      for (size_t i = 0; i < k_ * dims_; ++i) merged.sums[i] += block_sums[i];
      for (size_t j = 0; j < k_; ++j) merged.counts[j] += counts_[b * k_ + j];
      merged.inertia += inertia_[b];
      merged.changed += changed_[b];
    }
    return merged;
  }

 private:
  size_t k_;
  size_t dims_;
  std::vector<double> sums_;
  std::vector<uint64_t> counts_;
  std::vector<double> inertia_;
  std::vector<uint64_t> changed_;
};

class Lloyd {
 public:
  Lloyd(const PointColumns& points, size_t k, int num_threads)
      : points_(points), k_(k), num_threads_(num_threads),
        totals_(KMeansBlockCount(points.rows), k, points.dims), labels_(points.rows, -1),
        squared_norms_(points.rows) {
    const std::vector<double> origin(points.dims, 0.0);
    ForEachKMeansBlock(points.rows, num_threads, [&](size_t, size_t begin, size_t end) {
      SquaredDistancesTo(points, begin, end - begin, origin.data(), squared_norms_.data() + begin);
    });
  }

  // Labels every point with its nearest centroid, found with
  // ||x||^2 - 2 x.c + ||c||^2 from matrix products per tile. The inertia
  // summed here, for the stopping rule, carries that expansion's rounding;
  // the distances and inertia returned at the end are computed directly.
  BlockTotals::Merged Assign(const std::vector<double>& centroids) {
    const size_t dims = points_.dims;
    // -2 c and ||c||^2, so that a tile's scores ||c||^2 - 2 x.c come out of
    // one initialization and one outer product per dimension.
    Eigen::MatrixXd minus_twice(k_, dims);
    Eigen::VectorXd norms(k_);
    for (size_t j = 0; j < k_; ++j) {
      double norm = 0;
      for (size_t t = 0; t < dims; ++t) {
        const double c = centroids[j * dims + t];
        minus_twice(Eigen::Index(j), Eigen::Index(t)) = -2 * c;
        norm += c * c;
      }
      norms(Eigen::Index(j)) = norm;
    }
    ForEachKMeansBlock(points_.rows, num_threads_, [&](size_t b, size_t begin, size_t end) {
      AssignBlock(minus_twice, norms, b, begin, end);
    });
    return totals_.Merge();
  }

  // New centroids from the sums of the assignment to `centroids`.
  void Update(BlockTotals::Merged& merged, std::vector<double>& centroids) {
    Reseed(merged, centroids);
    const size_t dims = points_.dims;
    for (size_t j = 0; j < k_; ++j) {
      if (merged.counts[j] == 0) continue;  // nothing to move it to
      const double count = static_cast<double>(merged.counts[j]);
      for (size_t t = 0; t < dims; ++t) {
        centroids[j * dims + t] = merged.sums[j * dims + t] / count;
      }
    }
  }

  std::vector<int32_t>& labels() { return labels_; }

  // Each point's squared distance to its own centroid, computed directly,
  // and their sum (per block, blocks in order): the inertia reported. Kept
  // out of Assign, where storing them would add to the memory traffic of
  // every iteration.
  std::vector<double> SquaredDistances(const std::vector<double>& centroids,
                                       double& inertia) const {
    std::vector<double> squared(points_.rows);
    std::vector<double> block_sums(KMeansBlockCount(points_.rows));
    ForEachKMeansBlock(points_.rows, num_threads_, [&](size_t b, size_t begin, size_t end) {
      double sum = 0;
      for (size_t i = begin; i < end; ++i) {
        squared[i] = SquaredToOwn(centroids, i);
        sum += squared[i];
      }
      block_sums[b] = sum;
    });
    inertia = 0;
    for (double sum : block_sums) inertia += sum;
    return squared;
  }

 private:
  double SquaredToOwn(const std::vector<double>& centroids, size_t i) const {
    return points_.SquaredDistance(
        i, centroids.data() + static_cast<size_t>(labels_[i]) * points_.dims);
  }

  // Per tile: the scores ||c||^2 - 2 x.c for every centroid as a sum of
  // outer products (column t of -2C times the tile's stretch of point
  // column t; with so few dimensions that beats a packed matrix product, and
  // every term is a vectorized pass over rows), the running minimum over
  // centroids, then labels and sums row by row.
  void AssignBlock(const Eigen::MatrixXd& minus_twice, const Eigen::VectorXd& norms, size_t b,
                   size_t begin, size_t end) {
    const size_t dims = points_.dims;
    double* sums = totals_.sums(b);
    uint64_t* counts = totals_.counts(b);
    std::fill(sums, sums + k_ * dims, 0.0);
    std::fill(counts, counts + k_, 0);
    double inertia = 0;
    uint64_t changed = 0;
    RowMatrix scores(static_cast<Eigen::Index>(k_), static_cast<Eigen::Index>(kKMeansTileRows));
    double best_score[kKMeansTileRows];
    double best[kKMeansTileRows];
    for (size_t first = begin; first < end; first += kKMeansTileRows) {
      const size_t rows = std::min(kKMeansTileRows, end - first);
      const TileMap x(points_.data + first, Eigen::Index(dims), Eigen::Index(rows),
                      Eigen::OuterStride<>(Eigen::Index(points_.rows)));
      auto tile_scores = scores.leftCols(Eigen::Index(rows));
      tile_scores = norms.replicate(1, Eigen::Index(rows));
      for (Eigen::Index t = 0; t < Eigen::Index(dims); ++t) {
        tile_scores.noalias() += minus_twice.col(t) * x.row(t);
      }
      std::fill(best_score, best_score + rows, std::numeric_limits<double>::infinity());
      std::fill(best, best + rows, 0.0);
      for (size_t j = 0; j < k_; ++j) {
        TakeNearer(scores.data() + j * kKMeansTileRows, static_cast<double>(j), rows,
                   best_score, best);
      }
      for (size_t r = 0; r < rows; ++r) {
        const size_t i = first + r;
        const int32_t label = static_cast<int32_t>(best[r]);
        const size_t j = static_cast<size_t>(label);
        changed += labels_[i] != label;
        labels_[i] = label;
        inertia += std::max(0.0, squared_norms_[i] + best_score[r]);
        ++counts[j];
        double* sum = sums + j * dims;
        for (size_t t = 0; t < dims; ++t) sum[t] += points_.column(t)[i];
      }
    }
    totals_.inertia(b) = inertia;
    totals_.changed(b) = changed;
  }

  // Gives each empty cluster, in cluster order, the point farthest from its
  // own centroid (lowest row on ties) among those whose cluster keeps
  // another point, moving it in the sums. With every point on its centroid
  // there is nothing to move, and the cluster stays empty.
  void Reseed(BlockTotals::Merged& merged, const std::vector<double>& centroids) {
    const size_t dims = points_.dims;
    std::vector<size_t> moved;
    for (size_t j = 0; j < k_; ++j) {
      if (merged.counts[j] != 0) continue;
      size_t farthest = points_.rows;
      double farthest_d2 = 0;
      for (size_t i = 0; i < points_.rows; ++i) {
        if (merged.counts[static_cast<size_t>(labels_[i])] < 2 ||
            std::find(moved.begin(), moved.end(), i) != moved.end()) {
          continue;
        }
        const double d2 = SquaredToOwn(centroids, i);
        if (d2 > farthest_d2) {
          farthest = i;
          farthest_d2 = d2;
        }
      }
      if (farthest == points_.rows) return;
      const size_t from = static_cast<size_t>(labels_[farthest]);
      for (size_t t = 0; t < dims; ++t) {
        const double value = points_.column(t)[farthest];
        merged.sums[from * dims + t] -= value;
        merged.sums[j * dims + t] = value;
      }
      --merged.counts[from];
      merged.counts[j] = 1;
      labels_[farthest] = static_cast<int32_t>(j);
      moved.push_back(farthest);
    }
  }

  PointColumns points_;
  size_t k_;
  int num_threads_;
  BlockTotals totals_;
  std::vector<int32_t> labels_;
  std::vector<double> squared_norms_;  // ||x||^2 per point, for the inertia
};

}  // namespace

LloydResult RunLloyd(const PointColumns& points, std::vector<double>& centroids, size_t k,
                     int max_iter, double tol, int num_threads) {
  Lloyd lloyd(points, k, num_threads);
  LloydResult result;
  BlockTotals::Merged merged = lloyd.Assign(centroids);
  while (result.iterations < max_iter) {
    const double previous = merged.inertia;
    lloyd.Update(merged, centroids);
    merged = lloyd.Assign(centroids);
    ++result.iterations;
    // An empty cluster is re-seeded by the next update, so the inertia rule
    // waits for it; when nothing can be moved, the labels stop changing.
    const bool settled =
        tol > 0 && std::abs(previous - merged.inertia) < tol * previous &&
        std::find(merged.counts.begin(), merged.counts.end(), 0u) == merged.counts.end();
    if (merged.changed == 0 || settled) {
      result.converged = true;
      break;
    }
  }
  result.squared_distances = lloyd.SquaredDistances(centroids, result.inertia);
  result.labels = std::move(lloyd.labels());
  result.sizes.assign(merged.counts.begin(), merged.counts.end());
  return result;
}

}  // namespace tessera::internal
