#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "builtin_strategies.h"
#include "parallel.h"
#include "tessera/kmeans.h"

namespace tessera {

namespace {

constexpr size_t kMinChunk = size_t{1} << 14;

class KMeansStrategy final : public Strategy {
 public:
  explicit KMeansStrategy(KMeansOptions options) : options_(std::move(options)) {}

  std::string_view name() const override { return "kmeans"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  KMeansOptions options_;
};

void Warn(const KMeansClustering& clustering, const KMeansOptions& options,
          std::vector<std::string>& warnings) {
  const std::string features = absl::StrJoin(options.features, ", ");
  if (clustering.clustered == 0) {
    warnings.push_back(absl::StrCat(
        "kmeans: no customer to cluster (none bought with finite ", features,
        "); every customer is 'none'"));
    return;
  }
  if (clustering.skipped_buyers > 0) {
    warnings.push_back(absl::StrCat("kmeans: ", clustering.skipped_buyers,
                                    " customers who bought are 'none': one of ", features,
                                    " is NaN or infinite for them"));
  }
  std::vector<size_t> empty;
  for (size_t j = 0; j < clustering.profile.size(); ++j) {
    if (clustering.profile[j].size == 0) empty.push_back(j + 1);
  }
  if (!empty.empty()) {
    // Converged with an empty cluster means nothing could be moved into it.
    warnings.push_back(absl::StrCat(
        "kmeans: cluster", empty.size() > 1 ? "s " : " ", absl::StrJoin(empty, ", "),
        empty.size() > 1 ? " are" : " is", " empty",
        clustering.converged
            ? absl::StrCat(": the customers have fewer distinct feature values than k = ",
                           options.fit.k)
            : ""));
  }
  if (!clustering.converged) {
    warnings.push_back(absl::StrCat("kmeans: stopped after max_iter = ", options.fit.max_iter,
                                    " iterations before converging (tol = ",
                                    options.fit.tol, ")"));
  }
}

absl::Status KMeansStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                   std::vector<std::string>& warnings) const {
  const size_t count = out.customer_count();
  if (input.features.customer_count() != count) {
    return absl::InternalError(absl::StrCat("kmeans: the feature table has ",
                                            input.features.customer_count(),
                                            " customers, the score table ", count));
  }
  KMeansOptions options = options_;
  options.fit.num_threads = input.feature_options.num_threads;
  absl::StatusOr<KMeansClustering> clustering = ClusterCustomers(input.features, options);
  if (!clustering.ok()) return clustering.status();
  Warn(*clustering, options, warnings);

  const int32_t k = options.fit.k;
  std::vector<std::string> labels;
  for (int32_t j = 1; j <= k; ++j) labels.push_back(absl::StrCat(j));
  labels.push_back("none");
  const std::vector<int32_t>& source = clustering->labels;
  std::vector<int32_t>& codes = out.AddCategorical("kmeans.cluster", std::move(labels));
  internal::ParallelChunks(count, options.fit.num_threads, kMinChunk,
                           [&](int, size_t begin, size_t end) {
                             for (size_t c = begin; c < end; ++c) {
                               codes[c] = source[c] < 0 ? k : source[c];
                             }
                           });
  out.AddNumeric("kmeans.distance") = std::move(clustering->distances);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Strategy>> MakeKMeansStrategy(KMeansOptions options) {
  if (absl::Status status = ValidateKMeansOptions(options); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new KMeansStrategy(std::move(options)));
}

namespace internal {

void RegisterKMeans(StrategyRegistry& registry) {
  // Registration of a fresh name into an empty registry cannot fail.
  (void)registry.Register(
      "kmeans",
      "k-means clusters of the customers on standardized log features "
      "(default recency, frequency, monetary)",
      [](const StrategyParams& params) -> absl::StatusOr<std::unique_ptr<Strategy>> {
        absl::StatusOr<KMeansOptions> options = KMeansOptionsFromParams(params);
        if (!options.ok()) return options.status();
        return MakeKMeansStrategy(*std::move(options));
      });
}

}  // namespace internal

}  // namespace tessera
