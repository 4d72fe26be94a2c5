// A recursive-descent parser over one token of lookahead:
//
//   file       := { ruleset }
//   ruleset    := [ 'ruleset' STRING ] [ demote ] { rule }
//   demote     := 'demote' 'after' INTEGER ( 'period' | 'periods' )
//   rule       := 'tier' STRING ( 'when' expr | 'otherwise' ) [ demote ]
//   expr       := and_expr { 'or' and_expr }
//   and_expr   := not_expr { 'and' not_expr }
//   not_expr   := 'not' not_expr | primary
//   primary    := '(' expr ')' | NAME predicate
//   predicate  := cmp literal | [ 'not' ] 'in' '(' literal { ',' literal } ')'
//               | 'between' literal 'and' literal | 'is' [ 'not' ] 'missing'
//
// Rules before any `ruleset` line form the set kDefaultRuleSetName. Only
// '(' recurses; `not` chains are read in a loop. Both count against the
// nesting limit before anything is read below them.
#include "rules/rule_parser.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "rules/rule_diagnostics.h"
#include "rules/rule_lexer.h"
#include "utf8.h"

namespace tessera {
namespace rules_internal {

namespace {

#define TESSERA_RULES_TRY(expression)          \
  do {                                         \
    absl::Status try_status_ = (expression);   \
    if (!try_status_.ok()) return try_status_; \
  } while (false)

using ExprPtr = std::unique_ptr<Expr>;

constexpr int kMaxDemoteAfter = 1000;

bool IsIdentifier(std::string_view text) {
  if (text.empty()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && (i == 0 || c < '0' || c > '9')) return false;
  }
  return true;
}

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

std::string Periods(int n) { return absl::StrCat(n, n == 1 ? " period" : " periods"); }

class Parser {
 public:
  Parser(RuleFileAst& file, const RuleLimits& limits,
         std::vector<std::vector<std::string>>& rule_texts)
      : file_(file),
        limits_(limits),
        max_depth_(std::min(limits.max_nesting_depth, kMaxSupportedNestingDepth)),
        rule_texts_(rule_texts),
        lexer_(file) {}

  absl::Status ParseFile() {
    TESSERA_RULES_TRY(lexer_.Next(token_));
    if (token_.kind == TokenKind::kEnd) {
      return Error(token_.span,
                   "the rule file has no rules: expected 'ruleset' or 'tier', got "
                   "end of input");
    }
    if (!IsKeyword(token_, "ruleset")) {
      if (!IsKeyword(token_, "tier") && !IsKeyword(token_, "demote")) {
        return Expected("'ruleset' or 'tier'");
      }
      TESSERA_RULES_TRY(ParseSet(/*has_header=*/false));
    }
    while (token_.kind != TokenKind::kEnd) TESSERA_RULES_TRY(ParseSet(/*has_header=*/true));
    return absl::OkStatus();
  }

 private:
  // Consumes the current token: it joins the canonical text of the set
  // being read, and the next one is lexed.
  absl::Status Advance() {
    if (canonical_ != nullptr) {
      // Spaced as people write it: "in (\"a\", \"b\")", so that rule texts
      // in explanations read like the file.
      const bool glued = !canonical_->empty() &&
                         (canonical_->back() == '(' || IsSymbol(token_, ")") ||
                          IsSymbol(token_, ","));
      if (!canonical_->empty() && !glued) *canonical_ += ' ';
      AppendCanonical(token_, *canonical_);
    }
    previous_ = std::move(token_);
    return lexer_.Next(token_);
  }

  // From `start` to the end of the last token consumed.
  SourceSpan SpanFrom(const SourceSpan& start) const {
    SourceSpan span = start;
    span.length = previous_.span.offset + previous_.span.length - start.offset;
    return span;
  }

  absl::Status Error(const SourceSpan& span, std::string_view message) const {
    return RuleError(file_, span, message);
  }

  absl::Status Expected(std::string_view what) const {
    return Error(token_.span, absl::StrCat("expected ", internal::ToAbsl(what), ", got ",
                                           DescribeToken(token_)));
  }

  absl::Status LimitError(std::string_view what, const SourceSpan& at) const {
    return absl::InvalidArgumentError(absl::StrCat(file_.source_name, ": ", internal::ToAbsl(what),
                                                   " at line ", at.line, ", column ", at.column));
  }

  std::string_view SourceText(const SourceSpan& span) const {
    return std::string_view(file_.text).substr(span.offset, span.length);
  }

