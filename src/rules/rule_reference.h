// The rules evaluated the plain way: one customer at a time, recursively on
// the bound tree, in three-valued logic. ExplainTier uses it to show its
// working, and tests hold the compiled evaluation against it.
#ifndef TESSERA_RULES_RULE_REFERENCE_H_
#define TESSERA_RULES_RULE_REFERENCE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "rules/rule_binder.h"
#include "rules/rule_program.h"

namespace tessera {
namespace rules_internal {

enum class Truth { kFalse, kTrue, kUnknown };

Truth EvaluateReference(const BoundExpr& expr, const std::vector<ColumnData>& data,
                        size_t customer);

// The index of the first rule of `set` whose condition is true for
// `customer`, or -1 when none is.
int FirstMatchingRule(const BoundRuleSet& set, const std::vector<ColumnData>& data,
                      size_t customer);

// A column's value for one customer as a person reads it: a number to twelve
// significant digits, a label in quotes, or `missing`.
std::string FormatValue(const BoundColumn& column, const ColumnData& data, size_t customer);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_REFERENCE_H_
