// The process exit codes, as 'tessera --help' documents them.
#ifndef TESSERA_SRC_CLI_EXIT_CODES_H_
#define TESSERA_SRC_CLI_EXIT_CODES_H_

namespace tessera::cli {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitUsage = 2;    // bad command line
inline constexpr int kExitInput = 3;    // unreadable or unusable input file
inline constexpr int kExitFailure = 4;  // anything else

}  // namespace tessera::cli

#endif  // TESSERA_SRC_CLI_EXIT_CODES_H_