  absl::Status ParseSet(bool has_header) {
    if (file_.sets.size() >= static_cast<size_t>(std::max(limits_.max_rule_sets, 0))) {
      return LimitError(absl::StrCat("more than ", limits_.max_rule_sets, " rule sets"),
                        token_.span);
    }
    file_.sets.emplace_back();
    RuleSetAst& set = file_.sets.back();
    canonical_ = &set.canonical;
    rule_texts_.emplace_back();
    if (has_header) {
      TESSERA_RULES_TRY(ParseSetHeader(set));
    } else {
      set.name = std::string(kDefaultRuleSetName);
    }
    if (IsKeyword(token_, "demote")) {
      SourceSpan unused;
      TESSERA_RULES_TRY(ParseDemote(set.demote_after, unused));
      if (IsKeyword(token_, "demote")) {
        return Error(token_.span, "the rule set already has a 'demote after'");
      }
    }
    absl::flat_hash_map<std::string, size_t> first_rule_of_tier;
    while (IsKeyword(token_, "tier")) TESSERA_RULES_TRY(ParseRule(set, first_rule_of_tier));
    if (set.rules.empty()) {
      return Expected(
          absl::StrCat("a rule ('tier \"name\" when ...') in rule set \"", set.name, "\""));
    }
    return absl::OkStatus();
  }

  absl::Status ParseSetHeader(RuleSetAst& set) {
    const SourceSpan start = token_.span;
    TESSERA_RULES_TRY(Advance());
    if (token_.kind != TokenKind::kString) {
      return Expected("the rule set's name in quotes after 'ruleset'");
    }
    if (!IsIdentifier(token_.value)) {
      return Error(token_.span,
                   absl::StrCat("rule set name ", DescribeToken(token_),
                                " must be letters, digits and '_', not starting with a digit: "
                                "it names a score column"));
    }
    for (size_t i = 0; i + 1 < file_.sets.size(); ++i) {
      const RuleSetAst& other = file_.sets[i];
      if (other.name != token_.value) continue;
      return Error(token_.span,
                   other.span.line == 0
                       ? absl::StrCat("duplicate rule set name ", DescribeToken(token_),
                                      ": the rules before the first 'ruleset' line form set \"",
                                      other.name, "\"")
                       : absl::StrCat("duplicate rule set name ", DescribeToken(token_),
                                      ", first used at line ", other.span.line));
    }
    set.name = token_.value;
    TESSERA_RULES_TRY(Advance());
    set.span = SpanFrom(start);
    return absl::OkStatus();
  }

  absl::Status ParseDemote(int& periods, SourceSpan& span) {
    const SourceSpan start = token_.span;
    TESSERA_RULES_TRY(Advance());
    if (!IsKeyword(token_, "after")) return Expected("'after' after 'demote'");
    TESSERA_RULES_TRY(Advance());
    const bool whole = token_.kind == TokenKind::kNumber &&
                       token_.raw.find_first_not_of("0123456789") == std::string_view::npos;
    if (!whole) return Expected("a whole number of periods after 'demote after'");
    if (token_.number < 1 || token_.number > kMaxDemoteAfter) {
      return Error(token_.span, absl::StrCat("'demote after' takes 1 to ", kMaxDemoteAfter,
                                             " periods, got ", DescribeToken(token_)));
    }
    periods = static_cast<int>(token_.number);
    TESSERA_RULES_TRY(Advance());
    if (!IsKeyword(token_, "period") && !IsKeyword(token_, "periods")) {
      return Expected(absl::StrCat("'periods' after 'demote after ", periods, "'"));
    }
    TESSERA_RULES_TRY(Advance());
    span = SpanFrom(start);
    return absl::OkStatus();
  }

