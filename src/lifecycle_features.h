// Feature lookup shared by the lifecycle and behaviour strategies.
#ifndef TESSERA_SRC_LIFECYCLE_FEATURES_H_
#define TESSERA_SRC_LIFECYCLE_FEATURES_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "tessera/features.h"

namespace tessera::internal {

// The values of feature `name`, or NotFound listing the features there are.
inline absl::StatusOr<const double*> FeatureValues(const FeatureTable& features,
                                                   std::string_view name, size_t count) {
  absl::StatusOr<const std::vector<double>*> column = features.Get(name);
  if (!column.ok()) return column.status();
  if ((*column)->size() != count) {
    return absl::InternalError(absl::StrCat("feature column ", ToAbsl(name), " has ",
                                            (*column)->size(), " values for ", count,
                                            " customers"));
  }
  return (*column)->data();
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_LIFECYCLE_FEATURES_H_
