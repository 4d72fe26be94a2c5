// Reads the condition after `when`: `expr` in the grammar at the top of
// rule_parser.cpp.
#ifndef TESSERA_RULES_RULE_CONDITION_PARSER_H_
#define TESSERA_RULES_RULE_CONDITION_PARSER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "rules/rule_ast.h"
#include "rules/rule_token_cursor.h"
#include "tessera/rules.h"

namespace tessera {
namespace rules_internal {

// Reads one condition from the cursor's current token and stops at the first
// token that cannot continue it, which the caller then checks. Nesting is
// limited by `limits.max_nesting_depth` and kMaxSupportedNestingDepth, `in`
// lists by `limits.max_list_items`.
absl::StatusOr<std::unique_ptr<Expr>> ParseCondition(TokenCursor& cursor, const RuleLimits& limits);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_CONDITION_PARSER_H_
