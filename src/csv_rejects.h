// How rejected rows are told: the strict-mode error message and the rejects
// file of lenient mode.
#ifndef TESSERA_SRC_CSV_REJECTS_H_
#define TESSERA_SRC_CSV_REJECTS_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "tessera/ingest_report.h"

namespace tessera::internal {

// "path:line: column 'x': reason: detail" (no column part when the row as a
// whole is wrong).
std::string RejectionMessage(const std::string& path, const RejectedRow& row);

// Writes rejected records as CSV: line,reason,column,detail,text.
class RejectsWriter {
 public:
  RejectsWriter() = default;
  RejectsWriter(const RejectsWriter&) = delete;
  RejectsWriter& operator=(const RejectsWriter&) = delete;
  ~RejectsWriter();

  // Creates (or truncates) the file and writes the header line.
  absl::Status Open(const std::string& path);
  void Write(const RejectedRow& row, std::string_view text);
  // Flushes and closes; reports any write error since Open.
  absl::Status Close();

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string line_;
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_REJECTS_H_
