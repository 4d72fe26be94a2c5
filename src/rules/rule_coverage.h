// Finds rules that can never match because the rules before them already
// take every customer they would: the "shadowed" rules of a rule set.
#ifndef TESSERA_RULES_RULE_COVERAGE_H_
#define TESSERA_RULES_RULE_COVERAGE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "rules/rule_ast.h"

namespace tessera {
namespace rules_internal {

// What the coverage check needs to know about a name a rule reads.
struct NameDomain {
  // The column the name resolves to ("abc" and "abc.class" give the same
  // key), so that two spellings of one column are one dimension.
  std::string key;
  bool categorical = false;
  // Categorical: every label the column can hold, so that `in` lists that
  // name all of them cover every known value.
  std::vector<std::string> labels;
};

// Returns the domain of a name as written in a rule, or null when unknown
// (the binder reports unknown names; rules reading one are skipped here).
using DomainLookup = std::function<const NameDomain*(const std::string& name)>;

struct ShadowedRule {
  int rule = 0;                  // index into RuleSetAst::rules
  std::vector<int> covered_by;   // earlier rule indices that together cover it
};

// A rule is shadowed when every customer its condition could take (any
// combination of values, missing ones included, under the engine's
// three-valued logic) is taken by an earlier rule. Rules after `otherwise`
// are shadowed by it. The check is exact on the values rules can name; it
// gives up on a rule (reports nothing) when its work would exceed
// `max_boxes` pieces, so it never runs away on hostile input.
std::vector<ShadowedRule> FindShadowedRules(const RuleSetAst& set,
                                            const DomainLookup& domain,
                                            size_t max_boxes = 100000);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_COVERAGE_H_
