#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "kmeans_fit.h"
#include "tessera/kmeans.h"

namespace tessera {

absl::Status ValidateKMeansOptions(const KMeansOptions& options) {
  if (absl::Status status = internal::ValidateKMeansFitOptions(options.fit); !status.ok()) {
    return status;
  }
  if (options.features.empty()) {
    return absl::InvalidArgumentError("kmeans: features must name at least one feature");
  }
  std::set<std::string> seen;
  for (const std::string& name : options.features) {
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "kmeans: features has an empty name: '", absl::StrJoin(options.features, ";"), "'"));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("kmeans: features names '", name,
                                                     "' twice: '",
                                                     absl::StrJoin(options.features, ";"), "'"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<KMeansOptions> KMeansOptionsFromParams(const StrategyParams& params) {
  ParamReader reader("kmeans", params);
  KMeansOptions options;
  options.fit.k = reader.Int("k", options.fit.k, 2, 50);
  const std::string features =
      reader.String("features", absl::StrJoin(options.features, ";"));
  options.fit.max_iter = reader.Int("max_iter", options.fit.max_iter, 1, 10000);
  options.fit.tol = reader.Double("tol", options.fit.tol, 0, 1);
  options.fit.seed = static_cast<uint64_t>(
      reader.Int("seed", static_cast<int>(options.fit.seed), 0,
                 std::numeric_limits<int>::max()));
  if (absl::Status status = reader.Finish(); !status.ok()) return status;
  options.features.clear();
  for (absl::string_view name : absl::StrSplit(features, ';')) {
    options.features.emplace_back(absl::StripAsciiWhitespace(name));
  }
  std::set<std::string> seen;
  for (const std::string& name : options.features) {
    if (name.empty() || !seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "kmeans: parameter 'features' must be distinct feature names separated by ';', "
          "got '", features, "'"));
    }
  }
  if (absl::Status status = ValidateKMeansOptions(options); !status.ok()) return status;
  return options;
}

}  // namespace tessera
