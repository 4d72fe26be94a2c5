#include "rules/rule_binder.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nearest_name.h"
#include "rules/rule_diagnostics.h"

namespace tessera {
namespace rules_internal {
namespace {

constexpr char kAttrPrefix[] = "attr.";
constexpr char kFeaturePrefix[] = "feature.";
constexpr char kScorePrefix[] = "score.";

// The parser bounds nesting; this only keeps a hand-built tree from
// exhausting the stack.
constexpr int kMaxBindDepth = 512;

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.size() > prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

// A host attribute's labels come from the data; the attributes strategy's
// "attr.<name>" copies of them too.
bool ScoreLabelsFixed(const std::string& name) { return !StartsWith(name, kAttrPrefix); }

BoundColumn ScoreColumnOf(const ScoreColumn& score) {
  BoundColumn column;
  column.source = BoundColumn::Source::kScore;
  column.name = score.name;
  column.categorical = score.kind == ScoreColumn::Kind::kCategorical;
  if (column.categorical) column.labels = score.labels;
  column.labels_fixed = ScoreLabelsFixed(score.name);
  return column;
}

}  // namespace

std::string ColumnKey(const BoundColumn& column) {
  switch (column.source) {
    case BoundColumn::Source::kFeature:
      return absl::StrCat("feature:", column.name);
    case BoundColumn::Source::kScore:
      return absl::StrCat("score:", column.name);
    case BoundColumn::Source::kAttribute:
      return absl::StrCat(column.categorical ? "attr:" : "attr#:", column.name);
  }
  return column.name;
}

std::string DescribeName(const std::string& written, const BoundColumn& column) {
  if (written == column.name) return absl::StrCat("'", written, "'");
  return absl::StrCat("'", written, "' (", column.name, ")");
}

DomainLookup BoundRuleSet::Domains() const {
  return [this](const std::string& name) -> const NameDomain* {
    auto it = domains.find(name);
    return it == domains.end() ? nullptr : &it->second;
  };
}

RuleBinder::RuleBinder(const RuleInputs& inputs, const ScoreTable& scores,
                       std::vector<std::string> hidden)
    : inputs_(inputs), scores_(scores), hidden_(std::move(hidden)) {}

void RuleBinder::AddPendingColumn(std::string name, bool categorical,
                                  std::vector<std::string> labels) {
  ScoreColumn& column = pending_.emplace_back();
  column.name = std::move(name);
  column.kind = categorical ? ScoreColumn::Kind::kCategorical : ScoreColumn::Kind::kNumeric;
  column.labels = std::move(labels);
}

const ScoreColumn* RuleBinder::FindScore(const std::string& name) const {
  if (std::find(hidden_.begin(), hidden_.end(), name) == hidden_.end()) {
    if (const ScoreColumn* column = scores_.Find(name)) return column;
  }
  for (const ScoreColumn& column : pending_) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

std::vector<std::string> RuleBinder::ShorthandColumns(const std::string& name) const {
  std::vector<std::string> found;
  const std::string prefix = absl::StrCat(name, ".");
  auto consider = [&](const ScoreColumn& column) {
    if (column.kind == ScoreColumn::Kind::kCategorical && StartsWith(column.name, prefix) &&
        std::find(hidden_.begin(), hidden_.end(), column.name) == hidden_.end()) {
      found.push_back(column.name);
    }
  };
  for (const ScoreColumn& column : scores_.columns()) consider(column);
  for (const ScoreColumn& column : pending_) consider(column);
  return found;
}

std::vector<RuleBinder::Candidate> RuleBinder::Candidates(const std::string& name) const {
  std::vector<Candidate> found;
  if (inputs_.features.Find(name) != nullptr) {
    BoundColumn column;
    column.source = BoundColumn::Source::kFeature;
    column.name = name;
    found.push_back({std::move(column), absl::StrCat(kFeaturePrefix, name)});
  }
  if (const ScoreColumn* score = FindScore(name)) {
    found.push_back({ScoreColumnOf(*score), absl::StrCat(kScorePrefix, name)});
  }
  for (const CategoricalAttribute& attribute : inputs_.dataset.attributes.categorical) {
    if (attribute.name != name) continue;
    BoundColumn column;
    column.source = BoundColumn::Source::kAttribute;
    column.name = name;
    column.categorical = true;
    column.labels = attribute.labels.labels();
    found.push_back({std::move(column), absl::StrCat(kAttrPrefix, name)});
    break;
  }
  for (const NumericAttribute& attribute : inputs_.dataset.attributes.numeric) {
    if (attribute.name != name) continue;
    BoundColumn column;
    column.source = BoundColumn::Source::kAttribute;
    column.name = name;
    found.push_back({std::move(column), absl::StrCat(kAttrPrefix, name)});
    break;
  }
  for (const std::string& full : ShorthandColumns(name)) {
    found.push_back({ScoreColumnOf(*FindScore(full)), full});
  }
  return found;
}

absl::StatusOr<BoundColumn> RuleBinder::Resolve(const RuleFileAst& file, const Expr& leaf) const {
  const std::string& name = leaf.name;
  // A qualified spelling picks one source, so it never is ambiguous.
  if (StartsWith(name, kAttrPrefix) || StartsWith(name, kFeaturePrefix) ||
      StartsWith(name, kScorePrefix)) {
    const size_t dot = name.find('.');
    const std::string_view prefix = std::string_view(name).substr(0, dot + 1);
    const std::string rest = name.substr(dot + 1);
    for (Candidate& candidate : Candidates(rest)) {
      const bool wanted =
          (prefix == kAttrPrefix && candidate.column.source == BoundColumn::Source::kAttribute) ||
          (prefix == kFeaturePrefix && candidate.column.source == BoundColumn::Source::kFeature) ||
          (prefix == kScorePrefix && candidate.column.source == BoundColumn::Source::kScore &&
           candidate.column.name == rest);
      if (wanted) return std::move(candidate.column);
    }
  }
  std::vector<Candidate> candidates = Candidates(name);
  if (candidates.size() == 1) return std::move(candidates[0].column);
  if (candidates.empty()) return UnknownName(file, leaf);
  const std::vector<std::string> shorthand = ShorthandColumns(name);
  if (shorthand.size() == candidates.size()) {
    return RuleError(
        file, leaf.name_span,
        absl::StrCat("'", name, "' stands for a strategy's one label column, but ", name,
                     " has several: ", absl::StrJoin(shorthand, ", "), "; write the one you mean"));
  }
  std::vector<std::string> meanings, spellings;
  for (const Candidate& candidate : candidates) {
    const char* what = candidate.column.source == BoundColumn::Source::kFeature ? "the feature "
                       : candidate.column.source == BoundColumn::Source::kAttribute
                           ? "the host attribute "
                           : "the score column ";
    meanings.push_back(absl::StrCat(what, candidate.column.name));
    spellings.push_back(candidate.spelling);
  }
  return RuleError(
      file, leaf.name_span,
      absl::StrCat("'", name, "' is ambiguous: it names ", absl::StrJoin(meanings, " and "),
                   "; write ", absl::StrJoin(spellings, " or "), " instead"));
}

absl::Status RuleBinder::UnknownName(const RuleFileAst& file, const Expr& leaf) const {
  std::vector<std::string> features = inputs_.features.names();
  std::vector<std::string> scores, attributes, spellings = features;
  for (const ScoreColumn& column : scores_.columns()) {
    if (FindScore(column.name) == &column) scores.push_back(column.name);
  }
  for (const ScoreColumn& column : pending_) scores.push_back(column.name);
  for (const CategoricalAttribute& attribute : inputs_.dataset.attributes.categorical) {
    attributes.push_back(attribute.name);
  }
  for (const NumericAttribute& attribute : inputs_.dataset.attributes.numeric) {
    attributes.push_back(attribute.name);
  }
  for (const std::string& score : scores) {
    spellings.push_back(score);
    const size_t dot = score.find('.');
    if (dot != std::string::npos && ShorthandColumns(score.substr(0, dot)).size() == 1) {
      spellings.push_back(score.substr(0, dot));
    }
  }
  for (const std::string& attribute : attributes) {
    spellings.push_back(attribute);
    spellings.push_back(absl::StrCat(kAttrPrefix, attribute));
  }
  std::string message = absl::StrCat("unknown name '", leaf.name, "'");
  if (const std::string* nearest = internal::NearestName(leaf.name, spellings)) {
    absl::StrAppend(&message, "; did you mean '", *nearest, "'?");
  }
  std::string text = FormatDiagnostic(file, leaf.name_span, "error", message);
  if (!text.empty() && text.back() != '\n') text += '\n';
  auto list = [](const std::vector<std::string>& names) {
    return names.empty() ? std::string("none") : absl::StrJoin(names, ", ");
  };
  absl::StrAppend(&text, "  features: ", list(features), "\n  scores: ", list(scores),
                  "\n  attributes: ", list(attributes));
  return absl::InvalidArgumentError(text);
}

absl::StatusOr<BoundRuleSet> RuleBinder::Bind(const RuleFileAst& file, const RuleSetAst& set,
                                              std::vector<RuleWarning>& warnings) const {
  BoundRuleSet out;
  out.ast = &set;
  BindState state{file, set, out, warnings, {}};
  for (const Rule& rule : set.rules) {
    BoundRule& bound = out.rules.emplace_back();
    bound.rule = &rule;
    if (rule.condition == nullptr) continue;
    bound.condition = std::make_unique<BoundExpr>();
    absl::Status status = BindExpr(state, *rule.condition, 0, *bound.condition);
    if (!status.ok()) return status;
  }
  return out;
}

absl::Status RuleBinder::BindExpr(BindState& state, const Expr& expr, int depth,
                                  BoundExpr& bound) const {
  if (depth > kMaxBindDepth) {
    return RuleError(state.file, expr.span,
                     absl::StrCat("the condition nests deeper than ", kMaxBindDepth, " levels"));
  }
  bound.kind = expr.kind;
  bound.expr = &expr;
  bound.negated = expr.negated;
  if (expr.kind == Expr::Kind::kAnd || expr.kind == Expr::Kind::kOr ||
      expr.kind == Expr::Kind::kNot) {
    const size_t wanted = expr.kind == Expr::Kind::kNot ? 1 : 2;
    if (expr.children.size() < wanted ||
        (expr.kind == Expr::Kind::kNot && expr.children.size() != 1)) {
      return absl::InternalError("rule syntax tree: and/or/not with a wrong child count");
    }
    bound.children.resize(expr.children.size());
    for (size_t i = 0; i < expr.children.size(); ++i) {
      if (expr.children[i] == nullptr) {
        return absl::InternalError("rule syntax tree: a null condition");
      }
      absl::Status status = BindExpr(state, *expr.children[i], depth + 1, bound.children[i]);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }
  absl::StatusOr<BoundColumn> column = Resolve(state.file, expr);
  if (!column.ok()) return column.status();
  const std::string key = ColumnKey(*column);
  BoundRuleSet& out = state.out;
  int index = 0;
  while (index < static_cast<int>(out.columns.size()) &&
         ColumnKey(out.columns[static_cast<size_t>(index)]) != key) {
    ++index;
  }
  if (index == static_cast<int>(out.columns.size())) {
    out.columns.push_back(*column);
    state.label_index.emplace_back();
  }
  out.domains.emplace(expr.name, NameDomain{key, column->categorical, column->labels});
  return BindLeaf(state, expr, index, bound);
}

}  // namespace rules_internal
}  // namespace tessera
