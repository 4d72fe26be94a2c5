// Recursive descent over one token of lookahead. Only '(' recurses; `not`
// chains are read in a loop. Both count against the nesting limit before
// anything is read below them, so that hostile input cannot exhaust the
// stack.
#include "rules/rule_condition_parser.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "rules/rule_lexer.h"
#include "rules/rule_parser.h"

namespace tessera {
namespace rules_internal {

namespace {

using ExprPtr = std::unique_ptr<Expr>;

struct CompareSpelling {
  std::string_view symbol;
  CompareOp op;
};

constexpr CompareSpelling kCompareSpellings[] = {
    {"=", CompareOp::kEq}, {"==", CompareOp::kEq}, {"!=", CompareOp::kNe}, {"<>", CompareOp::kNe},
    {"<", CompareOp::kLt}, {"<=", CompareOp::kLe}, {">", CompareOp::kGt},  {">=", CompareOp::kGe},
};

bool ParseCompareOp(const Token& token, CompareOp& op) {
  for (const CompareSpelling& spelling : kCompareSpellings) {
    if (IsSymbol(token, spelling.symbol)) {
      op = spelling.op;
      return true;
    }
  }
  return false;
}

class ConditionParser {
 public:
  ConditionParser(TokenCursor& cursor, const RuleLimits& limits)
      : cursor_(cursor),
        limits_(limits),
        max_depth_(std::min(limits.max_nesting_depth, kMaxSupportedNestingDepth)) {}

  absl::StatusOr<ExprPtr> ParseOr() { return ParseChain("or", Expr::Kind::kOr); }

 private:
  const Token& token() const { return cursor_.token(); }
  const Token& previous() const { return cursor_.previous(); }

  absl::StatusOr<ExprPtr> ParseChain(std::string_view keyword, Expr::Kind kind) {
    absl::StatusOr<ExprPtr> first =
        kind == Expr::Kind::kOr ? ParseChain("and", Expr::Kind::kAnd) : ParseNot();
    if (!first.ok() || !IsKeyword(token(), keyword)) return first;
    auto chain = std::make_unique<Expr>();
    chain->kind = kind;
    chain->children.push_back(std::move(*first));
    while (IsKeyword(token(), keyword)) {
      TESSERA_RULES_TRY(cursor_.Advance());
      absl::StatusOr<ExprPtr> next =
          kind == Expr::Kind::kOr ? ParseChain("and", Expr::Kind::kAnd) : ParseNot();
      if (!next.ok()) return next.status();
      chain->children.push_back(std::move(*next));
    }
    chain->span = cursor_.SpanFrom(chain->children.front()->span);
    return chain;
  }

  absl::StatusOr<ExprPtr> ParseNot() {
    std::vector<SourceSpan> nots;
    while (IsKeyword(token(), "not")) {
      if (depth_ >= max_depth_) return DepthError();
      ++depth_;
      nots.push_back(token().span);
      TESSERA_RULES_TRY(cursor_.Advance());
    }
    absl::StatusOr<ExprPtr> operand = ParsePrimary();
    if (!operand.ok()) return operand.status();
    depth_ -= static_cast<int>(nots.size());
    ExprPtr expr = std::move(*operand);
    for (auto it = nots.rbegin(); it != nots.rend(); ++it) {
      auto negation = std::make_unique<Expr>();
      negation->kind = Expr::Kind::kNot;
      negation->children.push_back(std::move(expr));
      negation->span = cursor_.SpanFrom(*it);
      expr = std::move(negation);
    }
    return expr;
  }

  absl::Status DepthError() const {
    return cursor_.LimitError(absl::StrCat("nesting deeper than ", max_depth_, " levels"),
                              token().span);
  }

  absl::StatusOr<ExprPtr> ParsePrimary() {
    if (IsSymbol(token(), "(")) {
      if (depth_ >= max_depth_) return DepthError();
      ++depth_;
      const SourceSpan open = token().span;
      TESSERA_RULES_TRY(cursor_.Advance());
      absl::StatusOr<ExprPtr> inner = ParseOr();
      if (!inner.ok()) return inner.status();
      if (!IsSymbol(token(), ")")) {
        return cursor_.Expected(
            absl::StrCat("')' to close '(' at line ", open.line, ", column ", open.column));
      }
      TESSERA_RULES_TRY(cursor_.Advance());
      --depth_;
      (*inner)->span = cursor_.SpanFrom(open);
      return inner;
    }
    const bool is_name = token().kind == TokenKind::kQuotedName ||
                         (token().kind == TokenKind::kWord && !IsAnyKeyword(token()));
    if (!is_name) {
      std::string what = absl::StrCat("a name, 'not' or '(' after ", DescribeToken(previous()));
      if (IsAnyKeyword(token()) && !IsKeyword(token(), "and") && !IsKeyword(token(), "or")) {
        return cursor_.Error(token().span,
                             absl::StrCat("expected ", what, ", got ", DescribeToken(token()),
                                          "; write a name that is a keyword in backticks: `",
                                          internal::ToAbsl(token().raw), "`"));
      }
      return cursor_.Expected(what);
    }
    auto leaf = std::make_unique<Expr>();
    leaf->name = token().kind == TokenKind::kWord ? std::string(token().raw) : token().value;
    leaf->name_span = token().span;
    TESSERA_RULES_TRY(cursor_.Advance());
    TESSERA_RULES_TRY(ParsePredicate(*leaf));
    leaf->span = cursor_.SpanFrom(leaf->name_span);
    return leaf;
  }

