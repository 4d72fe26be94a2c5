// The syntax tree of a rule file, as the parser builds it and the binder,
// the coverage check and the evaluator read it. Positions are kept for every
// node that a message may point at.
#ifndef TESSERA_RULES_RULE_AST_H_
#define TESSERA_RULES_RULE_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tessera {
namespace rules_internal {

// Where a piece of text sits in the source. line and column are 1-based;
// column counts UTF-8 code points, so a caret lines up under non-ASCII text.
struct SourceSpan {
  uint32_t offset = 0;  // byte offset of the first byte
  uint32_t length = 0;  // bytes
  int line = 0;
  int column = 0;
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct Literal {
  enum class Kind { kNumber, kString };
  Kind kind = Kind::kNumber;
  double number = 0;  // kNumber
  std::string text;   // kString: the value, unescaped
  SourceSpan span;
};

struct Expr {
  enum class Kind {
    kCompare,    // name op values[0]
    kIn,         // name in (values...); negated: not in
    kBetween,    // name between values[0] and values[1], inclusive
    kIsMissing,  // name is missing; negated: is not missing
    kAnd,        // children, two or more
    kOr,         // children, two or more
    kNot,        // children[0]
  };
  Kind kind = Kind::kCompare;
  SourceSpan span;  // the whole expression

  // Leaves (kCompare, kIn, kBetween, kIsMissing).
  std::string name;  // as written: "monetary", "rfm.f", "attr.type"
  SourceSpan name_span;
  CompareOp op = CompareOp::kEq;
  bool negated = false;
  std::vector<Literal> values;

  // kAnd, kOr, kNot.
  std::vector<std::unique_ptr<Expr>> children;
};

struct Rule {
  std::string tier;
  SourceSpan tier_span;
  SourceSpan span;                  // the whole rule
  std::unique_ptr<Expr> condition;  // null for `otherwise`
  int demote_after = 0;             // 0: the set's value applies
};

struct RuleSetAst {
  std::string name;  // kDefaultRuleSetName when the file has no `ruleset`
  SourceSpan span;   // the `ruleset` line; line 0 when implicit
  int demote_after = 1;
  std::vector<Rule> rules;
  // The set's tokens joined by single spaces (none after "(" or before ")"
  // and ","): comments and layout removed.
  // Its hash is the set's fingerprint.
  std::string canonical;
};

struct RuleFileAst {
  std::string source_name;
  std::string text;  // the whole source, for excerpts under messages
  std::vector<RuleSetAst> sets;
};

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_AST_H_
