// Rule-based tier assignment. A rule file holds one or more rule sets; each
// rule set assigns every customer the tier of the first rule that matches:
//
//   # Comments run from '#' to the end of the line.
//   ruleset "service"            # optional when the file holds one set
//   demote after 2 periods       # optional: see "Tiers over time" below
//   tier "VIP"      when monetary >= 50000 and rfm.f >= 4
//   tier "Key"      when abc == "A" or (type == "project" and monetary >= 20000)
//   tier "At risk"  when lifecycle == "at_risk" and value_tier in ("high", "medium")
//   tier "Standard" otherwise
//
// Conditions compare a name with literals: = == != <> < <= > >=, `in (...)`,
// `not in (...)`, `between a and b` (inclusive at both ends), `is missing`,
// `is not missing`, combined with and / or / not and parentheses. A name is a
// feature (monetary), a score column of a strategy that ran before
// (rfm.f, abc.class), or a host attribute (type); a strategy's name alone
// (abc, lifecycle) stands for its one categorical column. When a bare name
// means two things, `feature.<name>`, `score.<name>` and `attr.<name>` say
// which.
//
// A missing value (NaN, an unknown attribute, a prospect's recency) makes a
// comparison unknown rather than false, and unknown propagates as in SQL:
// `not unknown` is unknown, `unknown or true` is true. A rule matches only
// when its condition is true, so `not (recency_days <= 90)` does not match a
// customer who never bought; `recency_days is missing` does.
//
// Tiers over time: with `demote after N periods` (for the set, or at the end
// of one rule for that rule's tier) and the previous period's snapshot, a
// customer who fails the rule of the tier it held is demoted only in the N-th
// consecutive period it fails; until then it keeps the tier. Promotions take
// effect at once. N = 1, the default, demotes at once.
#ifndef TESSERA_RULES_H_
#define TESSERA_RULES_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/scores.h"

namespace tessera {

namespace rules_internal {
struct RuleFileAst;
}  // namespace rules_internal

struct TierSnapshot;

// Bounds on hostile or runaway input; exceeding one is an InvalidArgument
// naming the limit, never a crash.
struct RuleLimits {
  size_t max_text_bytes = size_t{1} << 20;
  int max_rule_sets = 64;
  int max_rules = 10000;        // over the whole file
  int max_nesting_depth = 64;   // parentheses and `not`
  int max_list_items = 10000;   // values in one `in (...)`
};

// A rule set name when the file has no `ruleset` line.
inline constexpr std::string_view kDefaultRuleSetName = "tier";
// The tier of customers no rule matched, in a set without `otherwise`.
inline constexpr std::string_view kUnassignedTier = "unassigned";

// A parsed rule file: syntax checked, names not yet resolved. Cheap to copy.
//
// Parse errors are InvalidArgument with a message a person can act on:
//   rules.txt:3:22: error: expected a comparison after 'monetary', got 'whn'
//     tier "VIP" when monetary whn 5
//                              ^~~
class RuleFile {
 public:
  static absl::StatusOr<RuleFile> Parse(std::string_view text,
                                        std::string_view source_name = "rules",
                                        const RuleLimits& limits = {});

  struct RuleInfo {
    std::string tier;
    int line = 0;             // 1-based line of the rule in the source
    std::string text;         // the rule as written, one line
    bool otherwise = false;
    int demote_after = 1;     // periods of failing before demotion
  };
  struct RuleSetInfo {
    std::string name;
    std::vector<RuleInfo> rules;
    // Distinct tier names in the order of their first rule, then
    // kUnassignedTier when the set has no `otherwise`: the labels of the
    // set's tier column, best tier first.
    std::vector<std::string> tiers;
    // 16 hex digits from the set's tokens, so that comments and spacing do
    // not change it but any change to a rule does.
    std::string fingerprint;
  };
  const std::vector<RuleSetInfo>& sets() const { return sets_; }
  const RuleSetInfo* FindSet(std::string_view name) const;
  std::string_view source_name() const;

  // For the rule engine. A default-constructed RuleFile has no sets.
  const rules_internal::RuleFileAst& ast() const;

 private:
  std::shared_ptr<const rules_internal::RuleFileAst> ast_;
  std::vector<RuleSetInfo> sets_;
};

// Warnings found before any customer is evaluated (a shadowed rule) and
// after (customers left unassigned), in the order found.
struct RuleWarning {
  std::string rule_set;
  int line = 0;  // 0 when the warning is about the whole set
  std::string message;
};

struct RuleOptions {
  int num_threads = 0;  // 0 = all cores
  // This run's as-of date. A previous snapshot must be older: applying a
  // period's own snapshot again would count one failing period twice.
  Day as_of = kNoDay;
  // A rule set's previous snapshot, by set name, for demotion delays; sets
  // without one assign their tiers as evaluated.
  std::map<std::string, const TierSnapshot*, std::less<>> previous;
};

// What the rules can read. `scores` also receives the rule sets' columns.
struct RuleInputs {
  const Dataset& dataset;
  const FeatureTable& features;
};

// Resolves and type-checks every name of every set against `inputs` and the
// columns already in `scores` (an unknown name lists the names that exist and
// suggests the nearest; comparing a label column with a number is an error),
// reports shadowed rules, then evaluates each set in file order so a later
// set can read an earlier set's tier. Appends per set, for every customer:
//   "<set>"        categorical; labels = RuleSetInfo::tiers
//   "<set>.rule"   numeric; 1-based index of the matched rule, 0 for none
// and, when a previous snapshot is given for the set:
//   "<set>.held"   numeric; consecutive periods the customer has failed the
//                  rule of the tier it keeps (0 = it meets its tier's rule)
// A previous snapshot whose rule set fingerprint differs gives a warning: its
// tiers are matched by name. Fails without appending anything when any name
// or type is wrong, or a previous snapshot is not older than options.as_of.
absl::Status ApplyRules(const RuleFile& file, const RuleInputs& inputs,
                        ScoreTable& scores, std::vector<RuleWarning>& warnings,
                        const RuleOptions& options = {});

// Why `customer` has its tier in `set`: the matched rule with the values of
// every name it read, then the earlier rules that did not match with theirs.
// `scores` is the table ApplyRules filled.
//   C-000123: tier "At risk" by rule 3 (line 3)
//     tier "At risk" when lifecycle == "at_risk" and value_tier in ("high", "medium")
//     lifecycle = "at_risk", value_tier = "high"
//   not rule 1 "VIP" (line 1): monetary = 1210.5, rfm.f = 2
//   ...
absl::StatusOr<std::string> ExplainTier(const RuleFile& file,
                                        std::string_view set,
                                        const RuleInputs& inputs,
                                        const ScoreTable& scores,
                                        uint32_t customer);

// The built-in rule files, by name; NotFound lists the names.
//   "rfm_segments": the R package rfm's segment table (REFERENCE.md) as one
//   rule set "rfm_segment" over rfm.r, rfm.f and rfm.m, giving exactly the
//   segments of the rfm strategy's rfm.segment column.
absl::StatusOr<std::string_view> BuiltinRuleFile(std::string_view name);
std::vector<std::string> BuiltinRuleFileNames();

}  // namespace tessera

#endif  // TESSERA_RULES_H_
