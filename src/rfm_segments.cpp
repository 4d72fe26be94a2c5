#include "rfm_segments.h"

#include <algorithm>

namespace tessera {

const std::vector<RfmSegment>& DefaultRfmSegments() {
  // REFERENCE.md, from the R package rfm's tests/testthat/test-rfm-segment.R.
  static const std::vector<RfmSegment>* segments = new std::vector<RfmSegment>{
      {"Champions", 4, 5, 4, 5, 4, 5},
      {"Loyal Customers", 2, 5, 3, 5, 3, 5},
      {"Potential Loyalist", 3, 5, 1, 3, 1, 3},
      {"New Customers", 4, 5, 1, 1, 1, 1},
      {"Promising", 3, 4, 1, 1, 1, 1},
      {"Need Attention", 2, 3, 2, 3, 2, 3},
      {"About To Sleep", 2, 3, 1, 2, 1, 2},
      {"At Risk", 1, 2, 2, 5, 2, 5},
      {"Can't Lose Them", 1, 1, 4, 5, 4, 5},
      {"Lost", 1, 2, 1, 2, 1, 2},
  };
  return *segments;
}

namespace internal {

namespace {

bool Contains(const RfmSegment& segment, int r, int f, int m) {
  return segment.r_min <= r && r <= segment.r_max && segment.f_min <= f &&
         f <= segment.f_max && segment.m_min <= m && m <= segment.m_max;
}

}  // namespace

SegmentLookup::SegmentLookup(const RfmOptions& options)
    : f_span_(options.frequency_bins + 1), m_span_(options.monetary_bins + 1) {
  std::vector<int32_t> segment_codes;
  segment_codes.reserve(options.segments.size());
  for (const RfmSegment& segment : options.segments) {
    segment_codes.push_back(LabelCode(segment.name));
  }
  const int32_t fallback = LabelCode(options.fallback_segment);
  const int32_t prospect = LabelCode(options.prospect_segment);

  table_.assign(static_cast<size_t>((options.recency_bins + 1) * f_span_ * m_span_),
                prospect);
  for (int r = 1; r <= options.recency_bins; ++r) {
    for (int f = 1; f <= options.frequency_bins; ++f) {
      for (int m = 1; m <= options.monetary_bins; ++m) {
        int32_t code = fallback;
        for (size_t s = 0; s < options.segments.size(); ++s) {
          if (Contains(options.segments[s], r, f, m)) {
            code = segment_codes[s];
            break;
          }
        }
        table_[static_cast<size_t>((r * f_span_ + f) * m_span_ + m)] = code;
      }
    }
  }
}

int32_t SegmentLookup::LabelCode(const std::string& name) {
  auto it = std::find(labels_.begin(), labels_.end(), name);
  if (it != labels_.end()) return static_cast<int32_t>(it - labels_.begin());
  labels_.push_back(name);
  return static_cast<int32_t>(labels_.size() - 1);
}

}  // namespace internal
}  // namespace tessera
