// Checks every buy-till-you-die count model's tests make the same way: its
// log-likelihood over the box a published figure's rounding leaves, and a
// fit from each of its own starting points.
#ifndef TESSERA_TESTS_COUNT_MODEL_CHECKS_H_
#define TESSERA_TESTS_COUNT_MODEL_CHECKS_H_

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "btyd/count_fit.h"
#include "btyd/count_model.h"
#include "btyd/fit.h"
#include "gtest/gtest.h"

namespace tessera::btyd::checks {

inline Eigen::VectorXd Params(double a, double b, double c, double d) {
  Eigen::VectorXd v(4);
  v << a, b, c, d;
  return v;
}

inline Summary OneRow(double x, double t_x, double T) {
  Summary data;
  data.x = {x};
  data.t_x = {t_x};
  data.T = {T};
  return data;
}

// Parameters printed to 3 decimals put the exact optimum within +-0.0005 of
// each: the largest change of the log-likelihood over that box (a 3^4 grid
// of its corners, edges and centre), which a tolerance on the published
// log-likelihood must allow for.
inline double LogLikelihoodMoveOverRoundingBox(const CountModel& model, const Summary& data,
                                               const Eigen::VectorXd& published) {
  const double at = model.LogLikelihood(data, published, nullptr);
  double move = 0.0;
  for (int corner = 0; corner < 81; ++corner) {
    Eigen::VectorXd shifted = published;
    for (int j = 0, code = corner; j < 4; ++j, code /= 3) shifted[j] += 0.0005 * (code % 3 - 1);
    move = std::max(move, std::fabs(model.LogLikelihood(data, shifted, nullptr) - at));
  }
  return move;
}

// One fit from each of the model's starting points alone, then the
// library's own multi-start fit, last. Fails the test on any error.
inline std::vector<MlEstimate> FitsFromEveryStart(const CountModel& model, const Summary& data,
                                                  bool discrete) {
  MlOptions options;
  options.standard_errors = false;
  double weight = 0;
  for (size_t i = 0; i < data.size(); ++i) weight += data.WeightOf(i);
  std::vector<MlEstimate> fits;
  for (const Eigen::VectorXd& start : model.StartingPoints(data)) {
    LikelihoodProblem problem;
    problem.model = std::string(model.name());
    problem.parameter_names = model.parameter_names();
    problem.log_likelihood = [&](const Eigen::VectorXd& params, Eigen::VectorXd* gradient) {
      return model.LogLikelihood(data, params, gradient);
    };
    problem.total_weight = weight;
    problem.starts = {start};
    absl::StatusOr<MlEstimate> fit = MaximizeLikelihood(problem, options);
    EXPECT_TRUE(fit.ok()) << fit.status();
    if (fit.ok()) fits.push_back(*fit);
  }
  absl::StatusOr<MlEstimate> library_fit =
      FitCountModelToSummary(model, data, discrete, options, 2);
  EXPECT_TRUE(library_fit.ok()) << library_fit.status();
  if (library_fit.ok()) fits.push_back(*library_fit);
  return fits;
}

}  // namespace tessera::btyd::checks

#endif  // TESSERA_TESTS_COUNT_MODEL_CHECKS_H_
