// Walks the text of a tier snapshot file line by line (the header) and
// record by record (the CSV part), counting lines so that every message can
// say where the file went wrong.
#ifndef TESSERA_RULES_TIER_SNAPSHOT_READER_H_
#define TESSERA_RULES_TIER_SNAPSHOT_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tessera {
namespace rules_internal {

class SnapshotTextReader {
 public:
  // `path` only names the file in messages; both must outlive the reader.
  SnapshotTextReader(const std::string& path, std::string_view text) : path_(path), text_(text) {}

  // Lines consumed so far; the next line is line() + 1.
  int line() const { return line_; }
  bool AtEnd() const { return pos_ >= text_.size(); }

  // InvalidArgument "<path>:<line>: <what>".
  absl::Status Error(int line, std::string_view what) const;

  // The next line without its line ending, or nullopt at the end.
  std::optional<std::string_view> NextLine();

  // A header line that must start with `prefix`; returns the rest.
  absl::StatusOr<std::string_view> HeaderLine(std::string_view prefix);

  // Skips `prefix` when the text at the current position starts with it.
  bool Skip(std::string_view prefix);

  // One RFC 4180 record from the current position; quoted fields may span
  // lines. `blank` tells an empty line from a record of one quoted "".
  absl::Status NextRecord(std::vector<std::string>& fields, bool& blank);

 private:
  const std::string& path_;
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 0;
};

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_TIER_SNAPSHOT_READER_H_
