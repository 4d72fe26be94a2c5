// Buy-till-you-die models of customer lifetime: how many purchases a
// customer will make, whether they are still "alive", how much they will
// spend and what they are worth.
//
//  * Count models (CountModelKind): BG/NBD (Fader, Hardie & Lee 2005),
//    MBG/NBD (Batislam, Denizel & Filiztekin 2007), Pareto/NBD (Schmittlein,
//    Morrison & Colombo 1987) and, in discrete time, BG/BB (Fader, Hardie &
//    Shang 2010). Each is fitted by maximum likelihood to a LifetimeSummary
//    (x, t_x, T per customer, or per distinct pattern with a weight).
//  * The Gamma-Gamma spend model (Fader & Hardie 2013) on the mean spend of
//    the repeat purchases.
//  * Customer lifetime value from a count model and the spend model, with
//    lifetimes' discounting convention (CustomerLifetimeValue).
//  * Calibration/holdout validation: tessera/lifetime_holdout.h.
//
// Fits maximize the log-likelihood over log(parameters) by BFGS with a
// Wolfe line search from several starting points (tried first on a sample
// when the data are large); standard errors come from the Hessian by the
// delta method. Customers with equal (x, t_x, T) are merged before a fit, so
// millions of customers cost what their distinct patterns cost. Fits and
// predictions are identical for any thread count. Strategies "bgnbd",
// "mbgnbd", "pareto_nbd", "bgbb", "gamma_gamma" and "clv" make these scores
// available to rules (e.g. `bgnbd.p_alive < 0.3`).
#ifndef TESSERA_LIFETIME_H_
#define TESSERA_LIFETIME_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/features.h"
#include "tessera/strategy.h"

namespace tessera {

namespace btyd {
class CountModel;
}  // namespace btyd

// One row per customer, or per distinct pattern with a weight.
//  continuous time: x = repeat purchases (purchase days after the first),
//    t_x = first to last purchase, T = first purchase to the end of
//    observation, both in periods (FeatureOptions::btyd_period_days);
//  BG/BB: x = transactions in T discrete opportunities, t_x = the last
//    opportunity with one (0 when x = 0).
struct LifetimeSummary {
  std::vector<double> x;
  std::vector<double> t_x;
  std::vector<double> T;
  std::vector<double> monetary;   // mean spend of the repeat purchases; may be empty
  std::vector<double> weight;     // customers per row; empty: 1 each
  std::vector<uint32_t> customer; // dense customer index per row; may be empty
  size_t size() const { return x.size(); }
};

// The customers with at least one purchase day (x, t_x, T, repeat_spend
// features; see tessera/features.h), with `customer` set. Customers who never
// bought have no row.
absl::StatusOr<LifetimeSummary> LifetimeSummaryFromFeatures(const FeatureTable& features);

// The BG/BB summary of every customer who bought on or before
// options.as_of, counted in whole periods of options.btyd_period_days after
// the first purchase day: opportunity j covers the days (first + (j-1) P,
// first + j P], T = n = the whole periods up to as_of, x = opportunities with
// a purchase, t_x = the last of them (0 when x = 0). Purchases in the last,
// unfinished period are not counted. Returns follow options.returns.
absl::StatusOr<LifetimeSummary> DiscreteLifetimeSummary(const Dataset& dataset,
                                                        const FeatureOptions& options);

// Distinct (x, t_x, T) patterns, sorted by x, then t_x, then T, each with
// the total weight of its rows (monetary and customer are left empty), and
// the pattern of every input row. Fitting the patterns gives the same
// estimates as fitting the rows (FitCountModel merges equal rows itself, so
// this is for hosts that keep or ship summaries in compressed form).
struct LifetimePatterns {
  LifetimeSummary patterns;
  std::vector<uint32_t> pattern_of_row;
};
absl::StatusOr<LifetimePatterns> CompressPatterns(const LifetimeSummary& summary);

enum class CountModelKind { kBgNbd, kMbgNbd, kParetoNbd, kBgBb };

// "bgnbd", "mbgnbd", "pareto_nbd", "bgbb".
std::string_view CountModelName(CountModelKind kind);
// The kind named so; InvalidArgument listing the names otherwise.
absl::StatusOr<CountModelKind> CountModelKindFromName(std::string_view name);

struct LifetimeFitOptions {
  // L2 penalty as lifetimes' penalizer_coef: penalizer * sum(params^2), on
  // the natural scale, is added to the mean negative log-likelihood per
  // customer. 0 = plain maximum likelihood; >= 0.
  double penalizer = 0;
  int max_iterations = 200;  // per start, 1..100000
  // BFGS stops when every component of the gradient of the mean negative
  // log-likelihood by log(params) is at most this; (0, 1e-2].
  double tolerance = 1e-9;
  bool standard_errors = true;
  int num_threads = 0;  // 0 = all cores
};

struct ParameterEstimate {
  std::string name;
  double value = 0;
  double standard_error = 0;  // NaN when not computed or not available
};

// How a fit went.
struct FitReport {
  std::vector<ParameterEstimate> parameters;
  double log_likelihood = 0;  // unpenalized, at the estimate
  double customers = 0;       // total weight fitted
  int iterations = 0;
  bool converged = true;
  // Not converged, a parameter running off to a boundary, no standard errors.
  std::vector<std::string> warnings;
};

// A count model with its parameters. Cheap to copy; immutable; thread-safe.
class FittedCountModel {
 public:
  CountModelKind kind() const { return kind_; }
  std::string_view name() const { return CountModelName(kind_); }
  const FitReport& report() const { return report_; }
  // The value of the parameter called `name` ("r", "alpha"...), or NaN.
  double parameter(std::string_view name) const;

