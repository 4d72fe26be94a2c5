// Where the values are in a delimited file: the header (or the first row's
// width when there is none) and the columns the caller named, by header name
// or by "#N" position.
#ifndef TESSERA_SRC_CSV_COLUMNS_H_
#define TESSERA_SRC_CSV_COLUMNS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/csv.h"

namespace tessera::internal {

// What the reader does with the line before the rows.
struct FileStart {
  std::vector<std::string> header;  // empty without a header
  size_t field_count = 0;           // fields every record must have
  size_t body_offset = 0;           // where the rows begin in the text
  uint64_t body_line = 1;           // 1-based line number at body_offset
  bool no_records = false;          // nothing but blank lines
};

// InvalidArgument for a delimiter that cannot work ('"', CR, LF).
absl::Status CheckDelimiter(char delimiter, std::string_view option);

// Reads the header (or measures the first row). An empty file is an error
// only when a header is expected.
absl::StatusOr<FileStart> ReadFileStart(std::string_view text, char delimiter, bool has_header,
                                        const std::string& path);

// The 0-based index of the column `spec` names, for the option called
// `option`; errors list the header's columns or the valid positions.
absl::StatusOr<size_t> FindColumn(std::string_view spec, std::string_view option,
                                  const FileStart& start, const std::string& path);

enum class Role : int { kCustomer, kDate, kAmount, kQuantity, kUnitPrice, kCategory, kOrderId };
inline constexpr int kRoleCount = 7;

// Which field holds each role, and the compact "slot" each used field is
// captured into while a record is split.
struct ColumnLayout {
  size_t field_count = 0;
  std::array<int, kRoleCount> field{};       // -1 when the role is not read
  std::array<int, kRoleCount> slot{};        // -1 when the role is not read
  std::array<std::string, kRoleCount> name;  // as the caller wrote it, for messages
  std::vector<int8_t> slot_of_field;         // per field: its slot, or -1

  bool has(Role role) const { return field[static_cast<size_t>(role)] >= 0; }
  int slot_of(Role role) const { return slot[static_cast<size_t>(role)]; }
  const std::string& name_of(Role role) const { return name[static_cast<size_t>(role)]; }
};

// Checks the column options (customer and date, then amount or quantity and
// unit_price) and finds them in the file.
absl::StatusOr<ColumnLayout> ResolveTransactionColumns(const CsvOptions& options,
                                                       const FileStart& start,
                                                       const std::string& path);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_COLUMNS_H_
