// Building a Dataset from columns whose rows the caller has already checked
// against every rule of BuildDataset, so they are not checked twice.
#ifndef TESSERA_SRC_DATASET_INTERNAL_H_
#define TESSERA_SRC_DATASET_INTERNAL_H_

#include "absl/status/statusor.h"
#include "tessera/dataset.h"

namespace tessera::internal {

// As BuildDataset, without the per-row checks: every row is accepted. Only
// for producers that reject bad rows themselves (the CSV reader).
absl::StatusOr<Dataset> BuildDatasetOfCheckedRows(const CustomerColumns& customers,
                                                  const TransactionColumns& transactions,
                                                  const IngestOptions& options);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_DATASET_INTERNAL_H_
