#include "csv_customers.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "csv_columns.h"
#include "csv_values.h"
#include "utf8.h"

namespace tessera::internal {
namespace {

absl::Status RowError(const CustomerFile& table, uint64_t line, std::string_view column,
                      std::string_view detail) {
  std::string where =
      column.empty() ? std::string() : absl::StrCat("column '", ToAbsl(column), "': ");
  return absl::InvalidArgumentError(
      absl::StrCat(table.path, ":", line, ": ", where, ToAbsl(detail)));
}

template <typename Key>
absl::Status CheckUnique(const CustomerFile& table, const std::vector<Key>& keys) {
  absl::flat_hash_map<Key, size_t> first_row;
  first_row.reserve(keys.size());
  for (size_t row = 0; row < keys.size(); ++row) {
    auto [it, added] = first_row.try_emplace(keys[row], row);
    if (added) continue;
    return RowError(
        table, table.lines[row], table.key_column,
        absl::StrCat("customer key '", ToAbsl(table.keys[row]), "' is listed twice (first on line ",
                     table.lines[it->second], ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<CustomerFile>> ReadCustomerFile(const CustomerCsvOptions& options) {
  if (absl::Status s = CheckDelimiter(options.delimiter, "customers.delimiter"); !s.ok()) return s;
  if (options.key.empty()) {
    return absl::InvalidArgumentError(
        "option 'customers.key' is empty: name the column holding customer keys");
  }
  auto table = std::make_unique<CustomerFile>();
  table->path = options.path;
  table->key_column = options.key;
  absl::StatusOr<FileBytes> file = FileBytes::Open(options.path);
  if (!file.ok()) return file.status();
  table->file = *std::move(file);
  std::string_view text = table->file.text();
  absl::StatusOr<FileStart> start =
      ReadFileStart(text, options.delimiter, options.has_header, options.path);
  if (!start.ok()) return start.status();

  absl::StatusOr<size_t> key = FindColumn(options.key, "customers.key", *start, options.path);
  if (!key.ok()) return key.status();
  std::vector<size_t> categorical, numeric;
  for (const std::string& name : options.categorical) {
    absl::StatusOr<size_t> column = FindColumn(name, "customers.categorical", *start, options.path);
    if (!column.ok()) return column.status();
    categorical.push_back(*column);
  }
  for (const std::string& name : options.numeric) {
    absl::StatusOr<size_t> column = FindColumn(name, "customers.numeric", *start, options.path);
    if (!column.ok()) return column.status();
    numeric.push_back(*column);
  }
  table->categorical.resize(categorical.size());
  table->numeric.resize(numeric.size());

  const char* p = text.data() + start->body_offset;
  const char* end = text.data() + text.size();
  uint64_t line = start->body_line;
  bool integer_keys = true;
  while (p < end) {
    if (const char* next = SkipBlankLine(p, end)) {
      line += next[-1] == '\n';
      p = next;
      continue;
    }
    SplitLine record = SplitAllFields(p, end, options.delimiter);
    if (record.fields.size() != start->field_count) {
      return RowError(*table, line, "",
                      absl::StrCat(record.fields.size(), " fields, expected ", start->field_count));
    }
    std::string_view key_text = FieldText(record.fields[*key], table->arena);
    if (key_text.empty()) return RowError(*table, line, options.key, "empty customer key");
    if (!IsValidText(key_text)) {
      return RowError(*table, line, options.key,
                      "customer key is not valid UTF-8 text (or holds a NUL byte)");
    }
    int64_t int_key = 0;
    if (integer_keys && ParseIntegerKey(key_text, int_key)) {
      table->int_keys.push_back(int_key);
    } else if (integer_keys) {
      integer_keys = false;
      table->first_text_key = table->keys.size();
    }
    table->keys.push_back(key_text);
    table->lines.push_back(line);
    for (size_t a = 0; a < categorical.size(); ++a) {
      std::string_view value = FieldText(record.fields[categorical[a]], table->arena);
      if (!IsValidText(value)) {
        return RowError(*table, line, options.categorical[a],
                        "text is not valid UTF-8 (or holds a NUL byte)");
      }
      table->categorical[a].push_back(value);
    }
    for (size_t a = 0; a < numeric.size(); ++a) {
      std::string_view value = FieldText(record.fields[numeric[a]], table->arena);
      double number = std::nan("");
      if (!value.empty() && !ParseNumber(value, number)) {
        return RowError(*table, line, options.numeric[a],
                        absl::StrCat("cannot parse '", ToAbsl(value), "' as a number"));
      }
      table->numeric[a].push_back(number);
    }
    line += record.split.newlines;
    p = record.split.next;
  }
  if (integer_keys) table->first_text_key = table->keys.size();
  return table;
}

absl::StatusOr<CustomerColumns> CustomerFile::Columns(KeyKind kind,
                                                      const CustomerCsvOptions& options) const {
  CustomerColumns columns;
  if (kind == KeyKind::kInteger) {
    if (absl::Status s = CheckUnique(*this, int_keys); !s.ok()) return s;
    columns.int_keys = int_keys;
  } else {
    if (absl::Status s = CheckUnique(*this, keys); !s.ok()) return s;
    columns.string_keys = keys;
  }
  for (size_t a = 0; a < categorical.size(); ++a) {
    columns.categorical.push_back({options.categorical[a], categorical[a]});
  }
  for (size_t a = 0; a < numeric.size(); ++a) {
    columns.numeric.push_back({options.numeric[a], numeric[a]});
  }
  return columns;
}

}  // namespace tessera::internal
