// FittedCountModel::ProbabilityOfPurchases(summary, n, t): the distribution
// of a customer's purchases in (T, T + t] given the history, for every count
// model at published parameters. Its checks do not rest on the formula
// itself: the PMF must sum to 1, its mean must equal the models' separate
// closed forms for E[X(T, T + t) | history], a customer who may be dead must
// put at least P(dead) on n = 0, and a customer with no history at all must
// get the new-customer distribution.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/lifetime.h"

namespace tessera {
namespace {

struct Case {
  CountModelKind kind;
  std::vector<double> params;
  double horizon;
  int max_count;  // N: the PMF is summed over 0..N
  LifetimeSummary histories;
};

LifetimeSummary Histories(std::vector<double> x, std::vector<double> t_x,
                          std::vector<double> T) {
  LifetimeSummary s;
  s.x = std::move(x);
  s.t_x = std::move(t_x);
  s.T = std::move(T);
  return s;
}

// CDNOW parameters from Fader, Hardie & Lee (2005), "Counting Your Customers
// the Easy Way", Marketing Science 24(2) (BG/NBD and Pareto/NBD); BG/BB on
// the donations data from Fader, Hardie & Shang (2010), Marketing Science
// 29(6). MBG/NBD has no published CDNOW figure here, so it runs at the BG/NBD
// values: the checks are identities that hold at any parameters.
std::vector<Case> Cases() {
  // In weeks, CDNOW's 39-week holdout: no purchase; Fader, Hardie & Lee's
  // example customer (x = 2, t_x = 30.43, T = 38.86); a frequent buyer seen
  // recently; one repeat purchase long ago.
  const LifetimeSummary weekly =
      Histories({0, 2, 10, 1}, {0, 30.43, 38.5, 1.5}, {38.86, 38.86, 38.86, 38.86});
  // Six yearly opportunities: never, every year, three times ending in year
  // 4, once in year 1.
  const LifetimeSummary yearly = Histories({0, 6, 3, 1}, {0, 6, 4, 1}, {6, 6, 6, 6});
  return {
      {CountModelKind::kBgNbd, {0.243, 4.414, 0.793, 2.426}, 39.0, 600, weekly},
      {CountModelKind::kMbgNbd, {0.243, 4.414, 0.793, 2.426}, 39.0, 600, weekly},
      {CountModelKind::kParetoNbd, {0.553, 10.578, 0.606, 11.669}, 39.0, 600, weekly},
      // At most one transaction per opportunity: 5 opportunities, N = 5 is
      // the whole support.
      {CountModelKind::kBgBb, {1.204, 0.750, 0.657, 2.783}, 5.0, 5, yearly},
  };
}

TEST(LifetimePmfTest, SumsToOneHasTheConditionalMeanAndCoversTheDead) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(std::string(CountModelName(c.kind)));
    absl::StatusOr<FittedCountModel> model = CountModelWithParameters(c.kind, c.params);
    ASSERT_TRUE(model.ok()) << model.status();
    absl::StatusOr<std::vector<double>> alive = model->ProbabilityAlive(c.histories, 1);
    absl::StatusOr<std::vector<double>> mean =
        model->ExpectedPurchases(c.histories, c.horizon, 1);
    ASSERT_TRUE(alive.ok() && mean.ok());
    const size_t rows = c.histories.size();
    std::vector<double> total(rows, 0.0), first_moment(rows, 0.0);
    for (int n = 0; n <= c.max_count; ++n) {
      absl::StatusOr<std::vector<double>> p =
          model->ProbabilityOfPurchases(c.histories, n, c.horizon, 1);
      ASSERT_TRUE(p.ok()) << p.status();
      ASSERT_EQ(p->size(), rows);
      for (size_t i = 0; i < rows; ++i) {
        ASSERT_GE((*p)[i], 0.0) << "row " << i << " n " << n;
        total[i] += (*p)[i];
        first_moment[i] += n * (*p)[i];
        if (n == 0) {
          EXPECT_GE((*p)[i], 1.0 - (*alive)[i] - 1e-15) << "row " << i;
        }
      }
    }
    for (size_t i = 0; i < rows; ++i) {
      EXPECT_NEAR(total[i], 1.0, 1e-8) << "row " << i;
      EXPECT_NEAR(first_moment[i], (*mean)[i], 1e-6 * (*mean)[i]) << "row " << i;
      EXPECT_GT((*mean)[i], 0.0) << "row " << i;
    }
  }
}

