#include "kmeans_features.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "kmeans_blocks.h"

namespace tessera::internal {

namespace {

// Per column, the sum of (x - center) or of (x - center)^2: per-block sums
// added up in block order.
std::vector<double> ColumnSums(const StandardizedFeatures& out, int num_threads,
                               const std::vector<double>& center, bool squared) {
  const size_t dims = out.dims;
  const size_t rows = out.rows();
  std::vector<double> partial(KMeansBlockCount(rows) * dims);
  ForEachKMeansBlock(rows, num_threads, [&](size_t b, size_t begin, size_t end) {
    for (size_t t = 0; t < dims; ++t) {
      const double* column = out.points.data() + t * rows;
      double sum = 0;
      for (size_t i = begin; i < end; ++i) {
        const double deviation = column[i] - center[t];
        sum += squared ? deviation * deviation : deviation;
      }
      partial[b * dims + t] = sum;
    }
  });
  std::vector<double> sums(dims, 0.0);
  for (size_t i = 0; i < partial.size(); ++i) sums[i % dims] += partial[i];
  return sums;
}

}  // namespace

absl::StatusOr<StandardizedFeatures> StandardizeFeatures(
    const FeatureTable& features, const std::vector<std::string>& names, int num_threads) {
  StandardizedFeatures out;
  out.dims = names.size();
  const size_t customers = features.customer_count();
  for (const std::string& name : names) {
    absl::StatusOr<const std::vector<double>*> column = features.Get(name);
    if (!column.ok()) {
      return absl::Status(column.status().code(),
                          absl::StrCat("kmeans: parameter 'features': ",
                                       column.status().message()));
    }
    if ((*column)->size() != customers) {
      return absl::InternalError(absl::StrCat("feature column ", name, " has ",
                                              (*column)->size(), " values for ",
                                              customers, " customers"));
    }
    out.raw.push_back(*column);
  }
  const std::vector<double>* frequency = features.Find(feature::kFrequency);
  if (frequency != nullptr && frequency->size() != customers) frequency = nullptr;

  // Which customers take part, counted per block so that rows come out in
  // customer order whatever the thread count.
  const size_t blocks = KMeansBlockCount(customers);
  std::vector<size_t> taken(blocks), skipped(blocks);
  auto bought = [&](size_t c) {
    return frequency == nullptr || ((*frequency)[c] > 0 && std::isfinite((*frequency)[c]));
  };
  auto finite = [&](size_t c) {
    for (const std::vector<double>* column : out.raw) {
      if (!std::isfinite((*column)[c])) return false;
    }
    return true;
  };
  ForEachKMeansBlock(customers, num_threads, [&](size_t b, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      if (!bought(c)) continue;
      if (finite(c)) {
        ++taken[b];
      } else {
        ++skipped[b];
      }
    }
  });
  std::vector<size_t> first_row(blocks + 1, 0);
  for (size_t b = 0; b < blocks; ++b) {
    first_row[b + 1] = first_row[b] + taken[b];
    out.skipped_buyers += skipped[b];
  }
  const size_t dims = out.dims;
  out.customer.resize(first_row[blocks]);
  const size_t rows = out.rows();
  out.points.resize(rows * dims);
  ForEachKMeansBlock(customers, num_threads, [&](size_t b, size_t begin, size_t end) {
    size_t row = first_row[b];
    for (size_t c = begin; c < end; ++c) {
      if (!bought(c) || !finite(c)) continue;
      out.customer[row] = static_cast<uint32_t>(c);
      for (size_t t = 0; t < dims; ++t) {
        out.points[t * rows + row] = std::log1p(std::max((*out.raw[t])[c], 0.0));
      }
      ++row;
    }
  });

  out.log_mean.assign(dims, 0.0);
  out.log_sd.assign(dims, 1.0);
  if (rows == 0) return out;
  // Sums around the first row, so that a column of equal values has a mean
  // of exactly that value and a standard deviation of exactly 0.
  const double n = static_cast<double>(rows);
  std::vector<double> first(dims);
  for (size_t t = 0; t < dims; ++t) first[t] = out.points[t * rows];
  const std::vector<double> shifted = ColumnSums(out, num_threads, first, false);
  for (size_t t = 0; t < dims; ++t) out.log_mean[t] = first[t] + shifted[t] / n;
  out.log_sd = ColumnSums(out, num_threads, out.log_mean, true);
  for (double& sd : out.log_sd) {
    sd = std::sqrt(sd / n);
    if (!(sd > 0)) sd = 1;
  }
  ForEachKMeansBlock(rows, num_threads, [&](size_t, size_t begin, size_t end) {
    for (size_t t = 0; t < dims; ++t) {
      double* column = out.points.data() + t * rows;
      for (size_t i = begin; i < end; ++i) {
        column[i] = (column[i] - out.log_mean[t]) / out.log_sd[t];
      }
    }
  });
  return out;
}

}  // namespace tessera::internal
