// Checking RfmOptions and reading them from the strategy's text parameters.
#include "tessera/rfm.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tessera {

namespace {

constexpr int kMinBins = 2;
constexpr int kMaxBins = 9;
constexpr int kDefaultBins = 5;

struct DimensionFields {
  int RfmOptions::*bins;
  std::vector<double> RfmOptions::*breaks;
  const char* bins_field;  // names in RfmOptions, for messages
  const char* breaks_field;
  const char* bins_param;  // names in the text parameters
  const char* breaks_param;
  const char* noun;
};

const DimensionFields kDimensions[] = {
    {&RfmOptions::recency_bins, &RfmOptions::recency_breaks, "recency_bins",
     "recency_breaks", "r_bins", "r_breaks", "recency"},
    {&RfmOptions::frequency_bins, &RfmOptions::frequency_breaks, "frequency_bins",
     "frequency_breaks", "f_bins", "f_breaks", "frequency"},
    {&RfmOptions::monetary_bins, &RfmOptions::monetary_breaks, "monetary_bins",
     "monetary_breaks", "m_bins", "m_breaks", "monetary"},
};

absl::Status CheckRange(const RfmSegment& segment, size_t index, const char* letter,
                        int min, int max, const DimensionFields& dimension, int bins) {
  if (1 <= min && min <= max && max <= bins) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "rfm: segment #", index + 1, " ('", segment.name, "') has ", letter, " range [",
      min, ", ", max, "]; it must satisfy 1 <= min <= max <= ", bins, " (",
      dimension.bins_field, ")"));
}

}  // namespace

absl::Status ValidateRfmOptions(const RfmOptions& options) {
  for (const DimensionFields& dimension : kDimensions) {
    const int bins = options.*dimension.bins;
    if (bins < kMinBins || bins > kMaxBins) {
      return absl::InvalidArgumentError(
          absl::StrCat("rfm: ", dimension.bins_field, " must be in [", kMinBins, ", ",
                       kMaxBins, "], got ", bins));
    }
    const std::vector<double>& breaks = options.*dimension.breaks;
    if (breaks.empty()) continue;
    if (breaks.size() != static_cast<size_t>(bins - 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rfm: ", dimension.breaks_field, " must have ", bins - 1, " values (",
          dimension.bins_field, " - 1), got ", breaks.size()));
    }
    for (size_t i = 0; i < breaks.size(); ++i) {
      if (!std::isfinite(breaks[i]) || (i > 0 && !(breaks[i] > breaks[i - 1]))) {
        return absl::InvalidArgumentError(
            absl::StrCat("rfm: ", dimension.breaks_field,
                         " must be finite and strictly increasing, got ",
                         absl::StrJoin(breaks, ", ")));
      }
    }
  }
  for (size_t s = 0; s < options.segments.size(); ++s) {
    const RfmSegment& segment = options.segments[s];
    if (segment.name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("rfm: segment #", s + 1, " has an empty name"));
    }
    absl::Status status = CheckRange(segment, s, "r", segment.r_min, segment.r_max,
                                     kDimensions[0], options.recency_bins);
    if (status.ok()) {
      status = CheckRange(segment, s, "f", segment.f_min, segment.f_max,
                          kDimensions[1], options.frequency_bins);
    }
    if (status.ok()) {
      status = CheckRange(segment, s, "m", segment.m_min, segment.m_max,
                          kDimensions[2], options.monetary_bins);
    }
    if (!status.ok()) return status;
  }
  if (options.fallback_segment.empty()) {
    return absl::InvalidArgumentError("rfm: fallback_segment must not be empty");
  }
  if (options.prospect_segment.empty()) {
    return absl::InvalidArgumentError("rfm: prospect_segment must not be empty");
  }
  return absl::OkStatus();
}

absl::StatusOr<RfmOptions> RfmOptionsFromParams(const StrategyParams& params) {
  ParamReader reader("rfm", params);
  RfmOptions options;
  const int all_bins = reader.Int("bins", kDefaultBins, kMinBins, kMaxBins);
  for (const DimensionFields& dimension : kDimensions) {
    options.*dimension.bins = reader.Int(dimension.bins_param, all_bins, kMinBins, kMaxBins);
  }
  const std::string binning =
      reader.Choice("binning", "quantile", {"quantile", "tie_aware"});
  options.binning = binning == "tie_aware" ? RfmBinning::kTieAware : RfmBinning::kQuantile;
  for (const DimensionFields& dimension : kDimensions) {
    options.*dimension.breaks = reader.DoubleList(dimension.breaks_param);
  }
  if (absl::Status status = reader.Finish(); !status.ok()) return status;

  const auto& given = params.values();
  for (const DimensionFields& dimension : kDimensions) {
    const std::vector<double>& breaks = options.*dimension.breaks;
    if (breaks.empty()) continue;
    const std::string& text = given.at(dimension.breaks_param);
    int& bins = options.*dimension.bins;
    const bool bins_given =
        given.count(dimension.bins_param) != 0 || given.count("bins") != 0;
    if (!bins_given) {
      // As in R, custom break points alone set the number of bins.
      if (breaks.size() > static_cast<size_t>(kMaxBins - 1)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "rfm: parameter '", dimension.breaks_param, "' must have 1 to ",
            kMaxBins - 1, " values (", kMinBins, " to ", kMaxBins, " bins), got ",
            breaks.size(), ": '", text, "'"));
      }
      bins = static_cast<int>(breaks.size()) + 1;
    } else if (breaks.size() != static_cast<size_t>(bins - 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rfm: parameter '", dimension.breaks_param, "' must have ", bins - 1,
          " values, one fewer than the ", bins, " ", dimension.noun, " bins, got ",
          breaks.size(), ": '", text, "'"));
    }
  }
  // The default table names boxes of a 1..5 score grid; with other bin
  // counts its names would mean something else.
  if (options.recency_bins != kDefaultBins || options.frequency_bins != kDefaultBins ||
      options.monetary_bins != kDefaultBins) {
    options.segments.clear();
  }
  if (absl::Status status = ValidateRfmOptions(options); !status.ok()) return status;
  return options;
}

}  // namespace tessera
