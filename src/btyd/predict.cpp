#include <cmath>
#include <cstring>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "btyd/lifetime_internal.h"
#include "parallel.h"

namespace tessera {
namespace internal {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kMinChunk = size_t{1} << 12;

// The rows [begin, end) of x, t_x, T as a count-model summary.
btyd::Summary Slice(const std::vector<double>& x, const std::vector<double>& t_x,
                    const std::vector<double>& T, size_t begin, size_t end) {
  btyd::Summary out;
  out.x.assign(x.begin() + static_cast<std::ptrdiff_t>(begin),
               x.begin() + static_cast<std::ptrdiff_t>(end));
  out.t_x.assign(t_x.begin() + static_cast<std::ptrdiff_t>(begin),
                 t_x.begin() + static_cast<std::ptrdiff_t>(end));
  out.T.assign(T.begin() + static_cast<std::ptrdiff_t>(begin),
               T.begin() + static_cast<std::ptrdiff_t>(end));
  return out;
}

// out[j][i] = sum_k coefficients[j][k] E_i(horizons[k]) for the rows of
// (x, t_x, T), computed row by row.
std::vector<std::vector<double>> DirectCombinations(
    const btyd::CountModel& model, const Eigen::VectorXd& params,
    const std::vector<double>& x, const std::vector<double>& t_x,
    const std::vector<double>& T, const std::vector<double>& horizons,
    const std::vector<std::vector<double>>& coefficients, int num_threads) {
  const size_t n = x.size();
  std::vector<std::vector<double>> out(coefficients.size(), std::vector<double>(n, 0.0));
  ParallelChunks(n, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    const btyd::Summary slice = Slice(x, t_x, T, begin, end);
    std::vector<double> expected(end - begin);
    for (size_t k = 0; k < horizons.size(); ++k) {
      model.ConditionalExpectedPurchases(params, slice, horizons[k], expected.data());
      for (size_t j = 0; j < coefficients.size(); ++j) {
        const double c = coefficients[j][k];
        if (c == 0) continue;
        for (size_t i = begin; i < end; ++i) out[j][i] += c * expected[i - begin];
      }
    }
  });
  return out;
}

uint64_t Bits(double value) {
  value += 0.0;
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

}  // namespace

Eigen::VectorXd ParameterVector(const FittedCountModel& model) {
  const std::vector<double>& values = model.values();
  return Eigen::Map<const Eigen::VectorXd>(values.data(),
                                           static_cast<Eigen::Index>(values.size()));
}

std::vector<double> PredictAlive(const FittedCountModel& model,
                                 const LifetimeSummary& summary, int num_threads) {
  const Eigen::VectorXd params = ParameterVector(model);
  std::vector<double> out(summary.size());
  ParallelChunks(summary.size(), num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    const btyd::Summary slice = Slice(summary.x, summary.t_x, summary.T, begin, end);
    model.model().ProbabilityAlive(params, slice, out.data() + begin);
  });
  return out;
}

std::vector<double> PredictProbabilityOfPurchases(const FittedCountModel& model,
                                                  const LifetimeSummary& summary, int n,
                                                  double t, int num_threads) {
  const Eigen::VectorXd params = ParameterVector(model);
  std::vector<double> out(summary.size());
  ParallelChunks(summary.size(), num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    const btyd::Summary slice = Slice(summary.x, summary.t_x, summary.T, begin, end);
    model.model().ConditionalProbabilityOfPurchases(params, slice, n, t, out.data() + begin);
  });
  return out;
}

std::vector<std::vector<double>> PredictPurchaseCombinations(
    const FittedCountModel& model, const LifetimeSummary& summary,
    const std::vector<double>& alive, const std::vector<double>& horizons,
    const std::vector<std::vector<double>>& coefficients, int num_threads) {
  const Eigen::VectorXd params = ParameterVector(model);
  const size_t n = summary.size();
  // Group the rows by (x, T); rows with a NaN stay out (NaN results).
  constexpr uint32_t kNoGroup = UINT32_MAX;
  std::vector<uint32_t> group(n, kNoGroup);
  std::vector<double> group_x, group_t_x, group_T;
  {
    absl::flat_hash_map<std::pair<uint64_t, uint64_t>, uint32_t> ids;
    for (size_t i = 0; i < n; ++i) {
      const double x = summary.x[i], T = summary.T[i];
      if (std::isnan(x) || std::isnan(T) || std::isnan(alive[i])) continue;
      auto [it, inserted] =
          ids.try_emplace(std::make_pair(Bits(x), Bits(T)), static_cast<uint32_t>(group_x.size()));
      if (inserted) {
        group_x.push_back(x);
        group_t_x.push_back(x > 0 ? T : 0.0);
        group_T.push_back(T);
      }
      group[i] = it->second;
      if (2 * group_x.size() > n) break;  // too few repeats to pay off
    }
  }
  if (2 * group_x.size() > n) {
    return DirectCombinations(model.model(), params, summary.x, summary.t_x, summary.T,
                              horizons, coefficients, num_threads);
  }
  // g per group and combination, from E and P(alive) at t_x = T.
  const size_t groups = group_x.size();
  std::vector<double> group_alive(groups);
  ParallelChunks(groups, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    const btyd::Summary slice = Slice(group_x, group_t_x, group_T, begin, end);
    model.model().ProbabilityAlive(params, slice, group_alive.data() + begin);
  });
  std::vector<std::vector<double>> per_group = DirectCombinations(
      model.model(), params, group_x, group_t_x, group_T, horizons, coefficients, num_threads);
  std::vector<char> usable(groups);
  for (size_t g = 0; g < groups; ++g) {
    usable[g] = group_alive[g] > 0 && std::isfinite(group_alive[g]);
    for (std::vector<double>& values : per_group) {
      values[g] /= group_alive[g];
      usable[g] = usable[g] && std::isfinite(values[g]);
    }
  }
  std::vector<std::vector<double>> out(coefficients.size(), std::vector<double>(n, kNaN));
  std::vector<size_t> fallback;
  for (size_t i = 0; i < n; ++i) {
    if (group[i] == kNoGroup) continue;
    if (!usable[group[i]]) {
      fallback.push_back(i);
      continue;
    }
    for (size_t j = 0; j < coefficients.size(); ++j) out[j][i] = alive[i] * per_group[j][group[i]];
  }
  if (!fallback.empty()) {
    std::vector<double> fx, ft_x, fT;
    for (size_t i : fallback) {
      fx.push_back(summary.x[i]);
      ft_x.push_back(summary.t_x[i]);
      fT.push_back(summary.T[i]);
    }
    std::vector<std::vector<double>> direct = DirectCombinations(
        model.model(), params, fx, ft_x, fT, horizons, coefficients, num_threads);
    for (size_t k = 0; k < fallback.size(); ++k) {
      for (size_t j = 0; j < coefficients.size(); ++j) out[j][fallback[k]] = direct[j][k];
    }
  }
  return out;
}

}  // namespace internal
}  // namespace tessera