  // Per row of `summary`: P(alive at T | x, t_x, T), and the expected number
  // of purchases in (T, T + t]. Rows with NaN or inconsistent values give
  // NaN; columns of different lengths are InvalidArgument.
  absl::StatusOr<std::vector<double>> ProbabilityAlive(const LifetimeSummary& summary,
                                                       int num_threads = 0) const;
  absl::StatusOr<std::vector<double>> ExpectedPurchases(const LifetimeSummary& summary,
                                                        double t,
                                                        int num_threads = 0) const;
  // For a customer just acquired: E[X(t)] and P(X(t) = n) (for BG/BB, t is
  // a number of opportunities). InvalidArgument when t is negative or not
  // finite, or n is negative.
  absl::StatusOr<double> ExpectedPurchasesOfNewCustomer(double t) const;
  absl::StatusOr<double> ProbabilityOfPurchases(int n, double t) const;
  // Per row of `summary`: P(X(T, T + t) = n | x, t_x, T), the probability of
  // exactly n purchases in (T, T + t] given the history: a customer alive at
  // T behaves from then on like a new customer with parameters updated by
  // the history (BG/NBD and MBG/NBD: r+x, alpha+T, a, b+x, resp. b+x+1;
  // Pareto/NBD: r+x, alpha+T, s, beta+T; BG/BB: alpha+x, beta+T-x, gamma,
  // delta+T), so P = (1 - P(alive)) [n == 0] + P(alive) P_new(n, t). Rows as
  // ProbabilityAlive; InvalidArgument as the new-customer overload.
  absl::StatusOr<std::vector<double>> ProbabilityOfPurchases(const LifetimeSummary& summary,
                                                             int n, double t,
                                                             int num_threads = 0) const;

  // For the library: the model and its parameters on the natural scale.
  const btyd::CountModel& model() const { return *model_; }
  const std::vector<double>& values() const { return values_; }
  FittedCountModel(CountModelKind kind, std::shared_ptr<const btyd::CountModel> model,
                   FitReport report);

