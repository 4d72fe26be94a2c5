// RFM scoring with the semantics of the R package rfm (0.3.0), so that scores
// match rfm_table_order() customer for customer:
//
//  * recency_days, frequency and monetary come from the FeatureTable
//    (feature::kRecencyDays, kFrequency, kMonetary). With FrequencyMode::kAuto
//    and no order ids, frequency counts rows, as rfm_table_order() does.
//  * With n bins, the break points are R's quantile(x, type = 7) at the
//    probabilities seq(0, 1, length.out = n + 1) without its ends, each plus
//    one. Bin i spans lower_i <= x < upper_i, with lower bounds min(x) then
//    the break points and upper bounds the break points then max(x) + 1.
//  * Frequency and monetary score 1 for the lowest bin; recency is scored in
//    reverse (n = most recent). rfm.score = 100 R + 10 F + M.
//  * A customer's segment is the first in the table whose inclusive ranges
//    contain its R, F and M; none gives the fallback segment ("Others").
//
// Additions to R: a tie-aware binning for heavily tied values, warnings for
// empty scores, and prospects (customers who never bought).
#ifndef TESSERA_RFM_H_
#define TESSERA_RFM_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/strategy.h"

namespace tessera {

// How break points are found when none are given.
enum class RfmBinning {
  // R rfm: type 7 quantiles plus one. Bins can come out empty, exactly as in
  // R: heavy ties (most customers with one order, as in CDNOW or Online
  // Retail) make break points coincide, and a top quantile equal to the
  // largest value puts the last break point above every value. A warning
  // then names the dimension and the empty scores.
  kQuantile,
  // Each distinct value goes wholly to one bin, with bin sizes as close to
  // equal as the ties allow. The rule, on one dimension's N values in
  // ascending order (recency days too, before the reversal):
  //  * With d distinct values and d < n bins, the j-th smallest value gets
  //    bin j; bins d+1..n stay empty (recency scores 1..n-d) and a warning
  //    names them.
  //  * Otherwise the n-1 cuts are placed one at a time from the low end. With
  //    P values below the previous cut (P = 0 at first) and B bins left to
  //    fill, the next cut aims at position P + (N - P) / B and goes to the
  //    nearest boundary between two distinct values, the lower one when two
  //    are equally near. Only boundaries that leave every bin at least one
  //    distinct value are eligible, so no bin is empty.
  //  The break point of a cut is the smallest value above it, so scoring is
  //  the same half-open rule as above.
  kTieAware,
};

// A named box in (R, F, M) score space; bounds are inclusive.
struct RfmSegment {
  std::string name;
  int r_min = 0, r_max = 0;
  int f_min = 0, f_max = 0;
  int m_min = 0, m_max = 0;
};

// The R package's test segment table (tests/testthat/test-rfm-segment.R), in
// priority order, for 5 bins per dimension: Champions, Loyal Customers,
// Potential Loyalist, New Customers, Promising, Need Attention, About To
// Sleep, At Risk, Can't Lose Them, Lost.
const std::vector<RfmSegment>& DefaultRfmSegments();

struct RfmOptions {
  // Bins per dimension, 2..9.
  int recency_bins = 5;
  int frequency_bins = 5;
  int monetary_bins = 5;
  // Used for every dimension without custom break points.
  RfmBinning binning = RfmBinning::kQuantile;
  // Custom break points replace the computed ones when given: exactly
  // bins - 1 finite, strictly increasing values, used as they are (no + 1).
  // A value equal to a break point goes to the upper bin.
  std::vector<double> recency_breaks;
  std::vector<double> frequency_breaks;
  std::vector<double> monetary_breaks;
  // First match wins. Ranges must lie within 1..bins of their dimension. A
  // name may repeat, so that one segment can be a union of boxes. An empty
  // table puts every customer who bought in fallback_segment (with a
  // warning).
  std::vector<RfmSegment> segments = DefaultRfmSegments();
  std::string fallback_segment = "Others";
  // Customers who never bought (frequency 0, e.g. prospects from the
  // customer table), and any customer with a NaN or infinite recency,
  // frequency or monetary value, take no part in the break points and get
  // r = f = m = score = 0 and this segment, so no NaN reaches a score.
  std::string prospect_segment = "Prospect";
};

// Checks bins (2..9), break counts and order, segment names and ranges
// (within 1..bins); the message names the field and the allowed values.
absl::Status ValidateRfmOptions(const RfmOptions& options);

// Reads the "rfm" strategy's text parameters:
//  bins=N                  all three dimensions, 2..9 (default 5)
//  r_bins, f_bins, m_bins  one dimension, 2..9; overrides bins
//  binning=quantile|tie_aware
//  r_breaks, f_breaks, m_breaks
//                          custom break points separated by ';', e.g.
//                          "r_breaks=115;181;297;482". They must number
//                          bins - 1 when bins are given for that dimension;
//                          otherwise they set it (4 values = 5 bins), as in R.
// Custom segments are not read from text yet (the rules language will carry
// them). The default segment table is defined for 5 bins per dimension, so it
// is used only when all three dimensions have 5 bins; otherwise the table is
// empty and every customer who bought is "Others".
absl::StatusOr<RfmOptions> RfmOptionsFromParams(const StrategyParams& params);

// The strategy registered as "rfm". Validates `options` first. Outputs
// rfm.r, rfm.f, rfm.m and rfm.score (numeric) and rfm.segment (categorical;
// labels: the distinct segment names in table order, then the fallback, then
// the prospect label). Results are identical for any thread count.
absl::StatusOr<std::unique_ptr<Strategy>> MakeRfmStrategy(RfmOptions options);

}  // namespace tessera

#endif  // TESSERA_RFM_H_
