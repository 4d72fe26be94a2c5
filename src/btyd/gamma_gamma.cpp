#include "btyd/gamma_gamma.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "btyd/special_functions.h"
#include "btyd/systematic_sample.h"
#include "parallel.h"

namespace tessera {
namespace btyd {

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();
constexpr size_t kBlockRows = size_t{1} << 14;
// Transaction counts up to this share their log-gamma and digamma terms
// through a table; larger ones are computed row by row.
constexpr size_t kTableLimit = 4096;

double WeightOf(const SpendSummary& data, size_t i) {
  return data.weight.empty() ? 1.0 : data.weight[i];
}

// The terms that depend on a row only through x.
struct CountTerms {
  double log_gamma;  // log Gamma(px+q) - log Gamma(px) - log Gamma(q)
  double dp;         // psi(px+q) - psi(px)
  double dq;         // psi(px+q) - psi(q)
  double log_x;
};

CountTerms TermsFor(double p, double q, double x) {
  const double px = p * x;
  const double psi_sum = Digamma(px + q);
  return {LogGamma(px + q) - LogGamma(px) - LogGamma(q), psi_sum - Digamma(px),
          psi_sum - Digamma(q), std::log(x)};
}

struct BlockResult {
  double value = 0;
  double dp = 0, dq = 0, dgamma = 0;
};

BlockResult BlockLogLikelihood(const SpendSummary& data, size_t begin, size_t end, double p,
                               double q, double gamma) {
  BlockResult out;
  std::vector<CountTerms> table;
  std::vector<char> known;
  const double log_gamma = std::log(gamma);
  for (size_t i = begin; i < end; ++i) {
    const double w = WeightOf(data, i);
    if (w == 0) continue;
    const double x = data.x[i], m = data.m[i];
    CountTerms terms;
    if (x <= static_cast<double>(kTableLimit)) {
      const size_t k = static_cast<size_t>(x);
      if (k >= table.size()) {
        table.resize(k + 1);
        known.resize(k + 1, 0);
      }
      if (!known[k]) {
        table[k] = TermsFor(p, q, x);
        known[k] = 1;
      }
      terms = table[k];
    } else {
      terms = TermsFor(p, q, x);
    }
    const double px = p * x;
    const double log_m = data.log_m.empty() ? std::log(m) : data.log_m[i];
    const double spent = gamma + m * x;
    const double log_spent = std::log(spent);
    out.value += w * (terms.log_gamma + q * log_gamma + (px - 1) * log_m + px * terms.log_x -
                      (px + q) * log_spent);
    out.dp += w * x * (terms.dp + log_m + terms.log_x - log_spent);
    out.dq += w * (terms.dq + log_gamma - log_spent);
    out.dgamma += w * (q / gamma - (px + q) / spent);
  }
  return out;
}

absl::Status Validate(const SpendSummary& data) {
  const size_t n = data.x.size();
  if (data.m.size() != n || (!data.weight.empty() && data.weight.size() != n)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "gamma_gamma: the spend columns differ in length (x ", n, ", m ", data.m.size(),
        ", weight ", data.weight.size(), ")"));
  }
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    const double x = data.x[i], m = data.m[i], w = WeightOf(data, i);
    if (!std::isfinite(x) || !std::isfinite(m) || !std::isfinite(w) || x < 1 ||
        x != std::floor(x) || !(m > 0) || w < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "gamma_gamma: row ", i, " (x = ", x, ", m = ", m, ", weight = ", w,
          "): needs a whole number x >= 1 of repeat transactions, a mean spend m > 0 "
          "and a weight >= 0"));
    }
    total += w;
  }
  if (!(total > 0)) {
    return absl::InvalidArgumentError(
        "gamma_gamma: no customer with repeat transactions, so the spend model "
        "cannot be fitted");
  }
  return absl::OkStatus();
}

// About target_rows rows of the same total weight (see SystematicSampler).
SpendSummary SystematicSample(const SpendSummary& data, double total_weight,
                              size_t target_rows) {
  SpendSummary sample;
  SystematicSampler sampler(total_weight, target_rows);
  for (size_t i = 0; i < data.x.size(); ++i) {
    const double points = sampler.Points(WeightOf(data, i));
    if (points == 0) continue;
    sample.x.push_back(data.x[i]);
    sample.m.push_back(data.m[i]);
    if (!data.log_m.empty()) sample.log_m.push_back(data.log_m[i]);
    sample.weight.push_back(points * sampler.step());
  }
  return sample;
}

