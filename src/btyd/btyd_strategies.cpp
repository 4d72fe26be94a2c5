#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "btyd/lifetime_internal.h"
#include "builtin_strategies.h"
#include "tessera/lifetime.h"

namespace tessera {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDaysPerYear = 365.25;
constexpr double kDaysPerMonth = 30.4375;
constexpr double kMaxHorizon = 1e6;
constexpr double kMaxPenalizer = 100;

// Spreads per-row values back to every customer; NaN for customers without
// a row (they never bought). A customer who bought but got NaN (a value the
// model's numerics cannot reach) is counted in a warning.
void Scatter(ScoreTable& out, std::string name, const LifetimeSummary& summary,
             const std::vector<double>& values, std::vector<std::string>& warnings) {
  std::vector<double>& column = out.AddNumeric(name);
  std::fill(column.begin(), column.end(), kNaN);
  size_t missing = 0;
  for (size_t r = 0; r < summary.size(); ++r) {
    column[summary.customer[r]] = values[r];
    missing += std::isnan(values[r]) ? 1 : 0;
  }
  if (missing > 0) {
    warnings.push_back(absl::StrCat(name, ": no value for ", missing,
                                    " customers who bought (outside the model's range)"));
  }
}

void AppendWarnings(const FitReport& report, std::vector<std::string>& warnings) {
  warnings.insert(warnings.end(), report.warnings.begin(), report.warnings.end());
}

absl::StatusOr<LifetimeSummary> SummaryFor(CountModelKind kind, const StrategyInput& input) {
  if (kind == CountModelKind::kBgBb) {
    return DiscreteLifetimeSummary(input.dataset, input.feature_options);
  }
  return LifetimeSummaryFromFeatures(input.features);
}

class CountModelStrategy final : public Strategy {
 public:
  CountModelStrategy(CountModelKind kind, double horizon, double penalizer)
      : kind_(kind), horizon_(horizon), penalizer_(penalizer) {}

  std::string_view name() const override { return CountModelName(kind_); }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override {
    absl::StatusOr<LifetimeSummary> summary = SummaryFor(kind_, input);
    if (!summary.ok()) return summary.status();
    LifetimeFitOptions options;
    options.penalizer = penalizer_;
    options.num_threads = input.feature_options.num_threads;
    absl::StatusOr<FittedCountModel> fit = FitCountModel(kind_, *summary, options);
    if (!fit.ok()) return fit.status();
    AppendWarnings(fit->report(), warnings);
    // Without a horizon given, a year of periods.
    const double horizon =
        std::isnan(horizon_) ? kDaysPerYear / input.feature_options.btyd_period_days : horizon_;
    const std::vector<double> alive =
        internal::PredictAlive(*fit, *summary, options.num_threads);
    const std::vector<std::vector<double>> expected = internal::PredictPurchaseCombinations(
        *fit, *summary, alive, {horizon}, {{1.0}}, options.num_threads);
    const std::string prefix(name());
    Scatter(out, prefix + ".p_alive", *summary, alive, warnings);
    Scatter(out, prefix + ".expected_purchases", *summary, expected[0], warnings);
    return absl::OkStatus();
  }

 private:
  CountModelKind kind_;
  double horizon_;  // NaN: a year
  double penalizer_;
};

class ClvStrategy final : public Strategy {
 public:
  ClvStrategy(CountModelKind kind, int months, double discount_rate, double penalizer)
      : kind_(kind), months_(months), discount_rate_(discount_rate), penalizer_(penalizer) {}

  std::string_view name() const override { return "clv"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override {
    absl::StatusOr<LifetimeSummary> summary = LifetimeSummaryFromFeatures(input.features);
    if (!summary.ok()) return summary.status();
    LifetimeFitOptions options;
    options.penalizer = penalizer_;
    options.num_threads = input.feature_options.num_threads;
    absl::StatusOr<FittedCountModel> count = FitCountModel(kind_, *summary, options);
    if (!count.ok()) return count.status();
    absl::StatusOr<SpendModel> spend = FitGammaGamma(*summary, options);
    if (!spend.ok()) return spend.status();
    AppendWarnings(count->report(), warnings);
    AppendWarnings(spend->report, warnings);
    ClvOptions clv;
    clv.steps = months_;
    clv.periods_per_step = kDaysPerMonth / input.feature_options.btyd_period_days;
    clv.discount_rate = discount_rate_;
    clv.num_threads = options.num_threads;
    absl::StatusOr<CustomerValues> values =
        CustomerLifetimeValue(*count, *spend, *summary, clv);
    if (!values.ok()) return values.status();
    Scatter(out, "clv.expected_purchases", *summary, values->expected_purchases, warnings);
    Scatter(out, "clv.expected_spend", *summary, values->expected_spend, warnings);
    Scatter(out, "clv.value", *summary, values->value, warnings);
    return absl::OkStatus();
  }

 private:
  CountModelKind kind_;
  int months_;
  double discount_rate_;
  double penalizer_;
};

class GammaGammaStrategy final : public Strategy {
 public:
  explicit GammaGammaStrategy(double penalizer) : penalizer_(penalizer) {}

