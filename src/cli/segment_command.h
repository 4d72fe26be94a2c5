// 'tessera segment': read, run, write, report.
#ifndef TESSERA_SRC_CLI_SEGMENT_COMMAND_H_
#define TESSERA_SRC_CLI_SEGMENT_COMMAND_H_

#include <ostream>

#include "cli_options.h"

namespace tessera::cli {

// Runs the command and returns the process exit code. The report (what was
// read, the as-of date, warnings, the segment table) goes to `out`, or to
// `err` when results are written to stdout; errors go to `err`.
int RunSegment(const SegmentOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tessera::cli

#endif  // TESSERA_SRC_CLI_SEGMENT_COMMAND_H_
