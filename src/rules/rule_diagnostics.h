// Messages that point into rule text: "file:line:col: error: what", then the
// source line and a caret under the offending text.
#ifndef TESSERA_RULES_RULE_DIAGNOSTICS_H_
#define TESSERA_RULES_RULE_DIAGNOSTICS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "rules/rule_ast.h"

namespace tessera {
namespace rules_internal {

// "rules.txt:3:22: error: <message>\n  <source line>\n  <spaces>^~~~"
// The caret run covers `span` (at least one caret, clipped to the line).
// `severity` is "error" or "warning".
std::string FormatDiagnostic(const RuleFileAst& file, const SourceSpan& span,
                             std::string_view severity,
                             std::string_view message);

// InvalidArgument carrying FormatDiagnostic(file, span, "error", message).
absl::Status RuleError(const RuleFileAst& file, const SourceSpan& span,
                       std::string_view message);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_DIAGNOSTICS_H_
