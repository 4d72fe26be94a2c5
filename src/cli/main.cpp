// The tessera command-line tool: parses the command line and hands it to the
// command that runs the library.
#include <algorithm>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli_options.h"
#include "exit_codes.h"
#include "help_text.h"
#include "segment_command.h"
#include "tier_commands.h"
#include "tessera/strategy.h"
#include "tessera/version.h"

namespace tessera::cli {
namespace {

int ListStrategies() {
  std::vector<StrategyRegistry::Entry> entries = StrategyRegistry::Global().List();
  size_t width = 0;
  for (const StrategyRegistry::Entry& entry : entries) {
    width = std::max(width, entry.name.size());
  }
  std::cout << "Strategies (use with: tessera segment ... --strategy "
               "NAME[:param=value,...]):\n";
  for (const StrategyRegistry::Entry& entry : entries) {
    std::cout << "  " << entry.name << std::string(width - entry.name.size() + 2, ' ')
              << entry.description << '\n';
  }
  return kExitSuccess;
}

int Main(const std::vector<std::string>& args) {
  absl::StatusOr<Command> command = ParseCommandLine(args);
  if (!command.ok()) {
    bool segment = !args.empty() && args[0] == "segment";
    std::cerr << "tessera: " << command.status().message() << '\n'
              << "Run 'tessera " << (segment ? "segment " : "") << "--help' for usage.\n";
    return kExitUsage;
  }
  switch (command->kind) {
    case CommandKind::kMainHelp:
      std::cout << MainHelp();
      return kExitSuccess;
    case CommandKind::kSegmentHelp:
      std::cout << SegmentHelp();
      return kExitSuccess;
    case CommandKind::kVersion:
      std::cout << "tessera " << TESSERA_VERSION_MAJOR << '.' << TESSERA_VERSION_MINOR
                << '.' << TESSERA_VERSION_PATCH << '\n';
      return kExitSuccess;
    case CommandKind::kStrategies:
      return ListStrategies();
    case CommandKind::kSegment:
      return RunSegment(command->segment, std::cout, std::cerr);
    case CommandKind::kRules:
      return RunRules(command->rules, std::cout, std::cerr);
    case CommandKind::kCompareTiers:
      return RunCompareTiers(command->compare, std::cout, std::cerr);
  }
  return kExitFailure;
}

}  // namespace
}  // namespace tessera::cli

int main(int argc, char** argv) {
  // Exceptions only come from the standard library here (out of memory, a
  // failed thread start); they end the run with a message, not a crash.
  try {
    return tessera::cli::Main(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::bad_alloc&) {
    std::cerr << "tessera: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "tessera: " << e.what() << '\n';
  }
  return tessera::cli::kExitFailure;
}
