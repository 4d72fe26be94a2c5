// Fitting any CountModel to a summary: the rows are checked, cut into blocks
// of a fixed size whose log-likelihoods are computed on several threads and
// added in block order (so the fit is the same for any thread count), and
// handed to MaximizeLikelihood.
#ifndef TESSERA_BTYD_COUNT_FIT_H_
#define TESSERA_BTYD_COUNT_FIT_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "btyd/count_model.h"
#include "btyd/fit.h"

namespace tessera {
namespace btyd {

// The rows of a summary sorted by (T, t_x, x), equal rows merged into one
// with the sum of their weights, and cut into blocks of kRows rows. Sorted,
// neighbouring rows mostly share T (and often t_x), whose logarithms the
// models then compute once per run of equal values; merged, many customers
// with the same pattern cost one row.
class SummaryBlocks {
 public:
  static constexpr size_t kRows = size_t{1} << 14;

  SummaryBlocks(const Summary& data, int num_threads);
  // A systematic sample of at most target_rows rows, drawn with
  // probability proportional to weight and spread over every T, weighted to
  // the same total.
  SummaryBlocks Sample(size_t target_rows) const;
  size_t rows() const { return rows_; }

  // The model's log-likelihood summed over the blocks in order; -infinity
  // when any block's is not finite.
  double LogLikelihood(const CountModel& model, const Eigen::VectorXd& params,
                       Eigen::VectorXd* gradient_log, int num_threads) const;
  double total_weight() const { return total_weight_; }

 private:
  SummaryBlocks() = default;
  void Append(double x, double t_x, double T, double weight);

  std::vector<Summary> blocks_;
  size_t rows_ = 0;
  double total_weight_ = 0;
};

// Checks that the columns have one length, that every value is finite, that
// x is a whole number >= 0 with 0 <= t_x <= T and weights >= 0; for
// discrete-time models (BG/BB) also that t_x and T are whole numbers with
// x <= t_x, and t_x = 0 when x = 0. Then that some customer made a repeat
// purchase, without which no count model is identified. Messages name the
// model and the first bad row.
absl::Status ValidateSummary(std::string_view model, const Summary& data, bool discrete);

// ValidateSummary, then the multi-start maximum-likelihood fit; summaries of
// more than a few tens of thousands of rows try the starts on a systematic
// sample first.
absl::StatusOr<MlEstimate> FitCountModelToSummary(const CountModel& model,
                                                  const Summary& data, bool discrete,
                                                  const MlOptions& options, int num_threads);

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_COUNT_FIT_H_
