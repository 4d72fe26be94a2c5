// Break points of one RFM dimension: bin j (1-based) holds the values x with
// breaks[j-2] <= x < breaks[j-1], so a value's bin is one plus the number of
// break points at or below it.
#ifndef TESSERA_SRC_RFM_BREAKS_H_
#define TESSERA_SRC_RFM_BREAKS_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace tessera::internal {

// The R package rfm's break points: type 7 quantiles at i / bins, plus one.
// `values`: finite, non-empty.
std::vector<double> QuantileBreaks(absl::Span<const double> values, int bins);

// Break points that keep each distinct value in one bin, by the rule that
// RfmBinning::kTieAware documents in tessera/rfm.h. Bins that must stay
// empty (fewer distinct values than bins) get +infinity as their lower break.
// `values`: finite, non-empty.
std::vector<double> TieAwareBreaks(absl::Span<const double> values, int bins);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_RFM_BREAKS_H_
