#include "rules/rule_lexer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl_compat.h"
#include "rules/rule_diagnostics.h"

namespace tessera {
namespace rules_internal {

namespace {

constexpr std::string_view kKeywords[] = {
    "ruleset", "tier", "when",    "otherwise", "and",   "or",     "not",     "in",
    "between", "is",   "missing", "demote",    "after", "period", "periods",
};
constexpr std::string_view kTwoCharSymbols[] = {"==", "!=", "<>", "<=", ">="};
constexpr std::string_view kOneCharSymbols = "(),=<>";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// DescribeToken keeps messages readable when the token is a whole line.
constexpr size_t kMaxDescribedCodePoints = 40;

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return IsAsciiLetter(c) || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (ToLower(text[i]) != lower[i]) return false;
  }
  return true;
}

size_t CodePointLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  return 4;
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += IsContinuationByte(c) ? 0 : 1;
  return count;
}

std::string Shortened(std::string_view text) {
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (++points > kMaxDescribedCodePoints)
      return absl::StrCat(internal::ToAbsl(text.substr(0, i)), "...");
  }
  return std::string(text);
}

}  // namespace

bool IsKeyword(const Token& token, std::string_view keyword) {
  return token.kind == TokenKind::kWord && EqualsIgnoreCase(token.raw, keyword);
}

bool IsAnyKeyword(const Token& token) {
  for (std::string_view keyword : kKeywords) {
    if (IsKeyword(token, keyword)) return true;
  }
  return false;
}

bool IsSymbol(const Token& token, std::string_view symbol) {
  return token.kind == TokenKind::kSymbol && token.raw == symbol;
}

void AppendCanonical(const Token& token, std::string& out) {
  if (token.kind == TokenKind::kString) {
    out += '"';
    for (char c : token.value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  } else if (IsAnyKeyword(token)) {
    for (char c : token.raw) out += ToLower(c);
  } else {
    out += token.raw;
  }
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kString:
      return Shortened(token.raw);
    default:
      return absl::StrCat("'", Shortened(token.raw), "'");
  }
}

RuleLexer::RuleLexer(const RuleFileAst& file) : file_(file), text_(file.text) {
  if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) pos_ = kByteOrderMark.size();
  visible_end_ = Here();
}

void RuleLexer::Advance(size_t bytes) {
  for (size_t end = pos_ + bytes; pos_ < end; ++pos_) {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if (!IsContinuationByte(text_[pos_])) {
      ++column_;
    }
  }
}

SourceSpan RuleLexer::Here() const {
  SourceSpan span;
  span.offset = static_cast<uint32_t>(pos_);
  span.line = line_;
  span.column = column_;
  return span;
}

SourceSpan RuleLexer::SpanOnLine(const SourceSpan& start, size_t offset, size_t length) const {
  SourceSpan span = start;
  span.column +=
      static_cast<int>(CountCodePoints(text_.substr(start.offset, offset - start.offset)));
  span.offset = static_cast<uint32_t>(offset);
  span.length = static_cast<uint32_t>(length);
  return span;
}

absl::Status RuleLexer::Error(const SourceSpan& span, std::string_view message) const {
  return RuleError(file_, span, message);
}

void RuleLexer::SkipSpaceAndComments() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      Advance(1);
    } else if (c == '#') {
      size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      while (end > pos_ &&
             (text_[end - 1] == '\r' || text_[end - 1] == ' ' || text_[end - 1] == '\t')) {
        --end;
      }
      Advance(end - pos_);
      visible_end_ = Here();
    } else {
      return;
    }
  }
}

absl::Status RuleLexer::Next(Token& token) {
  SkipSpaceAndComments();
  token = Token();
  if (pos_ >= text_.size()) {
    token.span = visible_end_;
    return absl::OkStatus();
  }
  token.span = Here();
  const char c = text_[pos_];
  const bool negative_number = c == '-' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]);
  absl::Status status;
  if (IsIdentStart(c)) {
    status = LexWord(token);
  } else if (IsDigit(c) || negative_number) {
    status = LexNumber(token);
  } else if (c == '"' || c == '\'') {
    status = LexString(token);
  } else if (c == '`') {
    status = LexQuotedName(token);
  } else {
    status = LexSymbol(token);
  }
  if (!status.ok()) return status;
  token.raw = text_.substr(token.span.offset, pos_ - token.span.offset);
  token.span.length = static_cast<uint32_t>(token.raw.size());
  visible_end_ = Here();
  return absl::OkStatus();
}

absl::Status RuleLexer::LexWord(Token& token) {
  token.kind = TokenKind::kWord;
  size_t end = pos_;
  while (true) {
    while (end < text_.size() && IsIdentChar(text_[end])) ++end;
    if (end >= text_.size() || text_[end] != '.') break;
    if (end + 1 >= text_.size() || !IsIdentStart(text_[end + 1])) {
      return Error(SpanOnLine(token.span, pos_, end + 1 - pos_),
                   absl::StrCat("expected a name part after '.' in '",
                                Shortened(text_.substr(pos_, end + 1 - pos_)), "'"));
    }
    ++end;
  }
  Advance(end - pos_);
  return absl::OkStatus();
}

