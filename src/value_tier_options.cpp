#include "value_tier_options.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "value_inputs.h"

namespace tessera {

namespace {

constexpr char kStrategy[] = "value_tier";
// Shares written with a few decimals (1/3 as 0.333333) still count as
// summing to 1.
constexpr double kShareSumTolerance = 1e-6;

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat(kStrategy, ": ", message));
}

template <typename T>
bool Contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

absl::Status ValidateFeatures(const std::vector<ValueTierFeature>& features) {
  if (features.empty()) return Invalid("features must not be empty");
  double weight_sum = 0;
  std::vector<std::string> seen;
  for (size_t i = 0; i < features.size(); ++i) {
    const ValueTierFeature& feature = features[i];
    if (feature.name.empty()) return Invalid(absl::StrCat("feature #", i + 1, " has an empty name"));
    if (Contains(seen, feature.name)) {
      return Invalid(absl::StrCat("feature '", feature.name, "' is listed twice"));
    }
    seen.push_back(feature.name);
    if (!std::isfinite(feature.weight) || feature.weight < 0) {
      return Invalid(absl::StrCat("the weight of '", feature.name,
                                  "' must be a finite number >= 0, got ", feature.weight));
    }
    weight_sum += feature.weight;
  }
  if (!(weight_sum > 0)) return Invalid("the weights must not all be 0");
  if (!std::isfinite(weight_sum)) return Invalid("the weights must have a finite sum");
  return absl::OkStatus();
}

absl::Status ValidateLevels(const ValueTierOptions& options) {
  const std::vector<std::string>& levels = options.levels;
  if (levels.size() < internal::kMinValueTierLevels ||
      levels.size() > internal::kMaxValueTierLevels) {
    return Invalid(absl::StrCat("levels must number ", internal::kMinValueTierLevels, " to ",
                                internal::kMaxValueTierLevels, ", got ", levels.size()));
  }
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].empty()) return Invalid(absl::StrCat("level #", i + 1, " has an empty name"));
    if (std::find(levels.begin(), levels.begin() + static_cast<ptrdiff_t>(i), levels[i]) !=
        levels.begin() + static_cast<ptrdiff_t>(i)) {
      return Invalid(absl::StrCat("level '", levels[i], "' is listed twice"));
    }
  }
  if (!options.cuts.empty() && !options.shares.empty()) {
    return Invalid("give cuts or shares, not both");
  }
  if (!options.cuts.empty()) {
    const std::vector<double>& cuts = options.cuts;
    if (cuts.size() != levels.size() - 1) {
      return Invalid(absl::StrCat("cuts must have ", levels.size() - 1,
                                  " values (one fewer than the ", levels.size(),
                                  " levels), got ", cuts.size()));
    }
    for (size_t i = 0; i < cuts.size(); ++i) {
      if (!(cuts[i] > 0 && cuts[i] <= 1) || (i > 0 && !(cuts[i] > cuts[i - 1]))) {
        return Invalid(absl::StrCat("cuts must be strictly increasing numbers in (0, 1], got ",
                                    absl::StrJoin(cuts, ", ")));
      }
    }
  }
  if (!options.shares.empty()) {
    const std::vector<double>& shares = options.shares;
    if (shares.size() != levels.size()) {
      return Invalid(absl::StrCat("shares must have ", levels.size(), " values (one per level, ",
                                  "lowest first), got ", shares.size()));
    }
    double sum = 0;
    bool positive = true;
    for (double share : shares) {
      positive = positive && share > 0 && std::isfinite(share);
      sum += share;
    }
    if (!positive || !(std::abs(sum - 1) <= kShareSumTolerance)) {
      return Invalid(absl::StrCat("shares must each be > 0 and add up to 1, got ",
                                  absl::StrJoin(shares, ", ")));
    }
  }
  return absl::OkStatus();
}

}  // namespace

namespace internal {

absl::Status ValidateValueTierOptions(const ValueTierOptions& options) {
  if (absl::Status status = ValidateFeatures(options.features); !status.ok()) return status;
  return ValidateLevels(options);
}

}  // namespace internal

absl::StatusOr<ValueTierOptions> ValueTierOptionsFromParams(const StrategyParams& params) {
  ParamReader reader(kStrategy, params);
  const std::string features_text = reader.String("features", "monetary;frequency;recency_days");
  const std::string weights_text = reader.String("weights", "");
  const std::string lower_text = reader.String("lower_is_better", "");
  const std::string levels_text = reader.String("levels", "low;medium;high");
  const std::vector<double> cuts = reader.DoubleList("cuts");
  const std::string shares_text = reader.String("shares", "");
  if (absl::Status status = reader.Finish(); !status.ok()) return status;

  absl::StatusOr<std::vector<std::string>> names =
      internal::ParseNameList(kStrategy, "features", features_text);
  if (!names.ok()) return names.status();
  if (names->empty()) {
    return internal::ParamError(kStrategy, "features", "names separated by ';'", features_text);
  }
  absl::StatusOr<std::vector<double>> weights = internal::ParseNumberList(
      kStrategy, "weights", weights_text, "numbers >= 0 separated by ';'");
  if (!weights.ok()) return weights.status();
  if (!weights->empty() && weights->size() != names->size()) {
    return internal::ParamError(
        kStrategy, "weights",
        absl::StrCat(names->size(), " numbers, one per feature (", absl::StrJoin(*names, ";"), ")"),
        weights_text);
  }
  std::vector<std::string> lower;
  if (params.values().count("lower_is_better") != 0) {
    absl::StatusOr<std::vector<std::string>> given =
        internal::ParseNameList(kStrategy, "lower_is_better", lower_text);
    if (!given.ok()) return given.status();
    lower = *std::move(given);
    for (const std::string& name : lower) {
      if (!Contains(*names, name)) {
        return internal::ParamError(
            kStrategy, "lower_is_better",
            absl::StrCat("names from features (", absl::StrJoin(*names, ", "), ")"), lower_text);
      }
    }
  } else if (Contains(*names, std::string("recency_days"))) {
    lower = {"recency_days"};
  }
  absl::StatusOr<std::vector<std::string>> levels =
      internal::ParseNameList(kStrategy, "levels", levels_text);
  if (!levels.ok()) return levels.status();
  absl::StatusOr<std::vector<double>> shares = internal::ParseNumberList(
      kStrategy, "shares", shares_text, "numbers > 0 separated by ';'");
  if (!shares.ok()) return shares.status();

  ValueTierOptions options;
  options.features.clear();
  for (size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    options.features.push_back(
        {name, weights->empty() ? 1.0 : (*weights)[i], Contains(lower, name)});
  }
  options.levels = *std::move(levels);
  options.cuts = cuts;
  options.shares = *std::move(shares);
  if (absl::Status status = internal::ValidateValueTierOptions(options); !status.ok()) {
    return status;
  }
  return options;
}

}  // namespace tessera
