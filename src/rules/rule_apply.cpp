#include <algorithm>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "rules/rule_binder.h"
#include "rules/rule_coverage.h"
#include "rules/rule_evaluator.h"
#include "rules/rule_program.h"
#include "rules/tier_grace.h"
#include "tessera/dates.h"
#include "tessera/rules.h"
#include "tessera/tier_history.h"

namespace tessera {
namespace {

using rules_internal::BoundRuleSet;

std::string WithThousands(size_t count) {
  std::string digits = std::to_string(count);
  for (size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

std::string RuleName(const RuleFile::RuleSetInfo& info, int rule) {
  const RuleFile::RuleInfo& r = info.rules[static_cast<size_t>(rule)];
  return absl::StrCat(rule + 1, " \"", r.tier, "\" (line ", r.line, ")");
}

bool IsRule(const RuleFile::RuleSetInfo& info, int rule) {
  return rule >= 0 && static_cast<size_t>(rule) < info.rules.size();
}

RuleWarning ShadowedWarning(const RuleFile::RuleSetInfo& info,
                            const rules_internal::ShadowedRule& shadowed) {
  std::vector<std::string> covering;
  for (int rule : shadowed.covered_by) {
    if (IsRule(info, rule)) covering.push_back(RuleName(info, rule));
  }
  // Covered by nothing: the condition itself can never be true.
  std::string by = "no customer can meet its condition";
  if (covering.size() == 1) {
    by = absl::StrCat("rule ", covering[0], " takes every customer it would");
  } else if (covering.size() > 1) {
    const std::string last = covering.back();
    covering.pop_back();
    by = absl::StrCat("rules ", absl::StrJoin(covering, ", "), " and ", last,
                      " take every customer it would");
  }
  return {info.name, info.rules[static_cast<size_t>(shadowed.rule)].line,
          absl::StrCat("rule ", RuleName(info, shadowed.rule), " can never match: ", by)};
}

const TierSnapshot* PreviousOf(const RuleOptions& options, const std::string& set) {
  auto it = options.previous.find(set);
  return it == options.previous.end() ? nullptr : it->second;
}

// The columns each set appends, checked against the table and each other
// before anything runs.
absl::Status CheckOutputNames(const RuleFile& file, const ScoreTable& scores,
                              const RuleOptions& options) {
  std::vector<std::string> names;
  for (const RuleFile::RuleSetInfo& info : file.sets()) {
    std::vector<std::string> outputs = {info.name, absl::StrCat(info.name, ".rule")};
    if (PreviousOf(options, info.name) != nullptr) {
      outputs.push_back(absl::StrCat(info.name, ".held"));
    }
    for (const std::string& name : outputs) {
      if (scores.Find(name) != nullptr ||
          std::find(names.begin(), names.end(), name) != names.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            internal::ToAbsl(file.source_name()), ": rule set \"", info.name,
            "\" would add the column '", name, "', but a column of that name already exists"));
      }
      names.push_back(name);
    }
  }
  return absl::OkStatus();
}

// Per tier, from its rules' `demote after` (the set's when a rule has none
// of its own); the most patient one wins when two rules of a tier differ.
// The parser makes every rule of a tier give the same `demote after`.
std::vector<int> DemoteAfterByTier(const RuleFile::RuleSetInfo& info) {
  std::vector<int> demote_after(info.tiers.size(), 1);
  for (const RuleFile::RuleInfo& rule : info.rules) {
    auto it = std::find(info.tiers.begin(), info.tiers.end(), rule.tier);
    if (it == info.tiers.end()) continue;
    demote_after[static_cast<size_t>(it - info.tiers.begin())] = rule.demote_after;
  }
  return demote_after;
}

// A snapshot of this period or a later one would count a failing period
// twice (or backwards); one from edited rules still works by tier name, but
// the user should know the tiers moved under different rules.
absl::Status CheckPreviousSnapshots(const RuleFile& file, const RuleOptions& options,
                                    std::vector<RuleWarning>& warnings) {
  for (const RuleFile::RuleSetInfo& info : file.sets()) {
    const TierSnapshot* previous = PreviousOf(options, info.name);
    if (previous == nullptr) continue;
    if (options.as_of != kNoDay && previous->as_of != kNoDay && previous->as_of >= options.as_of) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the previous tiers of rule set \"", info.name, "\" are as of ",
          FormatDay(previous->as_of), ", not before this run's ", FormatDay(options.as_of),
          "; give the snapshot of the period before"));
    }
    if (previous->fingerprint != info.fingerprint) {
      warnings.push_back(
          {info.name, 0,
           absl::StrCat("rule set \"", info.name,
                        "\" changed since the previous tiers were saved (fingerprint ",
                        previous->fingerprint, ", now ", info.fingerprint,
                        "); demotion delays carry over by tier name")});
    }
  }
  return absl::OkStatus();
}