absl::Status RuleLexer::LexNumber(Token& token) {
  token.kind = TokenKind::kNumber;
  auto skip_digits = [&](size_t at) {
    while (at < text_.size() && IsDigit(text_[at])) ++at;
    return at;
  };
  size_t end = skip_digits(text_[pos_] == '-' ? pos_ + 1 : pos_);
  if (end + 1 < text_.size() && text_[end] == '.' && IsDigit(text_[end + 1])) {
    end = skip_digits(end + 1);
  }
  if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
    size_t digits = end + 1;
    if (digits < text_.size() && (text_[digits] == '+' || text_[digits] == '-')) ++digits;
    if (digits < text_.size() && IsDigit(text_[digits])) end = skip_digits(digits);
  }
  if (end < text_.size() && (IsIdentChar(text_[end]) || text_[end] == '.')) {
    while (end < text_.size() && (IsIdentChar(text_[end]) || text_[end] == '.')) ++end;
    return Error(
        SpanOnLine(token.span, pos_, end - pos_),
        absl::StrCat("malformed number '", Shortened(text_.substr(pos_, end - pos_)), "'"));
  }
  const char* first = text_.data() + pos_;
  const char* last = text_.data() + end;
  const std::from_chars_result result = std::from_chars(first, last, token.number);
  if (result.ec != std::errc() || result.ptr != last || !std::isfinite(token.number)) {
    return Error(
        SpanOnLine(token.span, pos_, end - pos_),
        absl::StrCat("number '", Shortened(text_.substr(pos_, end - pos_)), "' is out of range"));
  }
  Advance(end - pos_);
  return absl::OkStatus();
}

absl::Status RuleLexer::LexString(Token& token) {
  token.kind = TokenKind::kString;
  const char quote = text_[pos_];
  size_t at = pos_ + 1;
  while (true) {
    if (at >= text_.size() || text_[at] == '\n' || text_[at] == '\r') {
      return Error(SpanOnLine(token.span, pos_, at - pos_), "unterminated string");
    }
    const char c = text_[at];
    if (c == quote) break;
    if (c == '\\') {
      const char escaped = at + 1 < text_.size() ? text_[at + 1] : '\n';
      if (escaped == '\n' || escaped == '\r') {
        return Error(SpanOnLine(token.span, pos_, at + 1 - pos_), "unterminated string");
      }
      if (escaped != '"' && escaped != '\'' && escaped != '\\') {
        const size_t length = 1 + CodePointLength(static_cast<unsigned char>(escaped));
        return Error(SpanOnLine(token.span, at, length),
                     absl::StrCat("unknown escape '", internal::ToAbsl(text_.substr(at, length)),
                                  "' in a string; only \\\", \\' and \\\\ are escapes"));
      }
      token.value += escaped;
      at += 2;
      continue;
    }
    token.value += c;
    ++at;
  }
  Advance(at + 1 - pos_);
  return absl::OkStatus();
}

absl::Status RuleLexer::LexQuotedName(Token& token) {
  token.kind = TokenKind::kQuotedName;
  const size_t end = text_.find_first_of("`\r\n", pos_ + 1);
  if (end == std::string_view::npos || text_[end] != '`') {
    const size_t stop = end == std::string_view::npos ? text_.size() : end;
    return Error(SpanOnLine(token.span, pos_, stop - pos_),
                 "unterminated name: expected '`' before the end of the line");
  }
  if (end == pos_ + 1) return Error(SpanOnLine(token.span, pos_, 2), "empty name in backticks");
  token.value = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
  Advance(end + 1 - pos_);
  return absl::OkStatus();
}

absl::Status RuleLexer::LexSymbol(Token& token) {
  token.kind = TokenKind::kSymbol;
  for (std::string_view symbol : kTwoCharSymbols) {
    if (text_.substr(pos_, 2) == symbol) {
      Advance(2);
      return absl::OkStatus();
    }
  }
  if (kOneCharSymbols.find(text_[pos_]) != std::string_view::npos) {
    Advance(1);
    return absl::OkStatus();
  }
  const unsigned char lead = static_cast<unsigned char>(text_[pos_]);
  const size_t length = std::min(CodePointLength(lead), text_.size() - pos_);
  const std::string_view character = text_.substr(pos_, length);
  std::string message =
      lead < 0x20 || lead == 0x7F
          ? absl::StrFormat("unexpected character U+%04X", static_cast<unsigned>(lead))
          : absl::StrCat("unexpected character '", internal::ToAbsl(character), "'");
  // Word processors turn quotes into typographic ones.
  if (character == "\u201C" || character == "\u201D" || character == "\u2018" ||
      character == "\u2019") {
    absl::StrAppend(&message, "; use straight quotes \" or '");
  }
  return Error(SpanOnLine(token.span, pos_, length), message);
}

}  // namespace rules_internal
}  // namespace tessera
