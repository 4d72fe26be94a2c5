// The text of 'tessera --help' and 'tessera segment --help'.
#ifndef TESSERA_SRC_CLI_HELP_TEXT_H_
#define TESSERA_SRC_CLI_HELP_TEXT_H_

#include <string_view>

namespace tessera::cli {

std::string_view MainHelp();
std::string_view SegmentHelp();

}  // namespace tessera::cli

#endif  // TESSERA_SRC_CLI_HELP_TEXT_H_
