// Splits rule text into tokens, one at a time, so that a huge input costs
// no more memory than the part the parser has read.
#ifndef TESSERA_RULES_RULE_LEXER_H_
#define TESSERA_RULES_RULE_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "rules/rule_ast.h"

namespace tessera {
namespace rules_internal {

enum class TokenKind {
  kWord,        // IDENT { '.' IDENT }: a keyword or a name
  kQuotedName,  // `any text`
  kNumber,
  kString,
  kSymbol,  // ( ) , = == != <> < <= > >=
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view raw;  // as written; empty for kEnd
  std::string value;     // kString and kQuotedName: the text inside, unescaped
  double number = 0;     // kNumber
  // kEnd: zero length, one past the last character that is not white space.
  SourceSpan span;
};

// True when `token` is the keyword `keyword` (given in lower case), written
// in any case.
bool IsKeyword(const Token& token, std::string_view keyword);
// True for a word that is any of the language's keywords.
bool IsAnyKeyword(const Token& token);
bool IsSymbol(const Token& token, std::string_view symbol);

// Appends the token as the canonical text of a rule set holds it: keywords
// in lower case, strings in double quotes with \" and \\ escaped, everything
// else as written.
void AppendCanonical(const Token& token, std::string& out);

// How a message names a token it found: 'whn', "VIP", end of input. Long
// tokens are shortened.
std::string DescribeToken(const Token& token);

class RuleLexer {
 public:
  // `file.text` must be valid UTF-8 and outlive the lexer; a byte order mark
  // at its start is skipped. Errors point into `file`.
  explicit RuleLexer(const RuleFileAst& file);

  // Reads the next token into `token`; after the last one, kEnd for ever.
  absl::Status Next(Token& token);

 private:
  void Advance(size_t bytes);
  void SkipSpaceAndComments();
  SourceSpan Here() const;
  // The span of bytes [offset, offset + length) on the line of `start`.
  SourceSpan SpanOnLine(const SourceSpan& start, size_t offset, size_t length) const;
  absl::Status Error(const SourceSpan& span, std::string_view message) const;

  absl::Status LexWord(Token& token);
  absl::Status LexNumber(Token& token);
  absl::Status LexString(Token& token);
  absl::Status LexQuotedName(Token& token);
  absl::Status LexSymbol(Token& token);

  const RuleFileAst& file_;
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  SourceSpan visible_end_;
};

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_LEXER_H_