double TotalWeight(const SpendSummary& data) {
  double total = 0;
  for (size_t i = 0; i < data.x.size(); ++i) total += WeightOf(data, i);
  return total;
}

}  // namespace

double GammaGammaLogLikelihood(const SpendSummary& data, const Eigen::VectorXd& params,
                               Eigen::VectorXd* gradient_log, int num_threads) {
  if (gradient_log != nullptr) gradient_log->setZero(3);
  if (params.size() != 3 || !params.allFinite() || !(params.array() > 0).all()) {
    return kMinusInfinity;
  }
  if (data.m.size() != data.x.size() ||
      (!data.weight.empty() && data.weight.size() != data.x.size()) ||
      (!data.log_m.empty() && data.log_m.size() != data.x.size())) {
    return kMinusInfinity;
  }
  const double p = params[0], q = params[1], gamma = params[2];
  const size_t blocks = (data.x.size() + kBlockRows - 1) / kBlockRows;
  std::vector<BlockResult> results(blocks);
  internal::ParallelChunks(blocks, num_threads, 1, [&](int, size_t first, size_t last) {
    for (size_t b = first; b < last; ++b) {
      results[b] = BlockLogLikelihood(data, b * kBlockRows,
                                      std::min(data.x.size(), (b + 1) * kBlockRows), p, q, gamma);
    }
  });
  BlockResult total;
  for (const BlockResult& r : results) {
    total.value += r.value;
    total.dp += r.dp;
    total.dq += r.dq;
    total.dgamma += r.dgamma;
  }
  if (!std::isfinite(total.value)) return kMinusInfinity;
  if (gradient_log != nullptr) *gradient_log << total.dp * p, total.dq * q, total.dgamma * gamma;
  return total.value;
}

absl::StatusOr<MlEstimate> FitGammaGamma(const SpendSummary& rows, const MlOptions& options,
                                         int num_threads) {
  if (absl::Status status = Validate(rows); !status.ok()) return status;
  SpendSummary data = rows;
  data.log_m.resize(data.m.size());
  for (size_t i = 0; i < data.m.size(); ++i) data.log_m[i] = std::log(data.m[i]);
  LikelihoodProblem problem;
  problem.model = "gamma_gamma";
  problem.parameter_names = {"p", "q", "gamma"};
  problem.total_weight = TotalWeight(data);
  problem.log_likelihood = [&](const Eigen::VectorXd& params, Eigen::VectorXd* gradient) {
    return GammaGammaLogLikelihood(data, params, gradient, num_threads);
  };
  double spend = 0;
  for (size_t i = 0; i < data.x.size(); ++i) spend += WeightOf(data, i) * data.m[i];
  const double mean = spend / problem.total_weight;
  // Each start puts the population mean p gamma / (q-1) at the observed
  // mean, with more or less heterogeneity around it.
  for (const auto& [p, q] : {std::pair<double, double>{1.0, 2.0}, {5.0, 3.0}, {0.5, 1.5}}) {
    Eigen::VectorXd start(3);
    start << p, q, mean * (q - 1) / p;
    problem.starts.push_back(start);
  }
  SpendSummary sample;
  if (data.x.size() > kDirectRows) {
    sample = SystematicSample(data, problem.total_weight, kSampleRows);
    problem.sample_weight = TotalWeight(sample);
    problem.sample_log_likelihood = [&](const Eigen::VectorXd& params,
                                        Eigen::VectorXd* gradient) {
      return GammaGammaLogLikelihood(sample, params, gradient, num_threads);
    };
  }
  return MaximizeLikelihood(problem, options);
}

double GammaGammaExpectedSpend(double p, double q, double gamma, double x, double m) {
  const double shrink = p * x + q - 1;
  if (!std::isfinite(x) || !std::isfinite(m) || !(shrink > 0)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return (gamma + m * x) * p / shrink;
}

}  // namespace btyd
}  // namespace tessera