// x = t_x = T = 0 is a customer just acquired (for MBG/NBD and BG/BB that
// includes not yet having survived anything), so the conditional PMF must
// be the new-customer one, which each model computes its own way.
TEST(LifetimePmfTest, NoHistoryIsANewCustomer) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(std::string(CountModelName(c.kind)));
    absl::StatusOr<FittedCountModel> model = CountModelWithParameters(c.kind, c.params);
    ASSERT_TRUE(model.ok());
    const LifetimeSummary fresh = Histories({0}, {0}, {0});
    for (int n = 0; n <= 6; ++n) {
      absl::StatusOr<double> expected = model->ProbabilityOfPurchases(n, c.horizon);
      absl::StatusOr<std::vector<double>> got =
          model->ProbabilityOfPurchases(fresh, n, c.horizon);
      ASSERT_TRUE(expected.ok() && got.ok());
      EXPECT_NEAR((*got)[0], *expected, 1e-12 + 1e-10 * *expected) << "n " << n;
    }
  }
}

TEST(LifetimePmfTest, SameForAnyThreadCount) {
  absl::StatusOr<FittedCountModel> model =
      CountModelWithParameters(CountModelKind::kParetoNbd, {0.553, 10.578, 0.606, 11.669});
  ASSERT_TRUE(model.ok());
  LifetimeSummary many;
  for (int i = 0; i < 20000; ++i) {
    const double T = 20.0 + (i % 37);
    many.x.push_back(i % 9);
    many.t_x.push_back(i % 9 == 0 ? 0.0 : T * ((i % 11) + 1) / 12.0);
    many.T.push_back(T);
  }
  absl::StatusOr<std::vector<double>> one = model->ProbabilityOfPurchases(many, 2, 26.0, 1);
  absl::StatusOr<std::vector<double>> four = model->ProbabilityOfPurchases(many, 2, 26.0, 4);
  ASSERT_TRUE(one.ok() && four.ok());
  EXPECT_EQ(*one, *four);
}

TEST(LifetimePmfTest, BadArgumentsAreErrorsAndBadRowsNaN) {
  absl::StatusOr<FittedCountModel> model =
      CountModelWithParameters(CountModelKind::kBgNbd, {0.243, 4.414, 0.793, 2.426});
  ASSERT_TRUE(model.ok());
  const LifetimeSummary good = Histories({2}, {30.43}, {38.86});
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (double t : {-1.0, inf, nan}) {
    EXPECT_EQ(model->ProbabilityOfPurchases(good, 0, t).status().code(),
              absl::StatusCode::kInvalidArgument)
        << t;
  }
  EXPECT_EQ(model->ProbabilityOfPurchases(good, -1, 10.0).status().code(),
            absl::StatusCode::kInvalidArgument);
  LifetimeSummary ragged = good;
  ragged.T.push_back(40);
  EXPECT_EQ(model->ProbabilityOfPurchases(ragged, 0, 10.0).status().code(),
            absl::StatusCode::kInvalidArgument);
  // t_x after T, a NaN, a fractional count: NaN for that row only.
  const LifetimeSummary bad = Histories({2, nan, 1.5, 2}, {40, 1, 1, 30.43}, {38.86, 5, 5, 38.86});
  absl::StatusOr<std::vector<double>> p = model->ProbabilityOfPurchases(bad, 1, 10.0);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(std::isnan((*p)[0]));
  EXPECT_TRUE(std::isnan((*p)[1]));
  EXPECT_TRUE(std::isnan((*p)[2]));
  EXPECT_TRUE(std::isfinite((*p)[3]) && (*p)[3] > 0);
}

}  // namespace
}  // namespace tessera
