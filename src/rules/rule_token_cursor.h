// The rule parsers' view of the token stream: the token they are looking
// at, the one they consumed last, and messages that point at either. Each
// consumed token also joins the canonical text of the rule set being read,
// so that the parsers cannot forget a token of the set's fingerprint.
#ifndef TESSERA_RULES_RULE_TOKEN_CURSOR_H_
#define TESSERA_RULES_RULE_TOKEN_CURSOR_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "rules/rule_ast.h"
#include "rules/rule_lexer.h"

// The parsers check a status after nearly every token; this returns it from
// the enclosing function when it is not OK.
#define TESSERA_RULES_TRY(expression)          \
  do {                                         \
    absl::Status try_status_ = (expression);   \
    if (!try_status_.ok()) return try_status_; \
  } while (false)

namespace tessera {
namespace rules_internal {

class TokenCursor {
 public:
  // `file.text` must be valid UTF-8 and outlive the cursor; messages name
  // `file.source_name` and quote lines of `file.text`.
  explicit TokenCursor(const RuleFileAst& file) : file_(file), lexer_(file) {}

  // Lexes the first token; call it once, before anything else.
  absl::Status Start() { return lexer_.Next(token_); }

  // The next token, not yet consumed.
  const Token& token() const { return token_; }
  // The last token consumed, for "after ..." in messages.
  const Token& previous() const { return previous_; }
  const RuleFileAst& file() const { return file_; }

  // Tokens consumed from now on are appended to `*canonical`, which must
  // outlive their consumption or be replaced first.
  void CollectCanonicalText(std::string* canonical) { canonical_ = canonical; }

  // Consumes the current token and lexes the next one.
  absl::Status Advance();

  // From `start` to the end of the last token consumed.
  SourceSpan SpanFrom(const SourceSpan& start) const;
  std::string_view SourceText(const SourceSpan& span) const;

  // InvalidArgument with the line of `span` quoted and marked.
  absl::Status Error(const SourceSpan& span, std::string_view message) const;
  // "expected <what>, got <the current token>", at the current token.
  absl::Status Expected(std::string_view what) const;
  // "<source>: <what> at line L, column C": no excerpt, since the line that
  // broke a limit may be a megabyte long.
  absl::Status LimitError(std::string_view what, const SourceSpan& at) const;

 private:
  const RuleFileAst& file_;
  RuleLexer lexer_;
  Token token_;
  Token previous_;
  std::string* canonical_ = nullptr;
};

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_TOKEN_CURSOR_H_
