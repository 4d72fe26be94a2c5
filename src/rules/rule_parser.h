// Turns rule text into the syntax tree (rule_ast.h); the grammar is in
// include/tessera/rules.h and in rule_parser.cpp.
#ifndef TESSERA_RULES_RULE_PARSER_H_
#define TESSERA_RULES_RULE_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/rule_ast.h"
#include "tessera/rules.h"

namespace tessera {
namespace rules_internal {

// The parser recurses once per '(' and per `not`; it follows at most this
// many levels whatever RuleLimits::max_nesting_depth says, so that it stays
// well inside the stack of any thread.
inline constexpr int kMaxSupportedNestingDepth = 1000;

struct ParsedRuleFile {
  RuleFileAst ast;
  // rule_texts[s][r]: rule r of set s as its tokens in canonical form, the
  // span of RuleSetAst::canonical that the rule took.
  std::vector<std::vector<std::string>> rule_texts;
};

// Checks the size limit, then UTF-8, then the grammar and every limit. The
// first error only: InvalidArgument, formatted by rule_diagnostics.h, or for
// a limit "<source>: <limit> at line L, column C" (no excerpt: the line may
// be a megabyte long).
absl::StatusOr<ParsedRuleFile> ParseRuleFile(std::string_view text, std::string_view source_name,
                                             const RuleLimits& limits);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_PARSER_H_