  absl::Status ParseRule(RuleSetAst& set,
                         absl::flat_hash_map<std::string, size_t>& first_rule_of_tier) {
    if (rule_count_ >= limits_.max_rules) {
      return LimitError(absl::StrCat("more than ", limits_.max_rules, " rules"), token_.span);
    }
    ++rule_count_;
    const size_t text_start = canonical_->empty() ? 0 : canonical_->size() + 1;
    Rule rule;
    const SourceSpan start = token_.span;
    TESSERA_RULES_TRY(Advance());
    if (token_.kind != TokenKind::kString) return Expected("the tier name in quotes after 'tier'");
    if (token_.value.empty()) return Error(token_.span, "the tier name is empty");
    rule.tier = token_.value;
    rule.tier_span = token_.span;
    TESSERA_RULES_TRY(Advance());
    if (IsKeyword(token_, "when")) {
      TESSERA_RULES_TRY(Advance());
      absl::StatusOr<ExprPtr> condition = ParseOr();
      if (!condition.ok()) return condition.status();
      rule.condition = std::move(*condition);
    } else if (IsKeyword(token_, "otherwise")) {
      TESSERA_RULES_TRY(Advance());
    } else {
      return Expected("'when' or 'otherwise' after the tier name");
    }
    SourceSpan demote_span = rule.tier_span;
    const bool ends_with_condition = rule.condition != nullptr && !IsKeyword(token_, "demote");
    if (IsKeyword(token_, "demote")) {
      TESSERA_RULES_TRY(ParseDemote(rule.demote_after, demote_span));
    }
    rule.span = SpanFrom(start);
    TESSERA_RULES_TRY(CheckTierDemotion(set, rule, demote_span, first_rule_of_tier));
    TESSERA_RULES_TRY(CheckRuleEnd(rule, ends_with_condition));
    rule_texts_.back().push_back(canonical_->substr(text_start));
    set.rules.push_back(std::move(rule));
    return absl::OkStatus();
  }

  // A tier is demoted after one delay, so all its rules must agree on it.
  absl::Status CheckTierDemotion(const RuleSetAst& set, const Rule& rule,
                                 const SourceSpan& demote_span,
                                 absl::flat_hash_map<std::string, size_t>& first_rule_of_tier) {
    auto effective = [&set](const Rule& r) {
      return r.demote_after > 0 ? r.demote_after : set.demote_after;
    };
    const auto [it, inserted] = first_rule_of_tier.try_emplace(rule.tier, set.rules.size());
    if (inserted) return absl::OkStatus();
    const Rule& first = set.rules[it->second];
    if (effective(first) == effective(rule)) return absl::OkStatus();
    return Error(
        demote_span,
        absl::StrCat("tier \"", rule.tier, "\" is demoted after ", Periods(effective(rule)),
                     " here but after ", Periods(effective(first)), " by its rule at line ",
                     first.span.line, "; give every rule of a tier the same 'demote after'"));
  }

  absl::Status CheckRuleEnd(const Rule& rule, bool ends_with_condition) const {
    if (token_.kind == TokenKind::kEnd || IsKeyword(token_, "tier") ||
        IsKeyword(token_, "ruleset")) {
      return absl::OkStatus();
    }
    if (IsKeyword(token_, "demote")) {
      return Error(token_.span,
                   "a second 'demote after': the set's must come before its first rule, and "
                   "a rule takes one at its end");
    }
    if (ends_with_condition) return Expected("'and', 'or', 'demote', 'tier' or 'ruleset'");
    if (rule.condition == nullptr && rule.demote_after == 0) {
      return Expected("'demote', 'tier' or 'ruleset' after 'otherwise'");
    }
    return Expected("'tier' or 'ruleset' after the rule");
  }

  absl::StatusOr<ExprPtr> ParseOr() { return ParseChain("or", Expr::Kind::kOr); }

  absl::StatusOr<ExprPtr> ParseChain(std::string_view keyword, Expr::Kind kind) {
    absl::StatusOr<ExprPtr> first =
        kind == Expr::Kind::kOr ? ParseChain("and", Expr::Kind::kAnd) : ParseNot();
    if (!first.ok() || !IsKeyword(token_, keyword)) return first;
    auto chain = std::make_unique<Expr>();
    chain->kind = kind;
    chain->children.push_back(std::move(*first));
    while (IsKeyword(token_, keyword)) {
      TESSERA_RULES_TRY(Advance());
      absl::StatusOr<ExprPtr> next =
          kind == Expr::Kind::kOr ? ParseChain("and", Expr::Kind::kAnd) : ParseNot();
      if (!next.ok()) return next.status();
      chain->children.push_back(std::move(*next));
    }
    chain->span = SpanFrom(chain->children.front()->span);
    return chain;
  }

  absl::StatusOr<ExprPtr> ParseNot() {
    std::vector<SourceSpan> nots;
    while (IsKeyword(token_, "not")) {
      if (depth_ >= max_depth_) return DepthError();
      ++depth_;
      nots.push_back(token_.span);
      TESSERA_RULES_TRY(Advance());
    }
    absl::StatusOr<ExprPtr> operand = ParsePrimary();
    if (!operand.ok()) return operand.status();
    depth_ -= static_cast<int>(nots.size());
    ExprPtr expr = std::move(*operand);
    for (auto it = nots.rbegin(); it != nots.rend(); ++it) {
      auto negation = std::make_unique<Expr>();
      negation->kind = Expr::Kind::kNot;
      negation->children.push_back(std::move(expr));
      negation->span = SpanFrom(*it);
      expr = std::move(negation);
    }
    return expr;
  }

