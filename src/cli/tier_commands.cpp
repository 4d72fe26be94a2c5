#include "tier_commands.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "exit_codes.h"
#include "rule_inputs.h"
#include "tessera/rules.h"
#include "tessera/tier_history.h"

namespace tessera::cli {
namespace {

int Fail(std::ostream& err, int code, const std::string& message) {
  err << "tessera: " << message << '\n';
  return code;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// Every customer whose tier changed, as CSV: customer,before,after,move.
void WriteMoves(const TierSnapshot& before, const TierSnapshot& after,
                const TierMigration& migration, std::ostream& out) {
  absl::flat_hash_map<std::string, const std::string*> tier_before, tier_after;
  for (size_t i = 0; i < before.keys.size(); ++i) {
    tier_before[before.keys[i]] = &before.tiers[before.tier[i]];
  }
  for (size_t i = 0; i < after.keys.size(); ++i) {
    tier_after[after.keys[i]] = &after.tiers[after.tier[i]];
  }
  static const std::string kNone;
  auto tier_of = [](const absl::flat_hash_map<std::string, const std::string*>& tiers,
                    const std::string& key) -> const std::string& {
    auto found = tiers.find(key);
    return found == tiers.end() ? kNone : *found->second;
  };
  out << "customer,before,after,move\n";
  const std::pair<const std::vector<std::string>*, const char*> moves[] = {
      {&migration.upgraded, "upgraded"},
      {&migration.downgraded, "downgraded"},
      {&migration.added, "new"},
      {&migration.gone, "gone"}};
  for (const auto& [keys, move] : moves) {
    for (const std::string& key : *keys) {
      out << CsvField(key) << ',' << CsvField(tier_of(tier_before, key)) << ','
          << CsvField(tier_of(tier_after, key)) << ',' << move << '\n';
    }
  }
}

}  // namespace

int RunRules(const RulesOptions& o, std::ostream& out, std::ostream& err) {
  if (!o.check.empty()) {
    absl::StatusOr<std::vector<RuleFile>> files = LoadRuleFiles({o.check});
    if (!files.ok()) return Fail(err, kExitInput, std::string(files.status().message()));
    for (const RuleFile::RuleSetInfo& set : files->front().sets()) {
      out << "rule set '" << set.name << "': " << set.rules.size() << " rules, tiers "
          << absl::StrJoin(set.tiers, ", ") << " (fingerprint " << set.fingerprint << ")\n";
    }
    out << "The syntax is correct. Names, types and shadowed rules are checked "
           "against the data when the file runs with 'tessera segment --rules'.\n";
    return kExitSuccess;
  }
  if (!o.show.empty()) {
    absl::StatusOr<std::string_view> text = BuiltinRuleFile(o.show);
    if (!text.ok()) return Fail(err, kExitUsage, std::string(text.status().message()));
    out << *text;
    return kExitSuccess;
  }
  out << "Built-in rule files (use with: tessera segment ... --rules builtin:NAME;\n"
         "print one with: tessera rules NAME):\n";
  for (const std::string& name : BuiltinRuleFileNames()) out << "  " << name << '\n';
  return kExitSuccess;
}

int RunCompareTiers(const CompareOptions& o, std::ostream& out, std::ostream& err) {
  absl::StatusOr<TierSnapshot> before = ReadTierSnapshot(o.before);
  if (!before.ok()) return Fail(err, kExitInput, std::string(before.status().message()));
  absl::StatusOr<TierSnapshot> after = ReadTierSnapshot(o.after);
  if (!after.ok()) return Fail(err, kExitInput, std::string(after.status().message()));
  absl::StatusOr<TierMigration> migration = CompareTierSnapshots(*before, *after);
  if (!migration.ok()) {
    return Fail(err, kExitInput, std::string(migration.status().message()));
  }
  std::ostream& report = o.moves == "-" ? err : out;
  report << FormatTierMigration(*migration);
  report << migration->upgraded.size() << " upgraded, " << migration->downgraded.size()
         << " downgraded, " << migration->unchanged.size() << " unchanged, "
         << migration->added.size() << " new, " << migration->gone.size() << " gone.\n";
  if (o.moves.empty()) {
    report << "List every customer who moved with --moves FILE.\n";
    return kExitSuccess;
  }
  if (o.moves == "-") {
    WriteMoves(*before, *after, *migration, out);
    return kExitSuccess;
  }
  std::ofstream file(o.moves, std::ios::binary | std::ios::trunc);
  if (!file) {
    return Fail(err, kExitFailure,
                absl::StrCat("cannot write '", o.moves, "': ", std::strerror(errno)));
  }
  WriteMoves(*before, *after, *migration, file);
  if (!file.flush()) {
    return Fail(err, kExitFailure, absl::StrCat("writing '", o.moves, "' failed"));
  }
  report << "Wrote every customer who moved to " << o.moves << ".\n";
  return kExitSuccess;
}

}  // namespace tessera::cli
