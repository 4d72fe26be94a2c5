// The parameter check and the row loops that the four-parameter count
// models (BG/NBD family, Pareto/NBD, BG/BB) share; each model supplies how
// it reads a row and what it computes from one.
#ifndef TESSERA_BTYD_MODEL_ROWS_H_
#define TESSERA_BTYD_MODEL_ROWS_H_

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <limits>

#include "btyd/count_model.h"
#include "btyd/log_sum.h"

namespace tessera {
namespace btyd {

// True when params holds exactly four values, all finite and positive.
inline bool FourPositiveFiniteParams(const Eigen::VectorXd& params) {
  return params.size() == 4 && params.allFinite() && (params.array() > 0).all();
}

// True when t_x, T and the weights (if any) have one entry per row.
inline bool ColumnsMatchRows(const Summary& data) {
  return data.t_x.size() == data.size() && data.T.size() == data.size() &&
         (data.weight.empty() || data.weight.size() == data.size());
}

// CountModel::LogLikelihood for a model of four positive parameters: the sum
// over rows of weight * row_term(row).value, with row_term's gradient in the
// natural parameters turned into one in their logs. read_row(data, i, &row)
// says whether row i is inside the model; one that is not, a bad weight or
// bad parameters make the whole sum -infinity. Rows are added in order on
// the calling thread, so a fitter may sum fixed row blocks on several
// threads at once.
template <typename Row, typename ReadRowFn, typename RowTermFn>
double SumRowLogLikelihoods(const Summary& data, const Eigen::VectorXd& params,
                            ReadRowFn read_row, RowTermFn row_term,
                            Eigen::VectorXd* gradient_log) {
  constexpr double kNegInf = -std::numeric_limits<double>::infinity();
  if (gradient_log != nullptr) *gradient_log = Eigen::VectorXd::Zero(4);
  if (!FourPositiveFiniteParams(params) || !ColumnsMatchRows(data)) return kNegInf;
  double total = 0.0;
  Gradient4 grad{};
  for (size_t i = 0; i < data.size(); ++i) {
    double weight = data.WeightOf(i);
    Row row;
    if (!std::isfinite(weight) || weight < 0.0 || !read_row(data, i, &row)) {
      return kNegInf;
    }
    if (weight == 0.0) continue;
    LogValue term = row_term(row);
    total += weight * term.value;
    for (int j = 0; j < 4; ++j) grad[j] += weight * term.grad[j];
  }
  if (!std::isfinite(total)) return kNegInf;
  if (gradient_log != nullptr) {
    for (int j = 0; j < 4; ++j) (*gradient_log)[j] = grad[j] * params[j];
    if (!gradient_log->allFinite()) gradient_log->setZero();
  }
  return total;
}

// out[i] = predict(to_params(params), row i) for the rows read_row accepts;
// NaN for the others, and for every row when `valid` is false (bad
// parameters or horizon: to_params is then never called).
template <typename Row, typename ReadRowFn, typename ToParamsFn, typename PredictFn>
void PredictEachRow(const Summary& data, const Eigen::VectorXd& params, bool valid,
                    ReadRowFn read_row, ToParamsFn to_params, PredictFn predict, double* out) {
  for (size_t i = 0; i < data.size(); ++i) {
    Row row;
    out[i] = valid && read_row(data, i, &row) ? predict(to_params(params), row)
                                               : std::numeric_limits<double>::quiet_NaN();
  }
}

// A starting point for the fitter.
inline Eigen::VectorXd FourParams(double a, double b, double c, double d) {
  Eigen::VectorXd v(4);
  v << a, b, c, d;
  return v;
}

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_MODEL_ROWS_H_
