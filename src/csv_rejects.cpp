#include "csv_rejects.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "output_text.h"

namespace tessera::internal {
namespace {

absl::Status WriteError(const std::string& path, int error) {
  return absl::InvalidArgumentError(
      absl::StrCat("cannot write rejects file '", path, "': ", std::strerror(error)));
}

}  // namespace

std::string RejectionMessage(const std::string& path, const RejectedRow& row) {
  std::string column =
      row.column.empty() ? std::string() : absl::StrCat("column '", row.column, "': ");
  return absl::StrCat(path, ":", row.line, ": ", column, ToAbsl(RejectReasonName(row.reason)), ": ",
                      row.detail);
}

RejectsWriter::~RejectsWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status RejectsWriter::Open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) return WriteError(path, errno);
  std::fputs("line,reason,column,detail,text\n", file_);
  return absl::OkStatus();
}

void RejectsWriter::Write(const RejectedRow& row, std::string_view text) {
  line_ = absl::StrCat(row.line, ",", ToAbsl(RejectReasonName(row.reason)), ",");
  AppendCsvField(row.column, ',', line_);
  line_.push_back(',');
  AppendCsvField(row.detail, ',', line_);
  line_.push_back(',');
  AppendCsvField(text, ',', line_);
  line_.push_back('\n');
  std::fwrite(line_.data(), 1, line_.size(), file_);
}

absl::Status RejectsWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  std::FILE* file = file_;
  file_ = nullptr;
  bool failed = std::ferror(file) != 0;
  int error = errno;
  if (std::fclose(file) != 0 && !failed) {
    failed = true;
    error = errno;
  }
  return failed ? WriteError(path_, error) : absl::OkStatus();
}

}  // namespace tessera::internal
