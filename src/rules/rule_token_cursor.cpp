#include "rules/rule_token_cursor.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "rules/rule_diagnostics.h"

namespace tessera {
namespace rules_internal {

absl::Status TokenCursor::Advance() {
  if (canonical_ != nullptr) {
    // Spaced as people write it: "in (\"a\", \"b\")", so that rule texts in
    // explanations read like the file.
    const bool glued = !canonical_->empty() && (canonical_->back() == '(' ||
                                                IsSymbol(token_, ")") || IsSymbol(token_, ","));
    if (!canonical_->empty() && !glued) *canonical_ += ' ';
    AppendCanonical(token_, *canonical_);
  }
  previous_ = std::move(token_);
  return lexer_.Next(token_);
}

SourceSpan TokenCursor::SpanFrom(const SourceSpan& start) const {
  SourceSpan span = start;
  span.length = previous_.span.offset + previous_.span.length - start.offset;
  return span;
}

std::string_view TokenCursor::SourceText(const SourceSpan& span) const {
  return std::string_view(file_.text).substr(span.offset, span.length);
}

absl::Status TokenCursor::Error(const SourceSpan& span, std::string_view message) const {
  return RuleError(file_, span, message);
}

absl::Status TokenCursor::Expected(std::string_view what) const {
  return Error(token_.span,
               absl::StrCat("expected ", internal::ToAbsl(what), ", got ", DescribeToken(token_)));
}

absl::Status TokenCursor::LimitError(std::string_view what, const SourceSpan& at) const {
  return absl::InvalidArgumentError(absl::StrCat(file_.source_name, ": ", internal::ToAbsl(what),
                                                 " at line ", at.line, ", column ", at.column));
}

}  // namespace rules_internal
}  // namespace tessera