  std::string_view name() const override { return "gamma_gamma"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override {
    absl::StatusOr<LifetimeSummary> summary = LifetimeSummaryFromFeatures(input.features);
    if (!summary.ok()) return summary.status();
    LifetimeFitOptions options;
    options.penalizer = penalizer_;
    options.num_threads = input.feature_options.num_threads;
    absl::StatusOr<SpendModel> spend = FitGammaGamma(*summary, options);
    if (!spend.ok()) return spend.status();
    AppendWarnings(spend->report, warnings);
    std::vector<double> expected(summary->size());
    for (size_t r = 0; r < summary->size(); ++r) {
      expected[r] = spend->ExpectedSpend(summary->x[r], summary->monetary[r]);
    }
    Scatter(out, "gamma_gamma.expected_spend", *summary, expected, warnings);
    return absl::OkStatus();
  }

 private:
  double penalizer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Strategy>> MakeGammaGammaStrategy(const StrategyParams& params) {
  ParamReader reader("gamma_gamma", params);
  const double penalizer = reader.Double("penalizer", 0, 0, kMaxPenalizer);
  if (absl::Status status = reader.Finish(); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new GammaGammaStrategy(penalizer));
}

absl::StatusOr<std::unique_ptr<Strategy>> MakeCountModelStrategy(CountModelKind kind,
                                                                 const StrategyParams& params) {
  const std::string name(CountModelName(kind));
  ParamReader reader(name, params);
  const double horizon = reader.Double("horizon", kNaN, 0, kMaxHorizon);
  const double penalizer = reader.Double("penalizer", 0, 0, kMaxPenalizer);
  if (absl::Status status = reader.Finish(); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new CountModelStrategy(kind, horizon, penalizer));
}

absl::StatusOr<std::unique_ptr<Strategy>> MakeClvStrategy(const StrategyParams& params) {
  ParamReader reader("clv", params);
  const std::string model = reader.Choice("model", "bgnbd", {"bgnbd", "mbgnbd", "pareto_nbd"});
  const int months = reader.Int("months", 12, 1, 1200);
  const double discount_rate = reader.Double("discount_rate", 0.01, 0, 10);
  const double penalizer = reader.Double("penalizer", 0, 0, kMaxPenalizer);
  if (absl::Status status = reader.Finish(); !status.ok()) return status;
  absl::StatusOr<CountModelKind> kind = CountModelKindFromName(model);
  if (!kind.ok()) return kind.status();
  return std::unique_ptr<Strategy>(new ClvStrategy(*kind, months, discount_rate, penalizer));
}

namespace internal {

void RegisterBtydStrategies(StrategyRegistry& registry) {
  struct Entry {
    CountModelKind kind;
    const char* description;
  };
  const Entry entries[] = {
      {CountModelKind::kBgNbd, "BG/NBD buy-till-you-die model: probability alive and "
                               "expected purchases"},
      {CountModelKind::kMbgNbd, "MBG/NBD buy-till-you-die model: probability alive and "
                                "expected purchases"},
      {CountModelKind::kParetoNbd, "Pareto/NBD buy-till-you-die model: probability alive "
                                   "and expected purchases"},
      {CountModelKind::kBgBb, "BG/BB discrete-time model over whole periods: probability "
                              "alive and expected transactions"},
  };
  // Registration of fresh names into a registry being built cannot fail.
  for (const Entry& entry : entries) {
    const CountModelKind kind = entry.kind;
    (void)registry.Register(std::string(CountModelName(kind)), entry.description,
                            [kind](const StrategyParams& params) {
                              return MakeCountModelStrategy(kind, params);
                            });
  }
  (void)registry.Register(
      "clv", "customer lifetime value: a count model with Gamma-Gamma spend, discounted",
      [](const StrategyParams& params) { return MakeClvStrategy(params); });
  (void)registry.Register(
      "gamma_gamma", "Gamma-Gamma spend model: expected spend per purchase",
      [](const StrategyParams& params) { return MakeGammaGammaStrategy(params); });
}

}  // namespace internal
}  // namespace tessera
