#include "tessera/value_strategies.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "parallel.h"
#include "value_inputs.h"
#include "value_rank.h"

namespace tessera {

namespace {

constexpr size_t kMinChunk = size_t{1} << 14;
constexpr int32_t kClassA = 0, kClassB = 1, kClassC = 2, kNoClass = -1;

absl::Status ValidateAbcOptions(const AbcOptions& options) {
  if (options.feature.empty()) {
    return absl::InvalidArgumentError(
        "abc: feature must name a feature or a numeric score column, got ''");
  }
  if (!(0 < options.a && options.a < options.b && options.b <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "abc: a and b must satisfy 0 < a < b <= 1, got a = ", options.a, ", b = ", options.b));
  }
  return absl::OkStatus();
}

class AbcStrategy final : public Strategy {
 public:
  explicit AbcStrategy(AbcOptions options) : options_(std::move(options)) {}

  std::string_view name() const override { return "abc"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  AbcOptions options_;
};

absl::Status AbcStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                std::vector<std::string>& warnings) const {
  const size_t count = out.customer_count();
  const int num_threads = input.feature_options.num_threads;
  absl::StatusOr<const std::vector<double>*> column =
      internal::FindValueColumn(input, options_.feature, count);
  if (!column.ok()) return column.status();
  const std::vector<double>& values = **column;

  const std::vector<internal::RankedValue> sorted = internal::SortDescending(values, num_threads);
  size_t positives = 0;
  double total = 0;
  while (positives < sorted.size() && sorted[positives].value > 0) {
    total += sorted[positives++].value;
  }
  if (!std::isfinite(total)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the positive values of '", options_.feature,
        "' add up to infinity; ABC classes need a finite total"));
  }

  // Everyone starts as a customer outside the total; the positive values are
  // then visited from the top, one tie group at a time.
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<int32_t> classes(count);
  std::vector<double> shares(count), cumulative(count);
  internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      const bool known = !std::isnan(values[c]);
      classes[c] = known ? kClassC : kNoClass;
      shares[c] = known ? 0.0 : kNaN;
      cumulative[c] = known ? 1.0 : kNaN;
    }
  });
  // A running sum in the same order as `total`, so the last group's
  // cumulative share is exactly 1.
  double before = 0;
  for (size_t begin = 0; begin < positives;) {
    const size_t end = internal::TieGroupEnd(sorted, begin);
    const double share_before = before / total;
    const int32_t group_class =
        share_before < options_.a ? kClassA : share_before < options_.b ? kClassB : kClassC;
    for (size_t k = begin; k < end; ++k) before += sorted[k].value;
    const double share_through = before / total;
    for (size_t k = begin; k < end; ++k) {
      const uint32_t c = sorted[k].customer;
      classes[c] = group_class;
      shares[c] = sorted[k].value / total;
      cumulative[c] = share_through;
    }
    begin = end;
  }

  const size_t unknown = count - sorted.size();
  if (unknown > 0) {
    warnings.push_back(absl::StrCat("abc: ", unknown, " customer", unknown > 1 ? "s have" : " has",
                                    " no ", options_.feature,
                                    " value (NaN) and no class"));
  }
  if (positives == 0 && !sorted.empty()) {
    warnings.push_back(absl::StrCat("abc: no customer has a positive ", options_.feature,
                                    ", so every customer with a value is C"));
  }
  out.AddCategorical("abc.class", {"A", "B", "C"}) = std::move(classes);
  out.AddNumeric("abc.share") = std::move(shares);
  out.AddNumeric("abc.cumulative_share") = std::move(cumulative);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AbcOptions> AbcOptionsFromParams(const StrategyParams& params) {
  ParamReader reader("abc", params);
  AbcOptions options;
  options.feature = reader.String("feature", options.feature);
  options.a = reader.Double("a", options.a, 0, 1);
  options.b = reader.Double("b", options.b, 0, 1);
  if (absl::Status status = reader.Finish(); !status.ok()) return status;
  if (absl::Status status = ValidateAbcOptions(options); !status.ok()) return status;
  return options;
}

absl::StatusOr<std::unique_ptr<Strategy>> MakeAbcStrategy(AbcOptions options) {
  if (absl::Status status = ValidateAbcOptions(options); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new AbcStrategy(std::move(options)));
}

}  // namespace tessera
