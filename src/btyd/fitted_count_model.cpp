#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "btyd/count_fit.h"
#include "btyd/count_models.h"
#include "btyd/lifetime_internal.h"
#include "tessera/lifetime.h"

namespace tessera {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxIterations = 100000;
constexpr double kMaxTolerance = 1e-2;

absl::Status CheckHorizon(double t) {
  if (t >= 0 && std::isfinite(t)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("the horizon t must be a finite number >= 0, got ", t));
}

absl::Status CheckPurchaseCount(int n) {
  if (n >= 0) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("the number of purchases n must be >= 0, got ", n));
}

}  // namespace

namespace internal {

absl::Status ValidateFitOptions(const LifetimeFitOptions& options) {
  if (!(options.penalizer >= 0) || !std::isfinite(options.penalizer)) {
    return absl::InvalidArgumentError(
        absl::StrCat("penalizer must be a finite number >= 0, got ", options.penalizer));
  }
  if (options.max_iterations < 1 || options.max_iterations > kMaxIterations) {
    return absl::InvalidArgumentError(absl::StrCat("max_iterations must be in [1, ",
                                                   kMaxIterations, "], got ",
                                                   options.max_iterations));
  }
  if (!(options.tolerance > 0 && options.tolerance <= kMaxTolerance)) {
    return absl::InvalidArgumentError(absl::StrCat("tolerance must be in (0, ", kMaxTolerance,
                                                   "], got ", options.tolerance));
  }
  return absl::OkStatus();
}

btyd::MlOptions ToMlOptions(const LifetimeFitOptions& options) {
  btyd::MlOptions ml;
  ml.penalizer = options.penalizer;
  ml.max_iterations = options.max_iterations;
  ml.tolerance = options.tolerance;
  ml.standard_errors = options.standard_errors;
  return ml;
}

FitReport ToFitReport(const btyd::MlEstimate& estimate, const std::vector<std::string>& names,
                      double customers) {
  FitReport report;
  for (size_t j = 0; j < names.size(); ++j) {
    const Eigen::Index k = static_cast<Eigen::Index>(j);
    report.parameters.push_back(
        {names[j], estimate.params[k],
         k < estimate.standard_errors.size() ? estimate.standard_errors[k] : kNaN});
  }
  report.log_likelihood = estimate.log_likelihood;
  report.customers = customers;
  report.iterations = estimate.iterations;
  report.converged = estimate.converged;
  report.warnings = estimate.warnings;
  return report;
}

}  // namespace internal

FittedCountModel::FittedCountModel(CountModelKind kind,
                                   std::shared_ptr<const btyd::CountModel> model,
                                   FitReport report)
    : kind_(kind), model_(std::move(model)), report_(std::move(report)) {
  for (const ParameterEstimate& p : report_.parameters) values_.push_back(p.value);
}

double FittedCountModel::parameter(std::string_view name) const {
  for (const ParameterEstimate& p : report_.parameters) {
    if (p.name == name) return p.value;
  }
  return kNaN;
}

absl::StatusOr<std::vector<double>> FittedCountModel::ProbabilityAlive(
    const LifetimeSummary& summary, int num_threads) const {
  if (absl::Status status = internal::CheckSummaryColumns(summary, false); !status.ok()) {
    return status;
  }
  return internal::PredictAlive(*this, summary, num_threads);
}

absl::StatusOr<std::vector<double>> FittedCountModel::ExpectedPurchases(
    const LifetimeSummary& summary, double t, int num_threads) const {
  if (absl::Status status = internal::CheckSummaryColumns(summary, false); !status.ok()) {
    return status;
  }
  if (absl::Status status = CheckHorizon(t); !status.ok()) return status;
  const std::vector<double> alive = internal::PredictAlive(*this, summary, num_threads);
  std::vector<std::vector<double>> out = internal::PredictPurchaseCombinations(
      *this, summary, alive, {t}, {{1.0}}, num_threads);
  return std::move(out[0]);
}

absl::StatusOr<double> FittedCountModel::ExpectedPurchasesOfNewCustomer(double t) const {
  if (absl::Status status = CheckHorizon(t); !status.ok()) return status;
  return model_->ExpectedPurchases(internal::ParameterVector(*this), t);
}

absl::StatusOr<double> FittedCountModel::ProbabilityOfPurchases(int n, double t) const {
  if (absl::Status status = CheckHorizon(t); !status.ok()) return status;
  if (absl::Status status = CheckPurchaseCount(n); !status.ok()) return status;
  return model_->ProbabilityOfPurchases(internal::ParameterVector(*this), n, t);
}

absl::StatusOr<std::vector<double>> FittedCountModel::ProbabilityOfPurchases(
    const LifetimeSummary& summary, int n, double t, int num_threads) const {
  if (absl::Status status = internal::CheckSummaryColumns(summary, false); !status.ok()) {
    return status;
  }
  if (absl::Status status = CheckHorizon(t); !status.ok()) return status;
  if (absl::Status status = CheckPurchaseCount(n); !status.ok()) return status;
  return internal::PredictProbabilityOfPurchases(*this, summary, n, t, num_threads);
}

absl::StatusOr<FittedCountModel> FitCountModel(CountModelKind kind,
                                               const LifetimeSummary& summary,
                                               const LifetimeFitOptions& options) {
  std::shared_ptr<const btyd::CountModel> model = btyd::MakeCountModel(kind);
  if (model == nullptr) return absl::InvalidArgumentError("unknown count model kind");
  const std::string name(model->name());
  if (absl::Status status = internal::ValidateFitOptions(options); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", status.message()));
  }
  if (absl::Status status = internal::CheckSummaryColumns(summary, false); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", status.message()));
  }
  const btyd::Summary rows = internal::ToCountSummary(summary);
  const bool discrete = btyd::IsDiscreteTime(kind);
  absl::StatusOr<btyd::MlEstimate> estimate = btyd::FitCountModelToSummary(
      *model, rows, discrete, internal::ToMlOptions(options), options.num_threads);
  if (!estimate.ok()) return estimate.status();
  double customers = 0;
  for (size_t i = 0; i < rows.size(); ++i) customers += rows.WeightOf(i);
  return FittedCountModel(kind, model,
                          internal::ToFitReport(*estimate, model->parameter_names(), customers));
}

absl::StatusOr<FittedCountModel> CountModelWithParameters(CountModelKind kind,
                                                          std::vector<double> values) {
  std::shared_ptr<const btyd::CountModel> model = btyd::MakeCountModel(kind);
  if (model == nullptr) return absl::InvalidArgumentError("unknown count model kind");
  const std::string name(model->name());
  const std::vector<std::string> names = model->parameter_names();
  if (values.size() != names.size()) {
    return absl::InvalidArgumentError(absl::StrCat(name, " has ", names.size(),
                                                   " parameters, got ", values.size()));
  }
  FitReport report;
  for (size_t j = 0; j < names.size(); ++j) {
    if (!(values[j] > 0) || !std::isfinite(values[j])) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": parameter ", names[j], " must be a finite number > 0, got ",
          values[j]));
    }
    report.parameters.push_back({names[j], values[j], kNaN});
  }
  report.log_likelihood = kNaN;
  return FittedCountModel(kind, model, std::move(report));
}

}  // namespace tessera
