// Glue between the public lifetime API (tessera/lifetime.h) and the models
// in src/btyd: column checks, conversions and the per-customer predictions
// that the public functions, CLV and the strategies share.
#ifndef TESSERA_BTYD_LIFETIME_INTERNAL_H_
#define TESSERA_BTYD_LIFETIME_INTERNAL_H_

#include <vector>

#include <Eigen/Core>

#include "absl/status/status.h"
#include "btyd/count_model.h"
#include "btyd/fit.h"
#include "tessera/lifetime.h"

namespace tessera {
namespace internal {

// InvalidArgument when the columns differ in length (monetary may be empty
// unless `need_monetary`; weight and customer may be empty).
absl::Status CheckSummaryColumns(const LifetimeSummary& summary, bool need_monetary);

// The count-model columns (x, t_x, T, weight).
btyd::Summary ToCountSummary(const LifetimeSummary& summary);

// InvalidArgument naming the field when an option is out of range.
absl::Status ValidateFitOptions(const LifetimeFitOptions& options);

// The fitter's options and its result in the public form.
btyd::MlOptions ToMlOptions(const LifetimeFitOptions& options);
FitReport ToFitReport(const btyd::MlEstimate& estimate,
                      const std::vector<std::string>& names, double customers);

// The fitted parameters as the model takes them.
Eigen::VectorXd ParameterVector(const FittedCountModel& model);

// Per row: P(alive at T).
std::vector<double> PredictAlive(const FittedCountModel& model,
                                 const LifetimeSummary& summary, int num_threads);

// Per row: P(n purchases in (T, T + t] | x, t_x, T).
std::vector<double> PredictProbabilityOfPurchases(const FittedCountModel& model,
                                                  const LifetimeSummary& summary, int n,
                                                  double t, int num_threads);

// Per row i and combination j: sum_k coefficients[j][k] E_i(horizons[k]),
// with E_i(t) the expected purchases of row i in (T, T + t]. `alive` is
// PredictAlive's output for the same rows.
//
// Every model here factors E_i(t) = P(alive_i) g(x_i, T_i, t): once a
// customer is known to be alive at T, when the last purchase happened says
// nothing more. So when many rows share (x, T), g is computed once per pair
// (as E / P(alive) at t_x = T, where P(alive) is largest) and the rows only
// multiply; pairs where that ratio is not usable fall back to the rows
// themselves. Results do not depend on the thread count.
std::vector<std::vector<double>> PredictPurchaseCombinations(
    const FittedCountModel& model, const LifetimeSummary& summary,
    const std::vector<double>& alive, const std::vector<double>& horizons,
    const std::vector<std::vector<double>>& coefficients, int num_threads);

}  // namespace internal
}  // namespace tessera

#endif  // TESSERA_BTYD_LIFETIME_INTERNAL_H_
