// RFM scoring with the semantics of the R package rfm (0.3.0): quantile break
// points (R type 7) plus one, half-open bins, recency scored in reverse, and
// score 100R + 10F + M; named segments by first matching score ranges.
#ifndef TESSERA_RFM_H_
#define TESSERA_RFM_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/strategy.h"

namespace tessera {

// How break points are found.
enum class RfmBinning {
  // R rfm: quantiles. Heavy ties can make break points coincide; the bins
  // between them are then empty, and a warning names them.
  kQuantile,
  // Tie-aware: each distinct value goes wholly to one bin, chosen so that the
  // bins' sizes come as close to equal as the ties allow. No bin is empty
  // unless there are fewer distinct values than bins.
  kTieAware,
};

struct RfmSegment {
  std::string name;
  int r_min, r_max, f_min, f_max, m_min, m_max;  // inclusive
};

// The segment table of the R package's tests, in priority order.
const std::vector<RfmSegment>& DefaultRfmSegments();

struct RfmOptions {
  int recency_bins = 5;
  int frequency_bins = 5;
  int monetary_bins = 5;
  RfmBinning binning = RfmBinning::kQuantile;
  // Custom break points replace the quantiles when given (bins - 1 values,
  // increasing); a value equal to a break point goes to the upper bin.
  std::vector<double> recency_breaks;
  std::vector<double> frequency_breaks;
  std::vector<double> monetary_breaks;
  std::vector<RfmSegment> segments = DefaultRfmSegments();
  std::string fallback_segment = "Others";
  // Customers who never bought get scores 0 and this segment.
  std::string prospect_segment = "Prospect";
};

// Reads the "rfm" strategy's text parameters: r_bins, f_bins, m_bins (or
// bins for all three), binning (quantile | tie_aware), r_breaks, f_breaks,
// m_breaks (';'-separated).
absl::StatusOr<RfmOptions> RfmOptionsFromParams(const StrategyParams& params);

// The strategy registered as "rfm". Outputs rfm.r, rfm.f, rfm.m, rfm.score and
// rfm.segment.
absl::StatusOr<std::unique_ptr<Strategy>> MakeRfmStrategy(RfmOptions options);

}  // namespace tessera

#endif  // TESSERA_RFM_H_
