#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl_compat.h"
#include "rules/rule_ast.h"
#include "rules/rule_diagnostics.h"
#include "rules/rule_parser.h"
#include "tessera/rules.h"

namespace tessera {

namespace {

// 64-bit FNV-1a (Fowler, Noll, Vo; the constants are the published 64-bit
// offset basis and prime). Fingerprints are stored beside tier snapshots, so
// this must never change: it is written out here rather than taken from a
// library whose hash may change between versions.
uint64_t Fnv1a64(std::string_view text) {
  constexpr uint64_t kOffsetBasis = 0xcbf29ce484222325ull;
  constexpr uint64_t kPrime = 0x100000001b3ull;
  uint64_t hash = kOffsetBasis;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kPrime;
  }
  return hash;
}

RuleFile::RuleSetInfo DescribeSet(const rules_internal::RuleSetAst& set,
                                  const std::vector<std::string>& rule_texts) {
  RuleFile::RuleSetInfo info;
  info.name = set.name;
  bool has_otherwise = false;
  for (size_t r = 0; r < set.rules.size(); ++r) {
    const rules_internal::Rule& rule = set.rules[r];
    RuleFile::RuleInfo rule_info;
    rule_info.tier = rule.tier;
    rule_info.line = rule.span.line;
    rule_info.text = rule_texts[r];
    rule_info.otherwise = rule.condition == nullptr;
    rule_info.demote_after = rule.demote_after > 0 ? rule.demote_after : set.demote_after;
    has_otherwise = has_otherwise || rule_info.otherwise;
    if (std::find(info.tiers.begin(), info.tiers.end(), rule.tier) == info.tiers.end()) {
      info.tiers.push_back(rule.tier);
    }
    info.rules.push_back(std::move(rule_info));
  }
  const std::string unassigned(kUnassignedTier);
  if (!has_otherwise &&
      std::find(info.tiers.begin(), info.tiers.end(), unassigned) == info.tiers.end()) {
    info.tiers.push_back(unassigned);
  }
  info.fingerprint = absl::StrFormat("%016x", Fnv1a64(set.canonical));
  return info;
}

}  // namespace

absl::StatusOr<RuleFile> RuleFile::Parse(std::string_view text, std::string_view source_name,
                                         const RuleLimits& limits) {
  absl::StatusOr<rules_internal::ParsedRuleFile> parsed =
      rules_internal::ParseRuleFile(text, source_name, limits);
  if (!parsed.ok()) return parsed.status();
  for (const rules_internal::RuleSetAst& set : parsed->ast.sets) {
    for (const rules_internal::Rule& rule : set.rules) {
      // Reserved, so that customers no rule took are never mixed with a
      // tier of that name.
      if (rule.tier == kUnassignedTier) {
        return rules_internal::RuleError(
            parsed->ast, rule.tier_span,
            absl::StrCat("\"", internal::ToAbsl(kUnassignedTier),
                         "\" is the tier of customers no rule matches; give this tier "
                         "another name"));
      }
    }
  }
  RuleFile file;
  const std::vector<rules_internal::RuleSetAst>& sets = parsed->ast.sets;
  for (size_t s = 0; s < sets.size(); ++s) {
    file.sets_.push_back(DescribeSet(sets[s], parsed->rule_texts[s]));
  }
  file.ast_ = std::make_shared<const rules_internal::RuleFileAst>(std::move(parsed->ast));
  return file;
}

const RuleFile::RuleSetInfo* RuleFile::FindSet(std::string_view name) const {
  for (const RuleSetInfo& set : sets_) {
    if (set.name == name) return &set;
  }
  return nullptr;
}

const rules_internal::RuleFileAst& RuleFile::ast() const {
  static const rules_internal::RuleFileAst* const kNoSets = new rules_internal::RuleFileAst();
  return ast_ == nullptr ? *kNoSets : *ast_;
}

std::string_view RuleFile::source_name() const {
  return ast_ == nullptr ? std::string_view() : std::string_view(ast_->source_name);
}

}  // namespace tessera
