#include <algorithm>
#include <cmath>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "rules/rule_binder.h"
#include "rules/rule_program.h"
#include "rules/rule_reference.h"
#include "tessera/rules.h"

namespace tessera {
namespace {

using rules_internal::BoundExpr;
using rules_internal::BoundRuleSet;
using rules_internal::ColumnData;

// Leaves in reading order, each name once.
void CollectNames(const BoundExpr& expr, std::vector<const BoundExpr*>& leaves) {
  if (expr.children.empty()) {
    for (const BoundExpr* seen : leaves) {
      if (seen->expr->name == expr.expr->name) return;
    }
    leaves.push_back(&expr);
    return;
  }
  for (const BoundExpr& child : expr.children) CollectNames(child, leaves);
}

// "monetary = 1210.5, rfm.f = 2"; empty for `otherwise`.
std::string Values(const BoundRuleSet& set, const std::vector<ColumnData>& data, size_t rule,
                   uint32_t customer) {
  const rules_internal::BoundRule& bound = set.rules[rule];
  if (bound.condition == nullptr) return "";
  std::vector<const BoundExpr*> leaves;
  CollectNames(*bound.condition, leaves);
  std::vector<std::string> parts;
  for (const BoundExpr* leaf : leaves) {
    const size_t column = static_cast<size_t>(leaf->column);
    parts.push_back(absl::StrCat(
        leaf->expr->name, " = ",
        rules_internal::FormatValue(set.columns[column], data[column], customer)));
  }
  return absl::StrJoin(parts, ", ");
}

absl::StatusOr<std::string> Explain(const RuleFile& file, std::string_view set_name,
                                    const RuleInputs& inputs, const ScoreTable& scores,
                                    uint32_t customer) {
  const std::vector<RuleFile::RuleSetInfo>& sets = file.sets();
  auto found = std::find_if(sets.begin(), sets.end(), [&](const RuleFile::RuleSetInfo& info) {
    return info.name == set_name;
  });
  if (found == sets.end()) {
    std::vector<std::string> names;
    for (const RuleFile::RuleSetInfo& info : sets) names.push_back(info.name);
    return absl::NotFoundError(absl::StrCat(
        internal::ToAbsl(file.source_name()), " has no rule set \"",
        internal::ToAbsl(set_name), "\" (its sets: ", absl::StrJoin(names, ", "), ")"));
  }
  const size_t index = static_cast<size_t>(found - sets.begin());
  const RuleFile::RuleSetInfo& info = *found;
  const size_t customers = inputs.dataset.customer_count();
  if (customer >= customers) {
    return absl::OutOfRangeError(absl::StrCat("customer ", customer,
                                              " is out of range: the dataset has ", customers,
                                              " customers"));
  }
  const ScoreColumn* tiers = scores.Find(info.name);
  if (tiers == nullptr || tiers->kind != ScoreColumn::Kind::kCategorical ||
      tiers->codes.size() != customers || file.ast().sets.size() != sets.size()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the scores have no tier column '", info.name, "' for ", customers,
        " customers: explain a rule set after ApplyRules has run it on the same data"));
  }

  // The set was bound before its own columns, and those of every later set
  // or rule file, existed; hiding them keeps a later column from making a
  // name ambiguous now.
  std::vector<std::string> hidden;
  const std::vector<ScoreColumn>& columns = scores.columns();
  for (size_t c = static_cast<size_t>(tiers - columns.data()); c < columns.size(); ++c) {
    hidden.push_back(columns[c].name);
  }
  rules_internal::RuleBinder binder(inputs, scores, hidden);
  std::vector<RuleWarning> ignored;
  absl::StatusOr<BoundRuleSet> bound = binder.Bind(file.ast(), file.ast().sets[index], ignored);
  if (!bound.ok()) return bound.status();
  if (bound->rules.size() != info.rules.size()) {
    return absl::InternalError("rule file: the syntax tree and the rule list disagree");
  }
  absl::StatusOr<std::vector<ColumnData>> data =
      rules_internal::ResolveColumns(*bound, inputs, scores, nullptr);
  if (!data.ok()) return data.status();

  const int matched = rules_internal::FirstMatchingRule(*bound, *data, customer);
  const int32_t code = tiers->codes[customer];
  const std::string tier = code >= 0 && static_cast<size_t>(code) < tiers->labels.size()
                               ? tiers->labels[static_cast<size_t>(code)]
                               : std::string(kUnassignedTier);
  const ScoreColumn* held = scores.Find(absl::StrCat(info.name, ".held"));
  const double periods = held != nullptr && held->kind == ScoreColumn::Kind::kNumeric &&
                                 held->numeric.size() == customers
                             ? held->numeric[customer]
                             : 0.0;

  const std::string key = inputs.dataset.customers.KeyString(customer);
  const std::string by_rules =
      matched < 0 ? "no rule matched"
                  : absl::StrCat("by rule ", matched + 1, " (line ",
                                 info.rules[static_cast<size_t>(matched)].line, ")");
  std::string text;
  if (periods > 0) {
    const std::string now =
        matched < 0 ? by_rules
                    : absl::StrCat("tier \"", info.rules[static_cast<size_t>(matched)].tier,
                                   "\" ", by_rules);
    int demote_after = 1;
    for (const RuleFile::RuleInfo& rule : info.rules) {
      if (rule.tier == tier) demote_after = std::max(demote_after, rule.demote_after);
    }
    absl::StrAppend(&text, key, ": tier \"", tier, "\" kept by `demote after ", demote_after,
                    " periods` (", periods, periods == 1 ? " period" : " periods",
                    " failing its rule so far); by the rules now: ", now, "\n");
  } else if (matched < 0) {
    absl::StrAppend(&text, key, ": tier \"", tier, "\": no rule matched\n");
  } else {
    absl::StrAppend(&text, key, ": tier \"", tier, "\" ", by_rules, "\n");
  }
  if (matched >= 0) {
    const size_t m = static_cast<size_t>(matched);
    absl::StrAppend(&text, "  ", info.rules[m].text, "\n");
    const std::string values = Values(*bound, *data, m, customer);
    if (!values.empty()) absl::StrAppend(&text, "  ", values, "\n");
  }
  const size_t earlier = matched < 0 ? info.rules.size() : static_cast<size_t>(matched);
  for (size_t r = 0; r < earlier; ++r) {
    absl::StrAppend(&text, "not rule ", r + 1, " \"", info.rules[r].tier, "\" (line ",
                    info.rules[r].line, "): ", Values(*bound, *data, r, customer), "\n");
  }
  if (!text.empty()) text.pop_back();
  return text;
}

}  // namespace

absl::StatusOr<std::string> ExplainTier(const RuleFile& file, std::string_view set,
                                        const RuleInputs& inputs, const ScoreTable& scores,
                                        uint32_t customer) {
  try {
    return Explain(file, set, inputs, scores, customer);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("rules: out of memory while explaining a tier");
  }
}

}  // namespace tessera
