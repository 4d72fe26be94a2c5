#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "btyd/gamma_gamma.h"
#include "btyd/lifetime_internal.h"
#include "tessera/lifetime.h"

namespace tessera {

double SpendModel::ExpectedSpend(double x, double m) const {
  return btyd::GammaGammaExpectedSpend(p, q, gamma, x, m);
}

absl::StatusOr<SpendModel> FitGammaGamma(const LifetimeSummary& summary,
                                         const LifetimeFitOptions& options) {
  if (absl::Status status = internal::ValidateFitOptions(options); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("gamma_gamma: ", status.message()));
  }
  if (absl::Status status = internal::CheckSummaryColumns(summary, true); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("gamma_gamma: ", status.message()));
  }
  btyd::SpendSummary spend;
  double free_buyers = 0;
  for (size_t i = 0; i < summary.size(); ++i) {
    const double x = summary.x[i], m = summary.monetary[i];
    const double w = summary.weight.empty() ? 1.0 : summary.weight[i];
    if (!std::isfinite(x) || !std::isfinite(m) || !std::isfinite(w)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "gamma_gamma: row ", i, " (x = ", x, ", monetary = ", m, ", weight = ", w,
          "): every value must be a finite number"));
    }
    if (x <= 0) continue;
    if (!(m > 0)) {
      free_buyers += w;
      continue;
    }
    spend.x.push_back(x);
    spend.m.push_back(m);
    spend.weight.push_back(w);
  }
  absl::StatusOr<btyd::MlEstimate> estimate =
      btyd::FitGammaGamma(spend, internal::ToMlOptions(options), options.num_threads);
  if (!estimate.ok()) return estimate.status();
  double customers = 0;
  for (double w : spend.weight) customers += w;
  SpendModel model;
  model.p = estimate->params[0];
  model.q = estimate->params[1];
  model.gamma = estimate->params[2];
  model.report = internal::ToFitReport(*estimate, {"p", "q", "gamma"}, customers);
  if (free_buyers > 0) {
    model.report.warnings.push_back(absl::StrFormat(
        "gamma_gamma: %.0f repeat buyers with a mean repeat spend of 0 or less were "
        "left out of the spend fit",
        free_buyers));
  }
  if (!(model.q > 1)) {
    model.report.warnings.push_back(absl::StrFormat(
        "gamma_gamma: q = %.4g <= 1, so the population has no finite mean spend and "
        "customers without repeat purchases get no expected spend",
        model.q));
  }
  return model;
}

}  // namespace tessera
