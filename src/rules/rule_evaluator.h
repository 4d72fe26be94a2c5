// Evaluates a compiled rule set over every customer: blocks of 4096
// customers in parallel, each rule computing a 64-bit "true" mask per 64
// customers, and only over customers no earlier rule has taken.
#ifndef TESSERA_RULES_RULE_EVALUATOR_H_
#define TESSERA_RULES_RULE_EVALUATOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "rules/rule_program.h"

namespace tessera {
namespace rules_internal {

struct RuleSetOutput {
  std::vector<int32_t> tier_of_rule;  // per rule: the tier code it assigns
  int32_t unassigned_tier = -1;       // the code of customers no rule takes
  int32_t* tier = nullptr;            // per customer
  double* rule = nullptr;             // per customer: 1-based rule, 0 for none
};

// Fills `out` for customers [0, customer_count) and returns how many matched
// no rule. The result does not depend on `num_threads`.
size_t EvaluateRuleSet(const RuleSetProgram& program, size_t customer_count, int num_threads,
                       const RuleSetOutput& out);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_EVALUATOR_H_