absl::Status EvaluateSet(const RuleFile::RuleSetInfo& info, const BoundRuleSet& bound,
                         const RuleInputs& inputs, const ScoreTable& scores,
                         const RuleOptions& options, ScoreTable& produced,
                         std::vector<RuleWarning>& warnings) {
  const size_t customers = inputs.dataset.customer_count();
  absl::StatusOr<std::vector<rules_internal::ColumnData>> data =
      rules_internal::ResolveColumns(bound, inputs, scores, &produced);
  if (!data.ok()) return data.status();
  const rules_internal::RuleSetProgram program = rules_internal::CompileRuleSet(bound, *data);

  rules_internal::RuleSetOutput out;
  for (const RuleFile::RuleInfo& r : info.rules) {
    auto it = std::find(info.tiers.begin(), info.tiers.end(), r.tier);
    if (it == info.tiers.end()) {
      return absl::InternalError(absl::StrCat("tier \"", r.tier, "\" is not among the tiers"));
    }
    out.tier_of_rule.push_back(static_cast<int32_t>(it - info.tiers.begin()));
  }
  auto unassigned = std::find(info.tiers.begin(), info.tiers.end(), kUnassignedTier);
  out.unassigned_tier =
      unassigned == info.tiers.end() ? -1 : static_cast<int32_t>(unassigned - info.tiers.begin());
  // The evaluation writes straight into the new columns: a column's buffer
  // stays put when a later Add moves the column itself, because moving a
  // ScoreColumn cannot throw and so never copies.
  static_assert(std::is_nothrow_move_constructible_v<ScoreColumn>);
  out.tier = produced.AddCategorical(info.name, info.tiers).data();
  out.rule = produced.AddNumeric(absl::StrCat(info.name, ".rule")).data();
  const size_t left = rules_internal::EvaluateRuleSet(program, customers, options.num_threads, out);
  if (left > 0) {
    if (out.unassigned_tier < 0) {
      return absl::InternalError(absl::StrCat("rule set \"", info.name,
                                              "\" left customers unassigned but has no \"",
                                              internal::ToAbsl(kUnassignedTier), "\" tier"));
    }
    warnings.push_back(
        {info.name, 0,
         absl::StrCat("rule set \"", info.name, "\": ", WithThousands(left), " of ",
                      WithThousands(customers), " customers matched no rule and are \"",
                      internal::ToAbsl(kUnassignedTier),
                      "\" (add `tier \"...\" otherwise` to name them)")});
  }
  const TierSnapshot* previous = PreviousOf(options, info.name);
  if (previous == nullptr) return absl::OkStatus();
  std::vector<int32_t> kept(out.tier, out.tier + customers);
  std::vector<double> held;
  absl::Status status = rules_internal::ApplyDemotionDelay(*previous, inputs.dataset.customers,
                                                           info.tiers, DemoteAfterByTier(info),
                                                           options.num_threads, kept, held);
  if (!status.ok()) return status;
  if (kept.size() != customers) return absl::InternalError("demotion delay lost customers");
  std::copy(kept.begin(), kept.end(), out.tier);
  held.resize(customers, 0.0);
  produced.AddNumeric(absl::StrCat(info.name, ".held")) = std::move(held);
  return absl::OkStatus();
}

absl::Status ApplyRulesOrThrow(const RuleFile& file, const RuleInputs& inputs, ScoreTable& scores,
                               std::vector<RuleWarning>& warnings, const RuleOptions& options) {
  // A default-constructed RuleFile has no syntax tree to look at.
  if (file.sets().empty()) return absl::OkStatus();
  const rules_internal::RuleFileAst& ast = file.ast();
  const size_t customers = inputs.dataset.customer_count();
  if (ast.sets.size() != file.sets().size()) {
    return absl::InternalError("rule file: the syntax tree and the set list disagree");
  }
  if (inputs.features.customer_count() != customers || scores.customer_count() != customers) {
    return absl::InvalidArgumentError(absl::StrCat(
        "rules: the dataset has ", customers, " customers but the features have ",
        inputs.features.customer_count(), " and the scores ", scores.customer_count()));
  }
  absl::Status status = CheckOutputNames(file, scores, options);
  if (!status.ok()) return status;
  std::vector<RuleWarning> found;
  status = CheckPreviousSnapshots(file, options, found);
  if (!status.ok()) return status;

  // Every set is bound before any runs, so a mistake anywhere costs nothing.
  std::vector<BoundRuleSet> bound;
  rules_internal::RuleBinder binder(inputs, scores);
  for (size_t s = 0; s < ast.sets.size(); ++s) {
    absl::StatusOr<BoundRuleSet> set = binder.Bind(ast, ast.sets[s], found);
    if (!set.ok()) return set.status();
    bound.push_back(*std::move(set));
    const RuleFile::RuleSetInfo& info = file.sets()[s];
    binder.AddPendingColumn(info.name, true, info.tiers);
    binder.AddPendingColumn(absl::StrCat(info.name, ".rule"), false, {});
    if (PreviousOf(options, info.name) != nullptr) {
      binder.AddPendingColumn(absl::StrCat(info.name, ".held"), false, {});
    }
  }
  for (size_t s = 0; s < bound.size(); ++s) {
    for (const rules_internal::ShadowedRule& shadowed :
         rules_internal::FindShadowedRules(ast.sets[s], bound[s].Domains())) {
      if (IsRule(file.sets()[s], shadowed.rule)) {
        found.push_back(ShadowedWarning(file.sets()[s], shadowed));
      }
    }
  }

  ScoreTable produced(customers);
  for (size_t s = 0; s < bound.size(); ++s) {
    status = EvaluateSet(file.sets()[s], bound[s], inputs, scores, options, produced, found);
    if (!status.ok()) return status;
  }
  status = scores.Append(std::move(produced));
  if (!status.ok()) return status;
  warnings.insert(warnings.end(), found.begin(), found.end());
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyRules(const RuleFile& file, const RuleInputs& inputs, ScoreTable& scores,
                        std::vector<RuleWarning>& warnings, const RuleOptions& options) {
  try {
    return ApplyRulesOrThrow(file, inputs, scores, warnings, options);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("rules: out of memory while evaluating");
  }
}

}  // namespace tessera
