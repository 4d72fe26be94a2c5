// Mergeable per-customer aggregation state. Build one from each part of a
// transaction set (a store, a month, a cluster node), merge them in any
// grouping, ship them as bytes, and finish into the same features that
// ComputeFeatures gives on the whole set: counts, days and distinct counts
// exactly, sums up to floating-point rounding.
#ifndef TESSERA_FEATURE_STATE_H_
#define TESSERA_FEATURE_STATE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/features.h"

namespace tessera {

class FeatureState {
 public:
  // Aggregates `dataset` (customers without purchases included, so prospects
  // survive a merge). Fails when options.as_of is missing.
  static absl::StatusOr<FeatureState> FromDataset(const Dataset& dataset,
                                                  const FeatureOptions& options);

  // Adds the state of a disjoint set of transactions built with the same
  // as_of, return policy and BTYD period, and keys of the same kind. Customers
  // new to this state are appended in `other`'s order. Order ids are compared
  // by a 64-bit hash of their text, so distinct orders across parts are exact
  // unless two ids collide (odds about n^2 / 2^65).
  absl::Status Merge(const FeatureState& other);

  // A self-describing little-endian byte string; Deserialize validates every
  // length and returns DataLoss on truncated or corrupt input, never crashes.
  std::string Serialize() const;
  static absl::StatusOr<FeatureState> Deserialize(std::string_view bytes);

  // The features, in the order of customers().
  absl::StatusOr<FeatureTable> Finish() const;

  const CustomerIndex& customers() const;

  FeatureState(FeatureState&&) noexcept;
  FeatureState& operator=(FeatureState&&) noexcept;
  ~FeatureState();

 private:
  struct Impl;
  explicit FeatureState(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tessera

#endif  // TESSERA_FEATURE_STATE_H_
