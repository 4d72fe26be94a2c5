// Resolves the names of a rule set to columns and checks every comparison
// against the column's kind before any customer is evaluated, so a typo in
// the last rule of the last set stops the run before the first set runs.
#ifndef TESSERA_RULES_RULE_BINDER_H_
#define TESSERA_RULES_RULE_BINDER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "rules/rule_ast.h"
#include "rules/rule_coverage.h"
#include "tessera/rules.h"
#include "tessera/scores.h"

namespace tessera {
namespace rules_internal {

// One column a rule set reads.
struct BoundColumn {
  enum class Source { kFeature, kScore, kAttribute };
  Source source = Source::kFeature;
  std::string name;  // the feature, score column or attribute name
  bool categorical = false;
  std::vector<std::string> labels;  // categorical: code i is labels[i]
  // A strategy's or rule set's labels are fixed, so a literal that is not
  // one of them is a typo; a host attribute's labels are whatever the data
  // holds.
  bool labels_fixed = false;
};

// An expression whose names are columns and whose literals are typed:
// numbers for numeric columns, label codes for categorical ones.
struct BoundExpr {
  Expr::Kind kind = Expr::Kind::kCompare;
  const Expr* expr = nullptr;  // the source node, for names and positions
  int column = -1;             // leaves: index into BoundRuleSet::columns
  CompareOp op = CompareOp::kEq;
  bool negated = false;
  std::vector<double> numbers;  // numeric leaves
  std::vector<int32_t> codes;   // categorical leaves; -1: a label no customer has
  std::vector<BoundExpr> children;
};

struct BoundRule {
  const Rule* rule = nullptr;
  std::unique_ptr<BoundExpr> condition;  // null for `otherwise`
};

struct BoundRuleSet {
  const RuleSetAst* ast = nullptr;
  std::vector<BoundColumn> columns;
  std::vector<BoundRule> rules;
  // Every name the set reads, as written, for the coverage check.
  std::map<std::string, NameDomain, std::less<>> domains;

  DomainLookup Domains() const;
};

// The names visible to a rule set: features, host attributes, the score
// columns already computed, and the columns earlier rule sets of the same
// file will have produced by the time this one runs.
class RuleBinder {
 public:
  // `hidden` score columns are left out: when explaining a set after the
  // fact, its own columns and later sets' must not change what names mean.
  RuleBinder(const RuleInputs& inputs, const ScoreTable& scores,
             std::vector<std::string> hidden = {});

  // A column an earlier rule set will add before the next set runs.
  void AddPendingColumn(std::string name, bool categorical, std::vector<std::string> labels);

  // Errors are InvalidArgument pointing into the rule text; warnings (a
  // label no customer has in a host attribute) are appended.
  absl::StatusOr<BoundRuleSet> Bind(const RuleFileAst& file, const RuleSetAst& set,
                                    std::vector<RuleWarning>& warnings) const;

 private:
  struct Candidate {
    BoundColumn column;
    std::string spelling;  // the unambiguous way to write it
  };
  struct BindState {
    const RuleFileAst& file;
    const RuleSetAst& set;
    BoundRuleSet& out;
    std::vector<RuleWarning>& warnings;
    // Per column, built on first use for long label lists: label -> code.
    std::vector<std::unique_ptr<absl::flat_hash_map<std::string, int32_t>>> label_index;
  };
  const ScoreColumn* FindScore(const std::string& name) const;
  std::vector<Candidate> Candidates(const std::string& name) const;
  std::vector<std::string> ShorthandColumns(const std::string& name) const;
  absl::StatusOr<BoundColumn> Resolve(const RuleFileAst& file, const Expr& leaf) const;
  absl::Status UnknownName(const RuleFileAst& file, const Expr& leaf) const;
  absl::Status BindExpr(BindState& state, const Expr& expr, int depth, BoundExpr& bound) const;
  absl::Status BindLeaf(BindState& state, const Expr& leaf, int column, BoundExpr& bound) const;
  absl::Status BindLabel(BindState& state, const Expr& leaf, int column, const Literal& literal,
                         int32_t& code) const;

  const RuleInputs& inputs_;
  const ScoreTable& scores_;
  std::vector<std::string> hidden_;
  std::vector<ScoreColumn> pending_;  // names, kinds and labels only
};

// The key NameDomain and BoundRuleSet::columns use for one column, so two
// spellings of it are one dimension.
std::string ColumnKey(const BoundColumn& column);

// "'abc' (abc.class)" when the name as written differs from the column.
std::string DescribeName(const std::string& written, const BoundColumn& column);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_BINDER_H_