 private:
  CountModelKind kind_;
  std::shared_ptr<const btyd::CountModel> model_;
  FitReport report_;
  std::vector<double> values_;
};

// Fits a count model to the summary (monetary is not used). InvalidArgument
// names the bad row; when no customer made a repeat purchase the model is
// not identified and that is an error too. A fit that did not converge is
// returned with report().converged = false and a warning.
absl::StatusOr<FittedCountModel> FitCountModel(CountModelKind kind,
                                               const LifetimeSummary& summary,
                                               const LifetimeFitOptions& options = {});

// A count model with given parameters (e.g. published ones), in the order
// of its parameter names: BG/NBD and MBG/NBD {r, alpha, a, b}, Pareto/NBD
// {r, alpha, s, beta}, BG/BB {alpha, beta, gamma, delta}.
absl::StatusOr<FittedCountModel> CountModelWithParameters(CountModelKind kind,
                                                          std::vector<double> values);

// The Gamma-Gamma spend model, parameters {p, q, gamma}.
struct SpendModel {
  double p = 0, q = 0, gamma = 0;
  FitReport report;
  // E[spend per purchase | x, mean repeat spend m] = (gamma + m x) p /
  // (p x + q - 1); for x = 0 the population mean p gamma / (q - 1), which
  // exists only for q > 1 (NaN otherwise).
  double ExpectedSpend(double x, double m) const;
};

// Fits Gamma-Gamma to the rows with x > 0 and monetary > 0 (repeat buyers
// whose repeat purchases were all free are left out, with a warning). Needs
// `monetary`.
absl::StatusOr<SpendModel> FitGammaGamma(const LifetimeSummary& summary,
                                         const LifetimeFitOptions& options = {});

// Customer lifetime value the way lifetimes' customer_lifetime_value
// computes it: the horizon is `steps` steps of `periods_per_step` periods
// (default: 12 months of 30.4375 days, with weekly periods), and
//   value = sum_{k=1..steps} spend * (E[Y(k h)] - E[Y((k-1) h)]) / (1 + d)^k,
// with h = periods_per_step, d = discount_rate per step, E[Y(t)] the count
// model's expected purchases in (T, T + t] and spend its Gamma-Gamma
// expected spend. Each step's purchases are discounted at the step's end.
struct ClvOptions {
  int steps = 12;                             // 1..10000
  // A calendar month (365.25 / 12 = 30.4375 days) in weekly periods,
  // 4.348; lifetimes' default freq_multiplier is 4.345 weeks, so with its
  // defaults our 12 steps span 0.07% more time (a whole year rather than
  // 52.14 weeks). Set 4.345 to reproduce lifetimes exactly.
  double periods_per_step = 30.4375 / 7.0;    // > 0
  double discount_rate = 0.01;                // per step, in [0, 10]
  int num_threads = 0;
};

struct CustomerValues {
  std::vector<double> p_alive;             // at T
  std::vector<double> expected_purchases;  // over the whole horizon
  std::vector<double> expected_spend;      // per purchase
  std::vector<double> value;               // discounted
};

absl::StatusOr<CustomerValues> CustomerLifetimeValue(const FittedCountModel& count,
                                                     const SpendModel& spend,
                                                     const LifetimeSummary& summary,
                                                     const ClvOptions& options = {});

// The strategies. "bgnbd", "mbgnbd", "pareto_nbd" and "bgbb" fit their model
// to every customer who bought and write <name>.p_alive and
// <name>.expected_purchases (NaN for customers who never bought). Text
// parameters:
//  horizon=X     periods (bgbb: whole periods, i.e. opportunities) for
//                expected_purchases, in [0, 1e6] (default: a year, 365.25 /
//                btyd_period_days)
//  penalizer=X   in [0, 100] (default 0)
// bgbb's opportunities are whole periods of btyd_period_days after each
// customer's first purchase (DiscreteLifetimeSummary).
// "clv" fits a count model and Gamma-Gamma and writes clv.expected_purchases,
// clv.expected_spend and clv.value; parameters:
//  model=bgnbd|mbgnbd|pareto_nbd (default bgnbd)
//  months=N      horizon in months of 30.4375 days, 1..1200 (default 12)
//  discount_rate=X  per month, [0, 10] (default 0.01, as lifetimes)
//  penalizer=X   in [0, 100] (default 0), for both fits
// Warnings of the fits go to the run's warnings; data that cannot identify a
// model make Score fail with the fitter's message.
absl::StatusOr<std::unique_ptr<Strategy>> MakeCountModelStrategy(CountModelKind kind,
                                                                 const StrategyParams& params);
absl::StatusOr<std::unique_ptr<Strategy>> MakeClvStrategy(const StrategyParams& params);
// "gamma_gamma" fits the spend model and writes gamma_gamma.expected_spend,
// SpendModel::ExpectedSpend per customer who bought (NaN for the others);
// parameter penalizer=X in [0, 100] (default 0).
absl::StatusOr<std::unique_ptr<Strategy>> MakeGammaGammaStrategy(const StrategyParams& params);

}  // namespace tessera

#endif  // TESSERA_LIFETIME_H_
