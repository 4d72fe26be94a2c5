// The whole bytes of an input file in memory: mapped when the file is a
// regular file, read otherwise (pipes), with a UTF-8 byte order mark skipped.
#ifndef TESSERA_SRC_CSV_FILE_H_
#define TESSERA_SRC_CSV_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tessera::internal {

class FileBytes {
 public:
  // NotFound when the file cannot be opened; InvalidArgument naming the path
  // for other I/O errors.
  static absl::StatusOr<FileBytes> Open(const std::string& path);

  FileBytes() = default;  // no file: empty text
  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&& other) noexcept;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  ~FileBytes();

  // The file's text after any byte order mark.
  std::string_view text() const { return text_; }
  // Size of the whole file, mark included: what progress reports count.
  size_t file_size() const { return file_size_; }

 private:
  void Release();

  void* mapping_ = nullptr;
  size_t mapping_size_ = 0;
  std::string read_;  // the bytes when the file could not be mapped
  std::string_view text_;
  size_t file_size_ = 0;
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_FILE_H_