  absl::Status DepthError() const {
    return LimitError(absl::StrCat("nesting deeper than ", max_depth_, " levels"), token_.span);
  }

  absl::StatusOr<ExprPtr> ParsePrimary() {
    if (IsSymbol(token_, "(")) {
      if (depth_ >= max_depth_) return DepthError();
      ++depth_;
      const SourceSpan open = token_.span;
      TESSERA_RULES_TRY(Advance());
      absl::StatusOr<ExprPtr> inner = ParseOr();
      if (!inner.ok()) return inner.status();
      if (!IsSymbol(token_, ")")) {
        return Expected(
            absl::StrCat("')' to close '(' at line ", open.line, ", column ", open.column));
      }
      TESSERA_RULES_TRY(Advance());
      --depth_;
      (*inner)->span = SpanFrom(open);
      return inner;
    }
    const bool is_name = token_.kind == TokenKind::kQuotedName ||
                         (token_.kind == TokenKind::kWord && !IsAnyKeyword(token_));
    if (!is_name) {
      std::string what = absl::StrCat("a name, 'not' or '(' after ", DescribeToken(previous_));
      if (IsAnyKeyword(token_) && !IsKeyword(token_, "and") && !IsKeyword(token_, "or")) {
        return Error(token_.span, absl::StrCat("expected ", what, ", got ", DescribeToken(token_),
                                               "; write a name that is a keyword in backticks: `",
                                               internal::ToAbsl(token_.raw), "`"));
      }
      return Expected(what);
    }
    auto leaf = std::make_unique<Expr>();
    leaf->name = token_.kind == TokenKind::kWord ? std::string(token_.raw) : token_.value;
    leaf->name_span = token_.span;
    TESSERA_RULES_TRY(Advance());
    TESSERA_RULES_TRY(ParsePredicate(*leaf));
    leaf->span = SpanFrom(leaf->name_span);
    return leaf;
  }

  absl::Status ParsePredicate(Expr& leaf) {
    if (ParseCompareOp(token_, leaf.op)) {
      leaf.kind = Expr::Kind::kCompare;
      TESSERA_RULES_TRY(Advance());
      leaf.values.emplace_back();
      return ParseLiteral(leaf.values.back(), /*ends_number=*/true);
    }
    if (IsKeyword(token_, "not")) {
      leaf.negated = true;
      TESSERA_RULES_TRY(Advance());
      if (!IsKeyword(token_, "in")) return Expected("'in' after 'not'");
    }
    if (IsKeyword(token_, "in")) return ParseInList(leaf);
    if (IsKeyword(token_, "between")) return ParseBetween(leaf);
    if (IsKeyword(token_, "is")) {
      leaf.kind = Expr::Kind::kIsMissing;
      TESSERA_RULES_TRY(Advance());
      if (IsKeyword(token_, "not")) {
        leaf.negated = true;
        TESSERA_RULES_TRY(Advance());
      }
      if (!IsKeyword(token_, "missing")) {
        return Expected(leaf.negated ? "'missing' after 'is not'"
                                     : "'missing' or 'not missing' after 'is'");
      }
      return Advance();
    }
    return Expected(
        absl::StrCat("a comparison (==, !=, <, <=, >, >=, in, between, is missing) after ",
                     DescribeToken(previous_)));
  }

  // `ends_number`: a comma right after this number would be a thousands
  // separator, since no list can follow it.
  absl::Status ParseLiteral(Literal& literal, bool ends_number) {
    if (token_.kind != TokenKind::kNumber && token_.kind != TokenKind::kString) {
      return Expected(absl::StrCat("a number or a quoted string after ", DescribeToken(previous_)));
    }
    literal.kind =
        token_.kind == TokenKind::kNumber ? Literal::Kind::kNumber : Literal::Kind::kString;
    literal.number = token_.number;
    literal.text = token_.value;
    literal.span = token_.span;
    TESSERA_RULES_TRY(Advance());
    const size_t literal_end = size_t{literal.span.offset} + literal.span.length;
    const bool glued_comma = IsSymbol(token_, ",") && token_.span.offset == literal_end;
    const size_t after_comma = literal_end + 1;
    if (ends_number && literal.kind == Literal::Kind::kNumber && glued_comma &&
        after_comma < file_.text.size() && file_.text[after_comma] >= '0' &&
        file_.text[after_comma] <= '9') {
      return Error(token_.span,
                   absl::StrCat("expected the end of the number after ", DescribeToken(previous_),
                                ", got ','; write "
                                "numbers without thousands separators"));
    }
    return absl::OkStatus();
  }

