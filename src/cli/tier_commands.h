// 'tessera rules' (the built-in rule files, and checking a rule file) and
// 'tessera compare-tiers' (how customers moved between two snapshots).
#ifndef TESSERA_SRC_CLI_TIER_COMMANDS_H_
#define TESSERA_SRC_CLI_TIER_COMMANDS_H_

#include <ostream>

#include "cli_options.h"

namespace tessera::cli {

int RunRules(const RulesOptions& options, std::ostream& out, std::ostream& err);
int RunCompareTiers(const CompareOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tessera::cli

#endif  // TESSERA_SRC_CLI_TIER_COMMANDS_H_
