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
// Rules before any `ruleset` line form the set kDefaultRuleSetName. This
// file reads the levels above `expr`; rule_condition_parser.cpp reads
// `expr`, and rule_token_cursor.h feeds both the tokens.
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
#include "rules/rule_condition_parser.h"
#include "rules/rule_lexer.h"
#include "rules/rule_token_cursor.h"
#include "utf8.h"

namespace tessera {
namespace rules_internal {

namespace {

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

std::string Periods(int n) { return absl::StrCat(n, n == 1 ? " period" : " periods"); }

class Parser {
 public:
  Parser(RuleFileAst& file, const RuleLimits& limits,
         std::vector<std::vector<std::string>>& rule_texts)
      : file_(file), limits_(limits), rule_texts_(rule_texts), cursor_(file) {}

  absl::Status ParseFile() {
    TESSERA_RULES_TRY(cursor_.Start());
    if (token().kind == TokenKind::kEnd) {
      return cursor_.Error(token().span,
                           "the rule file has no rules: expected 'ruleset' or 'tier', got "
                           "end of input");
    }
    if (!IsKeyword(token(), "ruleset")) {
      if (!IsKeyword(token(), "tier") && !IsKeyword(token(), "demote")) {
        return cursor_.Expected("'ruleset' or 'tier'");
      }
      TESSERA_RULES_TRY(ParseSet(/*has_header=*/false));
    }
    while (token().kind != TokenKind::kEnd) TESSERA_RULES_TRY(ParseSet(/*has_header=*/true));
    return absl::OkStatus();
  }

 private:
  const Token& token() const { return cursor_.token(); }

  absl::Status ParseSet(bool has_header) {
    if (file_.sets.size() >= static_cast<size_t>(std::max(limits_.max_rule_sets, 0))) {
      return cursor_.LimitError(absl::StrCat("more than ", limits_.max_rule_sets, " rule sets"),
                                token().span);
    }
    file_.sets.emplace_back();
    RuleSetAst& set = file_.sets.back();
    cursor_.CollectCanonicalText(&set.canonical);
    rule_texts_.emplace_back();
    if (has_header) {
      TESSERA_RULES_TRY(ParseSetHeader(set));
    } else {
      set.name = std::string(kDefaultRuleSetName);
    }
    if (IsKeyword(token(), "demote")) {
      SourceSpan unused;
      TESSERA_RULES_TRY(ParseDemote(set.demote_after, unused));
      if (IsKeyword(token(), "demote")) {
        return cursor_.Error(token().span, "the rule set already has a 'demote after'");
      }
    }
    absl::flat_hash_map<std::string, size_t> first_rule_of_tier;
    while (IsKeyword(token(), "tier")) TESSERA_RULES_TRY(ParseRule(set, first_rule_of_tier));
    if (set.rules.empty()) {
      return cursor_.Expected(
          absl::StrCat("a rule ('tier \"name\" when ...') in rule set \"", set.name, "\""));
    }
    return absl::OkStatus();
  }

  absl::Status ParseSetHeader(RuleSetAst& set) {
    const SourceSpan start = token().span;
    TESSERA_RULES_TRY(cursor_.Advance());
    if (token().kind != TokenKind::kString) {
      return cursor_.Expected("the rule set's name in quotes after 'ruleset'");
    }
    if (!IsIdentifier(token().value)) {
      return cursor_.Error(
          token().span, absl::StrCat("rule set name ", DescribeToken(token()),
                                     " must be letters, digits and '_', not starting with a digit: "
                                     "it names a score column"));
    }
    for (size_t i = 0; i + 1 < file_.sets.size(); ++i) {
      const RuleSetAst& other = file_.sets[i];
      if (other.name != token().value) continue;
      return cursor_.Error(
          token().span,
          other.span.line == 0
              ? absl::StrCat("duplicate rule set name ", DescribeToken(token()),
                             ": the rules before the first 'ruleset' line form set \"", other.name,
                             "\"")
              : absl::StrCat("duplicate rule set name ", DescribeToken(token()),
                             ", first used at line ", other.span.line));
    }
    set.name = token().value;
    TESSERA_RULES_TRY(cursor_.Advance());
    set.span = cursor_.SpanFrom(start);
    return absl::OkStatus();
  }

