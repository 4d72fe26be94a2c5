#include "btyd/count_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "btyd/systematic_sample.h"
#include "parallel.h"

namespace tessera {
namespace btyd {

namespace {

bool Whole(double value) { return value == std::floor(value); }

struct Row {
  double T, t_x, x, weight;
};

// Sorts by (T, t_x, x): two halves on two threads, then a merge, when asked.
void SortRows(std::vector<Row>& rows, int num_threads) {
  auto less = [](const Row& a, const Row& b) {
    if (a.T != b.T) return a.T < b.T;
    if (a.t_x != b.t_x) return a.t_x < b.t_x;
    return a.x < b.x;
  };
  const auto middle = rows.begin() + static_cast<std::ptrdiff_t>(rows.size() / 2);
  internal::ParallelChunks(2, num_threads, 1, [&](int, size_t begin, size_t end) {
    for (size_t half = begin; half < end; ++half) {
      if (half == 0) std::sort(rows.begin(), middle, less);
      if (half == 1) std::sort(middle, rows.end(), less);
    }
  });
  std::inplace_merge(rows.begin(), middle, rows.end(), less);
}

}  // namespace

SummaryBlocks::SummaryBlocks(const Summary& data, int num_threads) {
  std::vector<Row> rows(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    // A row without repeat purchases has no last purchase after the first.
    rows[i] = {data.T[i], data.x[i] > 0 ? data.t_x[i] : 0.0, data.x[i], data.WeightOf(i)};
  }
  SortRows(rows, num_threads);
  blocks_.reserve(rows.size() / kRows + 1);
  for (size_t i = 0; i < rows.size();) {
    Row merged = rows[i];
    size_t j = i + 1;
    for (; j < rows.size() && rows[j].T == merged.T && rows[j].t_x == merged.t_x &&
           rows[j].x == merged.x;
         ++j) {
      merged.weight += rows[j].weight;
    }
    i = j;
    if (merged.weight == 0) continue;
    Append(merged.x, merged.t_x, merged.T, merged.weight);
  }
}

SummaryBlocks SummaryBlocks::Sample(size_t target_rows) const {
  SummaryBlocks sample;
  SystematicSampler sampler(total_weight_, target_rows);
  for (const Summary& block : blocks_) {
    for (size_t i = 0; i < block.size(); ++i) {
      const double points = sampler.Points(block.weight[i]);
      if (points > 0) {
        sample.Append(block.x[i], block.t_x[i], block.T[i], points * sampler.step());
      }
    }
  }
  return sample;
}

void SummaryBlocks::Append(double x, double t_x, double T, double weight) {
  if (blocks_.empty() || blocks_.back().size() == kRows) {
    blocks_.emplace_back();
    Summary& block = blocks_.back();
    block.x.reserve(kRows);
    block.t_x.reserve(kRows);
    block.T.reserve(kRows);
    block.weight.reserve(kRows);
  }
  Summary& block = blocks_.back();
  block.x.push_back(x);
  block.t_x.push_back(t_x);
  block.T.push_back(T);
  block.weight.push_back(weight);
  total_weight_ += weight;
  ++rows_;
}

double SummaryBlocks::LogLikelihood(const CountModel& model, const Eigen::VectorXd& params,
                                    Eigen::VectorXd* gradient_log, int num_threads) const {
  const size_t count = blocks_.size();
  std::vector<double> values(count, 0.0);
  std::vector<Eigen::VectorXd> gradients(gradient_log != nullptr ? count : 0);
  internal::ParallelChunks(count, num_threads, 1, [&](int, size_t begin, size_t end) {
    for (size_t b = begin; b < end; ++b) {
      values[b] = model.LogLikelihood(blocks_[b], params,
                                      gradient_log != nullptr ? &gradients[b] : nullptr);
    }
  });
  double total = 0;
  for (double value : values) total += value;
  if (!std::isfinite(total)) {
    if (gradient_log != nullptr) gradient_log->setZero(params.size());
    return -std::numeric_limits<double>::infinity();
  }
  if (gradient_log != nullptr) {
    gradient_log->setZero(params.size());
    for (const Eigen::VectorXd& g : gradients) {
      if (g.size() == params.size()) *gradient_log += g;
    }
  }
  return total;
}

absl::Status ValidateSummary(std::string_view model, const Summary& data, bool discrete) {
  const std::string name(model);
  const size_t n = data.size();
  if (data.t_x.size() != n || data.T.size() != n ||
      (!data.weight.empty() && data.weight.size() != n)) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": the summary columns differ in length (x ", n, ", t_x ", data.t_x.size(),
        ", T ", data.T.size(), ", weight ", data.weight.size(), ")"));
  }
  double repeat_weight = 0;
  double total_weight = 0;
  for (size_t i = 0; i < n; ++i) {
    const double x = data.x[i], t_x = data.t_x[i], T = data.T[i], w = data.WeightOf(i);
    auto bad = [&](const char* why) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": row ", i, " (x = ", x, ", t_x = ",
                                                     t_x, ", T = ", T, ", weight = ", w,
                                                     "): ", why));
    };
    if (!std::isfinite(x) || !std::isfinite(t_x) || !std::isfinite(T) || !std::isfinite(w)) {
      return bad("every value must be a finite number");
    }
    if (x < 0 || !Whole(x)) return bad("x must be a whole number >= 0");
    if (t_x < 0 || t_x > T) return bad("t_x must be in [0, T]");
    if (w < 0) return bad("the weight must be >= 0");
    if (discrete) {
      if (!Whole(t_x) || !Whole(T)) return bad("t_x and T must be whole numbers of periods");
      if (x > t_x) return bad("x cannot exceed t_x, the last period with a transaction");
      if (x == 0 && t_x != 0) return bad("t_x must be 0 when x is 0");
    }
    total_weight += w;
    if (x > 0) repeat_weight += w;
  }
  if (!(total_weight > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": no customers to fit"));
  }
  if (!(repeat_weight > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": no customer made a repeat purchase, so the purchase and dropout "
              "processes cannot be identified; fit needs some customers with x > 0"));
  }
  return absl::OkStatus();
}

absl::StatusOr<MlEstimate> FitCountModelToSummary(const CountModel& model,
                                                  const Summary& data, bool discrete,
                                                  const MlOptions& options, int num_threads) {
  if (absl::Status status = ValidateSummary(model.name(), data, discrete); !status.ok()) {
    return status;
  }
  const SummaryBlocks blocks(data, num_threads);
  LikelihoodProblem problem;
  problem.model = std::string(model.name());
  problem.parameter_names = model.parameter_names();
  problem.total_weight = blocks.total_weight();
  problem.starts = model.StartingPoints(data);
  problem.log_likelihood = [&](const Eigen::VectorXd& params, Eigen::VectorXd* gradient) {
    return blocks.LogLikelihood(model, params, gradient, num_threads);
  };
  std::optional<SummaryBlocks> sample;
  if (blocks.rows() > kDirectRows) {
    sample.emplace(blocks.Sample(kSampleRows));
    problem.sample_weight = sample->total_weight();
    problem.sample_log_likelihood = [&](const Eigen::VectorXd& params,
                                        Eigen::VectorXd* gradient) {
      return sample->LogLikelihood(model, params, gradient, num_threads);
    };
  }
  return MaximizeLikelihood(problem, options);
}

}  // namespace btyd
}  // namespace tessera
