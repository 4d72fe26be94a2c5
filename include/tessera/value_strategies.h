// Strategies that grade customers by value, and one that hands the host's own
// customer attributes to later strategies and rules:
//
//  * "abc": ABC (Pareto) classes on one value, monetary by default.
//  * "value_tier": a weighted score of percentile ranks, cut into levels.
//  * "attributes": host categorical attributes as score columns.
//
// A value is read by name from the features (tessera::feature) or, failing
// that, from a numeric score column of a strategy that ran earlier in the
// same run ("rfm.score"); a name that is neither fails at scoring time with
// a message listing both. All three give identical results for any thread
// count.
#ifndef TESSERA_VALUE_STRATEGIES_H_
#define TESSERA_VALUE_STRATEGIES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/strategy.h"

namespace tessera {

// ABC classes. Only positive values make up the total. The customers with a
// positive value are taken from the largest value down; customers with equal
// values form one group, and a group goes whole to the class where it starts:
// with S = the share of the total held by customers with a strictly larger
// value, the group is A when S < a, else B when S < b, else C. So A is the
// smallest set of top customers that holds at least a of the total (plus the
// rest of a tie group that crosses the line), and the top customer is A even
// when it alone holds more than a.
//
// Customers with a value of zero or below (prospects have monetary 0,
// customers whose returns exceed their purchases less) are C. Customers
// without a value (NaN) get no class (code -1, which output and
// SummarizeSegments show as unknown) and a warning counts them.
struct AbcOptions {
  // A feature or an earlier numeric score column.
  std::string feature = "monetary";
  // Cumulative shares: 0 < a < b <= 1.
  double a = 0.8;
  double b = 0.95;
};

// Reads the "abc" strategy's text parameters:
//  feature=NAME   the value to rank by (default monetary)
//  a=X, b=Y       cumulative shares, 0 < a < b <= 1 (defaults 0.8, 0.95)
absl::StatusOr<AbcOptions> AbcOptionsFromParams(const StrategyParams& params);

// The strategy registered as "abc". Validates `options` first. Outputs
//  abc.class             categorical, labels A, B, C
//  abc.share             max(value, 0) / total, in [0, 1]; NaN without a value
//  abc.cumulative_share  the share of the total held by customers whose
//                        value is at least this one's (the same for a whole
//                        tie group; 1 for values <= 0); NaN without a value
// When no customer has a positive value, everyone with a value is C with
// share 0 and cumulative share 1, and a warning says so.
absl::StatusOr<std::unique_ptr<Strategy>> MakeAbcStrategy(AbcOptions options);

// One input of the value tier score.
struct ValueTierFeature {
  std::string name;  // a feature or an earlier numeric score column
  double weight = 1;  // >= 0; the weights are divided by their sum
  bool lower_is_better = false;  // e.g. recency_days
};

// Value tiers. Each feature becomes a percentile rank in [0, 1] so that units
// do not matter: among the m customers with a value, the average rank r
// (1 = smallest, ties share the mean of their ranks) gives (r - 1) / (m - 1),
// or 0.5 when m = 1; lower_is_better takes 1 minus that. A customer without a
// value (NaN, e.g. the recency of a prospect) ranks 0 in that feature, and a
// warning counts such customers. The score is the weighted mean of the ranks.
//
// Levels, from lowest to highest, come either from score cut-offs (a score
// equal to a cut goes to the upper level) or from population shares, by the
// ABC rule on head counts: with Q = the number of customers with a strictly
// higher score, a customer is in the top level when Q < T1, else in the next
// when Q < T2, and so on, where Tk = the top k levels' shares times the
// customer count, rounded up. Without ties the top level thus holds T1
// customers (at least the best one); equal scores always share a level, the
// level where their group starts. A level that ends up empty is named in a
// warning.
struct ValueTierOptions {
  std::vector<ValueTierFeature> features = {
      {"monetary", 1, false}, {"frequency", 1, false}, {"recency_days", 1, true}};
  // Level names, lowest first: 2 to 10 distinct, non-empty names.
  std::vector<std::string> levels = {"low", "medium", "high"};
  // Either levels - 1 cuts, strictly increasing in (0, 1], or one share per
  // level (lowest level first), each > 0, summing to 1. Neither: equal
  // shares. Not both.
  std::vector<double> cuts;
  std::vector<double> shares;
};

// Reads the "value_tier" strategy's text parameters (lists separated by ';'):
//  features=A;B;C        default monetary;frequency;recency_days
//  weights=0.5;0.3;0.2   one per feature, >= 0, not all 0 (default all 1)
//  lower_is_better=B     names from `features`; default recency_days when
//                        it is listed, else none; empty for none
//  levels=low;medium;high
//  cuts=0.5;0.8          or shares=0.5;0.3;0.2 (lowest level first)
absl::StatusOr<ValueTierOptions> ValueTierOptionsFromParams(const StrategyParams& params);

// The strategy registered as "value_tier". Validates `options` first. Outputs
// value_tier.score (numeric, in [0, 1]) and value_tier.level (categorical,
// labels `levels`, lowest first).
absl::StatusOr<std::unique_ptr<Strategy>> MakeValueTierStrategy(ValueTierOptions options);

// Host categorical attributes (Dataset::attributes.categorical: customer type,
// region, ...) copied into the scores as "attr.<name>", with the attribute's
// labels in their order and its unknown values kept unknown (code -1), so
// that later strategies and rules can combine them with scores.
struct AttributesOptions {
  // Attribute names, each at most once; empty = every categorical attribute,
  // in the customer table's order. A name the dataset does not have fails at
  // scoring time with a message listing the attributes there are.
  std::vector<std::string> names;
};

// Reads the "attributes" strategy's text parameters:
//  names=type;region   default: all categorical attributes
absl::StatusOr<AttributesOptions> AttributesOptionsFromParams(const StrategyParams& params);

// The strategy registered as "attributes". Validates `options` first.
absl::StatusOr<std::unique_ptr<Strategy>> MakeAttributesStrategy(AttributesOptions options);

}  // namespace tessera

#endif  // TESSERA_VALUE_STRATEGIES_H_
