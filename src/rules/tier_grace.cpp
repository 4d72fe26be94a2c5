#include "rules/tier_grace.h"

#include <charconv>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "parallel.h"

namespace tessera {
namespace rules_internal {
namespace {

absl::Status CheckInputs(const TierSnapshot& previous, const CustomerIndex& customers,
                         const std::vector<std::string>& tiers,
                         const std::vector<int>& demote_after, const std::vector<int32_t>& tier) {
  if (demote_after.size() != tiers.size()) {
    return absl::InvalidArgumentError(absl::StrCat("demotion delays are given for ",
                                                   demote_after.size(), " tiers but the set has ",
                                                   tiers.size()));
  }
  for (size_t t = 0; t < tiers.size(); ++t) {
    if (demote_after[t] < 1) {
      return absl::InvalidArgumentError(absl::StrCat("tier '", tiers[t], "' demotes after ",
                                                     demote_after[t],
                                                     " periods; it must be 1 or more"));
    }
  }
  if (tier.size() != customers.size()) {
    return absl::InvalidArgumentError(absl::StrCat("tiers are given for ", tier.size(),
                                                   " customers but there are ", customers.size()));
  }
  for (int32_t t : tier) {
    if (t < 0 || static_cast<size_t>(t) >= tiers.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("an evaluated tier is ", t, ", not one of the ", tiers.size(), " tiers"));
    }
  }
  const TierSnapshot& p = previous;
  if (p.tier.size() != p.keys.size() || p.held_periods.size() != p.keys.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the previous snapshot of '", p.rule_set, "' has ", p.keys.size(), " keys but ",
        p.tier.size(), " tiers and ", p.held_periods.size(), " held periods"));
  }
  for (size_t i = 0; i < p.keys.size(); ++i) {
    if (p.tier[i] < 0 || static_cast<size_t>(p.tier[i]) >= p.tiers.size() ||
        p.held_periods[i] < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "in the previous snapshot of '", p.rule_set, "', customer '", p.keys[i], "' has tier ",
          p.tier[i], " of ", p.tiers.size(), " and ", p.held_periods[i], " held periods"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyDemotionDelay(const TierSnapshot& previous, const CustomerIndex& customers,
                                const std::vector<std::string>& tiers,
                                const std::vector<int>& demote_after, int num_threads,
                                std::vector<int32_t>& tier, std::vector<double>& held) {
  if (absl::Status valid = CheckInputs(previous, customers, tiers, demote_after, tier);
      !valid.ok()) {
    return valid;
  }
  // Previous tiers are matched to current ones by name: the rules may have
  // gained, lost or reordered tiers since the snapshot was taken.
  absl::flat_hash_map<absl::string_view, int32_t> current;
  for (size_t t = 0; t < tiers.size(); ++t) current.emplace(tiers[t], static_cast<int32_t>(t));
  std::vector<int32_t> previous_to_current;
  for (const std::string& label : previous.tiers) {
    auto found = current.find(label);
    previous_to_current.push_back(found == current.end() ? -1 : found->second);
  }
  absl::flat_hash_map<absl::string_view, size_t> previous_row;
  previous_row.reserve(previous.keys.size());
  for (size_t i = 0; i < previous.keys.size(); ++i) {
    if (!previous_row.emplace(previous.keys[i], i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer '", previous.keys[i],
                       "' appears twice in the previous snapshot of '", previous.rule_set, "'"));
    }
  }

  held.assign(customers.size(), 0.0);
  bool integer_keys = customers.kind() == KeyKind::kInteger;
  internal::ParallelChunks(customers.size(), num_threads, 4096, [&](int, size_t begin, size_t end) {
    char digits[24];
    for (size_t c = begin; c < end; ++c) {
      uint32_t index = static_cast<uint32_t>(c);
      absl::string_view key;
      if (integer_keys) {
        // The same text as CustomerIndex::KeyString, without an allocation.
        char* stop = std::to_chars(digits, digits + sizeof digits, customers.int_key(index)).ptr;
        key = absl::string_view(digits, static_cast<size_t>(stop - digits));
      } else {
        key = customers.string_key(index);
      }
      auto found = previous_row.find(key);
      if (found == previous_row.end()) continue;
      int32_t kept = previous_to_current[static_cast<size_t>(previous.tier[found->second])];
      // A smaller index is a better tier: meeting or beating the kept tier
      // takes effect at once.
      if (kept < 0 || tier[c] <= kept) continue;
      int64_t failing = int64_t{previous.held_periods[found->second]} + 1;
      if (failing >= demote_after[static_cast<size_t>(kept)]) continue;
      tier[c] = kept;
      held[c] = static_cast<double>(failing);
    }
  });
  return absl::OkStatus();
}

}  // namespace rules_internal
}  // namespace tessera
