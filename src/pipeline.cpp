#include "tessera/pipeline.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"

namespace tessera {
namespace {

// A snapshot for a set no rule file has is a mistake worth stopping for: the
// demotion delays the user expects would silently not happen.
absl::Status CheckPreviousTiers(const RunOptions& options) {
  std::vector<std::string> sets;
  for (const RuleFile& file : options.rules) {
    for (const RuleFile::RuleSetInfo& set : file.sets()) sets.push_back(set.name);
  }
  for (const auto& [name, snapshot] : options.previous_tiers) {
    if (std::find(sets.begin(), sets.end(), name) == sets.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "previous tiers are given for rule set '", name,
          "', but no rule file has that set (sets: ",
          sets.empty() ? "none" : absl::StrJoin(sets, ", "), ")"));
    }
    if (snapshot.rule_set != name) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the previous tiers given for rule set '", name, "' are a snapshot of '",
          snapshot.rule_set, "'"));
    }
  }
  return absl::OkStatus();
}

// A strategy's error, said once with the strategy's name in front: library
// calls a strategy makes may have named it already ("bgnbd: no customer
// made a repeat purchase").
absl::Status NamedAfter(std::string_view strategy, const absl::Status& status) {
  const std::string prefix = absl::StrCat(internal::ToAbsl(strategy), ": ");
  if (absl::StartsWith(status.message(), prefix)) return status;
  return absl::Status(status.code(), absl::StrCat(prefix, status.message()));
}

}  // namespace

absl::StatusOr<RunResult> Run(const Dataset& dataset, const RunOptions& options,
                              const StrategyRegistry& registry) {
  std::vector<std::unique_ptr<Strategy>> strategies;
  for (const StrategySpec& spec : options.strategies) {
    absl::StatusOr<std::unique_ptr<Strategy>> strategy =
        registry.Create(spec.name, spec.params);
    if (!strategy.ok()) return strategy.status();
    strategies.push_back(*std::move(strategy));
  }
  absl::Status previous = CheckPreviousTiers(options);
  if (!previous.ok()) return previous;
  absl::StatusOr<FeatureTable> features = ComputeFeatures(dataset, options.features);
  if (!features.ok()) return features.status();
  RunResult result{*std::move(features), ScoreTable(dataset.customer_count()), {}};
  for (const std::unique_ptr<Strategy>& strategy : strategies) {
    // Each strategy writes a table of its own, so that columns of earlier
    // strategies it reads stay put while it adds columns.
    ScoreTable scores(dataset.customer_count());
    StrategyInput input{dataset, options.features, result.features, result.scores};
    absl::Status s = strategy->Score(input, scores, result.warnings);
    if (s.ok()) s = result.scores.Append(std::move(scores));
    if (!s.ok()) return NamedAfter(strategy->name(), s);
  }
  RuleOptions rule_options;
  rule_options.num_threads = options.features.num_threads;
  rule_options.as_of = options.features.as_of;
  for (const auto& [set, snapshot] : options.previous_tiers) {
    rule_options.previous.emplace(set, &snapshot);
  }
  for (const RuleFile& file : options.rules) {
    std::vector<RuleWarning> warnings;
    absl::Status s = ApplyRules(file, RuleInputs{dataset, result.features},
                                result.scores, warnings, rule_options);
    if (!s.ok()) return s;
    for (const RuleWarning& warning : warnings) {
      result.warnings.push_back(
          warning.line > 0
              ? absl::StrCat(internal::ToAbsl(file.source_name()), ":", warning.line, ": ",
                             warning.message)
              : absl::StrCat(internal::ToAbsl(file.source_name()), ": ", warning.message));
    }
  }
  return result;
}

}  // namespace tessera
