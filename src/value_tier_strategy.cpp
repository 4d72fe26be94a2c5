#include "tessera/value_strategies.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "parallel.h"
#include "value_inputs.h"
#include "value_rank.h"
#include "value_tier_options.h"

namespace tessera {

namespace {

constexpr size_t kMinChunk = size_t{1} << 14;

class ValueTierStrategy final : public Strategy {
 public:
  explicit ValueTierStrategy(ValueTierOptions options) : options_(std::move(options)) {}

  std::string_view name() const override { return "value_tier"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  std::vector<int32_t> LevelsByCuts(const std::vector<double>& scores, int num_threads) const;
  std::vector<int32_t> LevelsByShares(const std::vector<double>& scores, int num_threads) const;

  ValueTierOptions options_;
};

std::vector<int32_t> ValueTierStrategy::LevelsByCuts(const std::vector<double>& scores,
                                                     int num_threads) const {
  std::vector<int32_t> levels(scores.size());
  const std::vector<double>& cuts = options_.cuts;
  internal::ParallelChunks(scores.size(), num_threads, kMinChunk,
                           [&](int, size_t begin, size_t end) {
                             for (size_t c = begin; c < end; ++c) {
                               levels[c] = static_cast<int32_t>(
                                   std::upper_bound(cuts.begin(), cuts.end(), scores[c]) -
                                   cuts.begin());
                             }
                           });
  return levels;
}

std::vector<int32_t> ValueTierStrategy::LevelsByShares(const std::vector<double>& scores,
                                                       int num_threads) const {
  const size_t n = options_.levels.size();
  std::vector<double> shares = options_.shares;
  if (shares.empty()) shares.assign(n, 1.0 / static_cast<double>(n));
  // top[k]: a customer is in the top k + 1 levels when fewer than their
  // shares x customers score strictly higher, i.e. fewer than that number
  // rounded up. The small allowance keeps a product such as
  // 10 x 0.30000000000000004 from rounding up to 4.
  const double customers = static_cast<double>(scores.size());
  std::vector<double> top(n - 1);
  double cumulative = 0;
  for (size_t k = 0; k + 1 < n; ++k) {
    cumulative += shares[n - 1 - k];
    top[k] = std::ceil(customers * cumulative - 1e-9 * std::max(1.0, customers));
  }
  const std::vector<internal::RankedValue> sorted = internal::SortDescending(scores, num_threads);
  std::vector<int32_t> levels(scores.size(), 0);
  for (size_t begin = 0; begin < sorted.size();) {
    const size_t end = internal::TieGroupEnd(sorted, begin);
    const double above = static_cast<double>(begin);
    size_t from_top = 0;
    while (from_top < n - 1 && !(above < top[from_top])) ++from_top;
    const int32_t level = static_cast<int32_t>(n - 1 - from_top);
    for (size_t k = begin; k < end; ++k) levels[sorted[k].customer] = level;
    begin = end;
  }
  return levels;
}

absl::Status ValueTierStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                      std::vector<std::string>& warnings) const {
  const size_t count = out.customer_count();
  const int num_threads = input.feature_options.num_threads;
  std::vector<const std::vector<double>*> columns;
  double weight_sum = 0;
  for (const ValueTierFeature& feature : options_.features) {
    absl::StatusOr<const std::vector<double>*> column =
        internal::FindValueColumn(input, feature.name, count);
    if (!column.ok()) return column.status();
    columns.push_back(*column);
    weight_sum += feature.weight;
  }

  // The weighted sum of ranks, feature by feature in the given order, then
  // divided by the weight sum: as every rank is at most 1, the sum is at
  // most weight_sum, so the score never exceeds 1 by rounding.
  std::vector<double> scores(count, 0.0);
  std::vector<double> ranks;
  for (size_t f = 0; f < columns.size(); ++f) {
    const ValueTierFeature& feature = options_.features[f];
    const size_t missing = internal::PercentileRanks(*columns[f], feature.lower_is_better,
                                                     num_threads, ranks);
    if (missing > 0) {
      warnings.push_back(absl::StrCat("value_tier: ", missing, " customer",
                                      missing > 1 ? "s have" : " has", " no ", feature.name,
                                      " (NaN) and rank", missing > 1 ? "" : "s",
                                      " lowest (0) in it"));
    }
    const double weight = feature.weight;
    internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
      for (size_t c = begin; c < end; ++c) scores[c] += weight * ranks[c];
    });
  }
  internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) scores[c] /= weight_sum;
  });

  std::vector<int32_t> levels = options_.cuts.empty() ? LevelsByShares(scores, num_threads)
                                                      : LevelsByCuts(scores, num_threads);
  if (count > 0) {
    std::vector<uint64_t> sizes(options_.levels.size(), 0);
    for (int32_t level : levels) ++sizes[static_cast<size_t>(level)];
    std::vector<std::string> empty;
    for (size_t l = 0; l < sizes.size(); ++l) {
      if (sizes[l] == 0) empty.push_back(absl::StrCat("'", options_.levels[l], "'"));
    }
    if (!empty.empty()) {
      warnings.push_back(absl::StrCat(
          "value_tier: level", empty.size() > 1 ? "s " : " ", absl::StrJoin(empty, ", "),
          empty.size() > 1 ? " are" : " is", " empty",
          options_.cuts.empty() ? " (equal scores always share a level)"
                                : absl::StrCat(" with cuts ", absl::StrJoin(options_.cuts, ", "))));
    }
  }
  out.AddNumeric("value_tier.score") = std::move(scores);
  out.AddCategorical("value_tier.level", options_.levels) = std::move(levels);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Strategy>> MakeValueTierStrategy(ValueTierOptions options) {
  if (absl::Status status = internal::ValidateValueTierOptions(options); !status.ok()) {
    return status;
  }
  return std::unique_ptr<Strategy>(new ValueTierStrategy(std::move(options)));
}

}  // namespace tessera