  absl::Status ParseInList(Expr& leaf) {
    leaf.kind = Expr::Kind::kIn;
    TESSERA_RULES_TRY(Advance());
    if (!IsSymbol(token_, "(")) return Expected("'(' after 'in'");
    TESSERA_RULES_TRY(Advance());
    while (true) {
      if (leaf.values.size() >= static_cast<size_t>(std::max(limits_.max_list_items, 0))) {
        return LimitError(
            absl::StrCat("more than ", limits_.max_list_items, " values in one 'in' list"),
            token_.span);
      }
      Literal literal;
      TESSERA_RULES_TRY(ParseLiteral(literal, /*ends_number=*/false));
      if (!leaf.values.empty() && literal.kind != leaf.values.front().kind) {
        return Error(literal.span,
                     literal.kind == Literal::Kind::kString
                         ? "a list may not mix numbers and strings: this value is a string, "
                           "the first is a number"
                         : "a list may not mix numbers and strings: this value is a number, "
                           "the first is a string");
      }
      leaf.values.push_back(std::move(literal));
      if (IsSymbol(token_, ")")) return Advance();
      if (!IsSymbol(token_, ",")) return Expected("',' or ')' in the list");
      TESSERA_RULES_TRY(Advance());
    }
  }

  absl::Status ParseBetween(Expr& leaf) {
    leaf.kind = Expr::Kind::kBetween;
    TESSERA_RULES_TRY(Advance());
    leaf.values.resize(2);
    TESSERA_RULES_TRY(ParseLiteral(leaf.values[0], /*ends_number=*/true));
    if (!IsKeyword(token_, "and")) return Expected("'and' between the two bounds of 'between'");
    TESSERA_RULES_TRY(Advance());
    TESSERA_RULES_TRY(ParseLiteral(leaf.values[1], /*ends_number=*/true));
    const Literal& low = leaf.values[0];
    const Literal& high = leaf.values[1];
    const SourceSpan bounds = SpanFrom(low.span);
    if (low.kind != high.kind) {
      return Error(bounds, "'between' takes two numbers or two strings, not one of each");
    }
    if (low.kind == Literal::Kind::kNumber && low.number > high.number) {
      return Error(bounds, absl::StrCat("'between' takes the lower bound first: ",
                                        internal::ToAbsl(SourceText(low.span)), " is greater than ",
                                        internal::ToAbsl(SourceText(high.span))));
    }
    return absl::OkStatus();
  }

  RuleFileAst& file_;
  const RuleLimits& limits_;
  const int max_depth_;
  std::vector<std::vector<std::string>>& rule_texts_;
  RuleLexer lexer_;
  Token token_;                       // the next token, not yet consumed
  Token previous_;                    // the last token consumed, for "after ..." in messages
  std::string* canonical_ = nullptr;  // of the set being read
  int depth_ = 0;
  int rule_count_ = 0;
};

#undef TESSERA_RULES_TRY

// Names the first line with a malformed sequence, without quoting it.
absl::Status Utf8Error(std::string_view text, std::string_view source_name) {
  int line = 1;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!internal::IsValidUtf8(text.substr(start, end - start))) break;
    start = end + 1;
    ++line;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(internal::ToAbsl(source_name), ": text is not valid UTF-8 at line ", line));
}

}  // namespace

absl::StatusOr<ParsedRuleFile> ParseRuleFile(std::string_view text, std::string_view source_name,
                                             const RuleLimits& limits) {
  // Offsets in SourceSpan are 32-bit.
  const size_t max_bytes =
      std::min<size_t>(limits.max_text_bytes, std::numeric_limits<uint32_t>::max());
  if (text.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(internal::ToAbsl(source_name), ": text of ",
                                                   text.size(), " bytes is over the limit of ",
                                                   max_bytes, " bytes"));
  }
  if (!internal::IsValidUtf8(text)) return Utf8Error(text, source_name);
  ParsedRuleFile parsed;
  parsed.ast.source_name = std::string(source_name);
  parsed.ast.text = std::string(text);
  Parser parser(parsed.ast, limits, parsed.rule_texts);
  absl::Status status = parser.ParseFile();
  if (!status.ok()) return status;
  return parsed;
}

}  // namespace rules_internal
}  // namespace tessera
