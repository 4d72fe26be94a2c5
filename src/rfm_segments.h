// RFM segments resolved ahead of scoring: a table over every (r, f, m) score
// triple, so a customer's segment is one index and no string is touched per
// customer.
#ifndef TESSERA_SRC_RFM_SEGMENTS_H_
#define TESSERA_SRC_RFM_SEGMENTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tessera/rfm.h"

namespace tessera::internal {

class SegmentLookup {
 public:
  // `options` must have passed ValidateRfmOptions.
  explicit SegmentLookup(const RfmOptions& options);

  // The distinct segment names in table order, then the fallback, then the
  // prospect label (each once).
  const std::vector<std::string>& labels() const { return labels_; }

  // Scores 1..bins, or r = f = m = 0 for a prospect.
  int32_t Code(int r, int f, int m) const {
    return table_[static_cast<size_t>((r * f_span_ + f) * m_span_ + m)];
  }

 private:
  int32_t LabelCode(const std::string& name);

  std::vector<std::string> labels_;
  std::vector<int32_t> table_;
  int f_span_;
  int m_span_;
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_RFM_SEGMENTS_H_