  absl::Status ParseDemote(int& periods, SourceSpan& span) {
    const SourceSpan start = token().span;
    TESSERA_RULES_TRY(cursor_.Advance());
    if (!IsKeyword(token(), "after")) return cursor_.Expected("'after' after 'demote'");
    TESSERA_RULES_TRY(cursor_.Advance());
    const bool whole = token().kind == TokenKind::kNumber &&
                       token().raw.find_first_not_of("0123456789") == std::string_view::npos;
    if (!whole) return cursor_.Expected("a whole number of periods after 'demote after'");
    if (token().number < 1 || token().number > kMaxDemoteAfter) {
      return cursor_.Error(token().span, absl::StrCat("'demote after' takes 1 to ", kMaxDemoteAfter,
                                                      " periods, got ", DescribeToken(token())));
    }
    periods = static_cast<int>(token().number);
    TESSERA_RULES_TRY(cursor_.Advance());
    if (!IsKeyword(token(), "period") && !IsKeyword(token(), "periods")) {
      return cursor_.Expected(absl::StrCat("'periods' after 'demote after ", periods, "'"));
    }
    TESSERA_RULES_TRY(cursor_.Advance());
    span = cursor_.SpanFrom(start);
    return absl::OkStatus();
  }

  absl::Status ParseRule(RuleSetAst& set,
                         absl::flat_hash_map<std::string, size_t>& first_rule_of_tier) {
    if (rule_count_ >= limits_.max_rules) {
      return cursor_.LimitError(absl::StrCat("more than ", limits_.max_rules, " rules"),
                                token().span);
    }
    ++rule_count_;
    const size_t text_start = set.canonical.empty() ? 0 : set.canonical.size() + 1;
    Rule rule;
    const SourceSpan start = token().span;
    TESSERA_RULES_TRY(cursor_.Advance());
    if (token().kind != TokenKind::kString) {
      return cursor_.Expected("the tier name in quotes after 'tier'");
    }
    if (token().value.empty()) return cursor_.Error(token().span, "the tier name is empty");
    rule.tier = token().value;
    rule.tier_span = token().span;
    TESSERA_RULES_TRY(cursor_.Advance());
    if (IsKeyword(token(), "when")) {
      TESSERA_RULES_TRY(cursor_.Advance());
      absl::StatusOr<std::unique_ptr<Expr>> condition = ParseCondition(cursor_, limits_);
      if (!condition.ok()) return condition.status();
      rule.condition = std::move(*condition);
    } else if (IsKeyword(token(), "otherwise")) {
      TESSERA_RULES_TRY(cursor_.Advance());
    } else {
      return cursor_.Expected("'when' or 'otherwise' after the tier name");
    }
    SourceSpan demote_span = rule.tier_span;
    const bool ends_with_condition = rule.condition != nullptr && !IsKeyword(token(), "demote");
    if (IsKeyword(token(), "demote")) {
      TESSERA_RULES_TRY(ParseDemote(rule.demote_after, demote_span));
    }
    rule.span = cursor_.SpanFrom(start);
    TESSERA_RULES_TRY(CheckTierDemotion(set, rule, demote_span, first_rule_of_tier));
    TESSERA_RULES_TRY(CheckRuleEnd(rule, ends_with_condition));
    rule_texts_.back().push_back(set.canonical.substr(text_start));
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
    return cursor_.Error(
        demote_span,
        absl::StrCat("tier \"", rule.tier, "\" is demoted after ", Periods(effective(rule)),
                     " here but after ", Periods(effective(first)), " by its rule at line ",
                     first.span.line, "; give every rule of a tier the same 'demote after'"));
  }

  absl::Status CheckRuleEnd(const Rule& rule, bool ends_with_condition) const {
    if (token().kind == TokenKind::kEnd || IsKeyword(token(), "tier") ||
        IsKeyword(token(), "ruleset")) {
      return absl::OkStatus();
    }
    if (IsKeyword(token(), "demote")) {
      return cursor_.Error(token().span,
                           "a second 'demote after': the set's must come before its first rule, "
                           "and a rule takes one at its end");
    }
    if (ends_with_condition) return cursor_.Expected("'and', 'or', 'demote', 'tier' or 'ruleset'");
    if (rule.condition == nullptr && rule.demote_after == 0) {
      return cursor_.Expected("'demote', 'tier' or 'ruleset' after 'otherwise'");
    }
    return cursor_.Expected("'tier' or 'ruleset' after the rule");
  }

  RuleFileAst& file_;
  const RuleLimits& limits_;
  std::vector<std::vector<std::string>>& rule_texts_;
  TokenCursor cursor_;
  int rule_count_ = 0;
};

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
