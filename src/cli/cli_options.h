// The tessera command line, parsed into library option structs. Parsing never
// touches files: everything it rejects is a usage error (exit code 2).
#ifndef TESSERA_SRC_CLI_CLI_OPTIONS_H_
#define TESSERA_SRC_CLI_CLI_OPTIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/csv.h"
#include "tessera/pipeline.h"

namespace tessera::cli {

struct SegmentOptions {
  std::string input;
  CsvOptions csv;
  // features.as_of is left unset when absent: the run then uses the day
  // after the last transaction.
  RunOptions run;
  std::optional<Day> as_of;
  // The --strategy arguments as typed, to echo them back.
  std::vector<std::string> strategy_texts{"rfm"};
  std::string output;  // CSV path, "-" for stdout, empty for none
  std::string jsonl;   // JSON Lines path, "-" for stdout, empty for none
  std::string summary_by;  // empty: the first rule set, rfm.segment, or the
                           // first categorical score
  // --rules: rule file paths, or "builtin:NAME", applied in order.
  std::vector<std::string> rule_paths;
  std::vector<std::string> previous_tier_paths;  // --previous-tiers
  std::string save_tiers;                        // --save-tiers
  std::vector<std::string> explain_keys;         // --explain
  bool quiet = false;
  int num_threads = 0;
};

// 'tessera rules [NAME | check FILE]'.
struct RulesOptions {
  std::string show;   // a built-in rule file to print; empty: list them
  std::string check;  // a rule file to parse and report on
};

// 'tessera compare-tiers BEFORE AFTER [--moves FILE]'.
struct CompareOptions {
  std::string before;
  std::string after;
  std::string moves;  // CSV of every customer whose tier changed; "-" stdout
};

enum class CommandKind {
  kMainHelp, kSegmentHelp, kVersion, kStrategies, kSegment, kRules, kCompareTiers
};

struct Command {
  CommandKind kind = CommandKind::kMainHelp;
  SegmentOptions segment;
  RulesOptions rules;
  CompareOptions compare;
};

// Parses argv (without the program name). Errors are InvalidArgument with a
// message that says what to change, e.g. "unknown option '--costumer' (did
// you mean --customer?)".
absl::StatusOr<Command> ParseCommandLine(const std::vector<std::string>& args);

}  // namespace tessera::cli

#endif  // TESSERA_SRC_CLI_CLI_OPTIONS_H_