  absl::Status ParsePredicate(Expr& leaf) {
    if (ParseCompareOp(token(), leaf.op)) {
      leaf.kind = Expr::Kind::kCompare;
      TESSERA_RULES_TRY(cursor_.Advance());
      leaf.values.emplace_back();
      return ParseLiteral(leaf.values.back(), /*ends_number=*/true);
    }
    if (IsKeyword(token(), "not")) {
      leaf.negated = true;
      TESSERA_RULES_TRY(cursor_.Advance());
      if (!IsKeyword(token(), "in")) return cursor_.Expected("'in' after 'not'");
    }
    if (IsKeyword(token(), "in")) return ParseInList(leaf);
    if (IsKeyword(token(), "between")) return ParseBetween(leaf);
    if (IsKeyword(token(), "is")) {
      leaf.kind = Expr::Kind::kIsMissing;
      TESSERA_RULES_TRY(cursor_.Advance());
      if (IsKeyword(token(), "not")) {
        leaf.negated = true;
        TESSERA_RULES_TRY(cursor_.Advance());
      }
      if (!IsKeyword(token(), "missing")) {
        return cursor_.Expected(leaf.negated ? "'missing' after 'is not'"
                                             : "'missing' or 'not missing' after 'is'");
      }
      return cursor_.Advance();
    }
    return cursor_.Expected(
        absl::StrCat("a comparison (==, !=, <, <=, >, >=, in, between, is missing) after ",
                     DescribeToken(previous())));
  }

  // `ends_number`: a comma right after this number would be a thousands
  // separator, since no list can follow it.
  absl::Status ParseLiteral(Literal& literal, bool ends_number) {
    if (token().kind != TokenKind::kNumber && token().kind != TokenKind::kString) {
      return cursor_.Expected(
          absl::StrCat("a number or a quoted string after ", DescribeToken(previous())));
    }
    literal.kind =
        token().kind == TokenKind::kNumber ? Literal::Kind::kNumber : Literal::Kind::kString;
    literal.number = token().number;
    literal.text = token().value;
    literal.span = token().span;
    TESSERA_RULES_TRY(cursor_.Advance());
    const std::string& text = cursor_.file().text;
    const size_t literal_end = size_t{literal.span.offset} + literal.span.length;
    const bool glued_comma = IsSymbol(token(), ",") && token().span.offset == literal_end;
    const size_t after_comma = literal_end + 1;
    if (ends_number && literal.kind == Literal::Kind::kNumber && glued_comma &&
        after_comma < text.size() && text[after_comma] >= '0' && text[after_comma] <= '9') {
      return cursor_.Error(
          token().span,
          absl::StrCat("expected the end of the number after ", DescribeToken(previous()),
                       ", got ','; write numbers without thousands separators"));
    }
    return absl::OkStatus();
  }

  absl::Status ParseInList(Expr& leaf) {
    leaf.kind = Expr::Kind::kIn;
    TESSERA_RULES_TRY(cursor_.Advance());
    if (!IsSymbol(token(), "(")) return cursor_.Expected("'(' after 'in'");
    TESSERA_RULES_TRY(cursor_.Advance());
    while (true) {
      if (leaf.values.size() >= static_cast<size_t>(std::max(limits_.max_list_items, 0))) {
        return cursor_.LimitError(
            absl::StrCat("more than ", limits_.max_list_items, " values in one 'in' list"),
            token().span);
      }
      Literal literal;
      TESSERA_RULES_TRY(ParseLiteral(literal, /*ends_number=*/false));
      if (!leaf.values.empty() && literal.kind != leaf.values.front().kind) {
        return cursor_.Error(literal.span,
                             literal.kind == Literal::Kind::kString
                                 ? "a list may not mix numbers and strings: this value is a "
                                   "string, the first is a number"
                                 : "a list may not mix numbers and strings: this value is a "
                                   "number, the first is a string");
      }
      leaf.values.push_back(std::move(literal));
      if (IsSymbol(token(), ")")) return cursor_.Advance();
      if (!IsSymbol(token(), ",")) return cursor_.Expected("',' or ')' in the list");
      TESSERA_RULES_TRY(cursor_.Advance());
    }
  }

  absl::Status ParseBetween(Expr& leaf) {
    leaf.kind = Expr::Kind::kBetween;
    TESSERA_RULES_TRY(cursor_.Advance());
    leaf.values.resize(2);
    TESSERA_RULES_TRY(ParseLiteral(leaf.values[0], /*ends_number=*/true));
    if (!IsKeyword(token(), "and")) {
      return cursor_.Expected("'and' between the two bounds of 'between'");
    }
    TESSERA_RULES_TRY(cursor_.Advance());
    TESSERA_RULES_TRY(ParseLiteral(leaf.values[1], /*ends_number=*/true));
    const Literal& low = leaf.values[0];
    const Literal& high = leaf.values[1];
    const SourceSpan bounds = cursor_.SpanFrom(low.span);
    if (low.kind != high.kind) {
      return cursor_.Error(bounds, "'between' takes two numbers or two strings, not one of each");
    }
    if (low.kind == Literal::Kind::kNumber && low.number > high.number) {
      return cursor_.Error(
          bounds, absl::StrCat("'between' takes the lower bound first: ",
                               internal::ToAbsl(cursor_.SourceText(low.span)), " is greater than ",
                               internal::ToAbsl(cursor_.SourceText(high.span))));
    }
    return absl::OkStatus();
  }

  TokenCursor& cursor_;
  const RuleLimits& limits_;
  const int max_depth_;
  int depth_ = 0;  // '(' and `not` open around the current token
};

}  // namespace

absl::StatusOr<std::unique_ptr<Expr>> ParseCondition(TokenCursor& cursor,
                                                     const RuleLimits& limits) {
  return ConditionParser(cursor, limits).ParseOr();
}

}  // namespace rules_internal
}  // namespace tessera
