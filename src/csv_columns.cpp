#include "csv_columns.h"

#include <charconv>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "csv_fields.h"

namespace tessera::internal {
namespace {

std::string DescribePositions(size_t count) {
  return count == 0 ? std::string("no columns")
                    : absl::StrCat("positions '#0' to '#", count - 1, "'");
}

}  // namespace

absl::Status CheckDelimiter(char delimiter, std::string_view option) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == '\0') {
    return absl::InvalidArgumentError(absl::StrCat(
        "option '", ToAbsl(option),
        "' must be a single byte such as ',' ';' '\\t' '|', or ' ' for runs of blanks; "
        "not a quote, CR, LF or NUL"));
  }
  return absl::OkStatus();
}

absl::StatusOr<FileStart> ReadFileStart(std::string_view text, char delimiter, bool has_header,
                                        const std::string& path) {
  FileStart start;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* p = begin;
  while (p < end) {
    const char* next = SkipBlankLine(p, end);
    if (next == nullptr) break;
    start.body_line += next[-1] == '\n';
    p = next;
  }
  if (p == end) {
    if (has_header) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", path,
                       "' has no header line (it is empty); set has_header to false for "
                       "a file without one"));
    }
    start.no_records = true;
    start.body_offset = text.size();
    return start;
  }
  SplitLine first = SplitAllFields(p, end, delimiter);
  start.field_count = first.fields.size();
  if (!has_header) {
    start.body_offset = static_cast<size_t>(p - begin);
    return start;
  }
  if (first.split.unterminated_quote) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' line ", start.body_line,
                                                   ": the header has a quote that never closes"));
  }
  TextArena arena;
  for (const RawField& field : first.fields) {
    start.header.emplace_back(FieldText(field, arena));
  }
  start.body_offset = static_cast<size_t>(first.split.next - begin);
  start.body_line += first.split.newlines;
  return start;
}

absl::StatusOr<size_t> FindColumn(std::string_view spec, std::string_view option,
                                  const FileStart& start, const std::string& path) {
  if (!spec.empty() && spec[0] == '#') {
    size_t position = 0;
    const char* end = spec.data() + spec.size();
    auto [ptr, ec] = std::from_chars(spec.data() + 1, end, position);
    if (ec != std::errc() || ptr != end || spec.size() == 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("option '", ToAbsl(option), "' is '", ToAbsl(spec),
                       "': a position is '#' and a 0-based number, such as '#0'"));
    }
    if (position >= start.field_count && !start.no_records) {
      return absl::InvalidArgumentError(absl::StrCat(
          "option '", ToAbsl(option), "' is '", ToAbsl(spec), "' but '", path, "' has ",
          start.field_count, " columns (", DescribePositions(start.field_count), ")"));
    }
    return position;
  }
  if (start.header.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option '", ToAbsl(option), "' is '", ToAbsl(spec), "' but '", path,
                     "' is read without a header (has_header is false): name columns by position, ",
                     DescribePositions(start.field_count)));
  }
  size_t found = start.header.size();
  for (size_t i = 0; i < start.header.size(); ++i) {
    if (start.header[i] != spec) continue;
    if (found != start.header.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "option '", ToAbsl(option), "': the header of '", path, "' has two columns named '",
          ToAbsl(spec), "' (#", found, " and #", i, "); name one by position"));
    }
    found = i;
  }
  if (found == start.header.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "option '", ToAbsl(option), "': no column '", ToAbsl(spec), "' in the header of '", path,
        "'; its columns are: ", absl::StrJoin(start.header, ", "),
        " (names are case-sensitive; '#N' names a column by position)"));
  }
  return found;
}

absl::StatusOr<ColumnLayout> ResolveTransactionColumns(const CsvOptions& options,
                                                       const FileStart& start,
                                                       const std::string& path) {
  const std::array<std::pair<std::string_view, const std::string*>, kRoleCount> specs = {{
      {"customer", &options.customer},
      {"date", &options.date},
      {"amount", &options.amount},
      {"quantity", &options.quantity},
      {"unit_price", &options.unit_price},
      {"category", &options.category},
      {"order_id", &options.order_id},
  }};
  for (Role required : {Role::kCustomer, Role::kDate}) {
    if (specs[static_cast<size_t>(required)].second->empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("option '", ToAbsl(specs[static_cast<size_t>(required)].first),
                       "' is empty: name its column (header name or '#N' position)"));
    }
  }
  bool amount = !options.amount.empty();
  bool quantity = !options.quantity.empty();
  bool price = !options.unit_price.empty();
  if (!amount && !(quantity && price)) {
    return absl::InvalidArgumentError(
        "no amount: give option 'amount', or 'quantity' and 'unit_price' to compute "
        "amount = quantity x unit_price");
  }
  if (amount && price) {
    return absl::InvalidArgumentError(
        "give option 'amount' or 'unit_price' (with 'quantity'), not both: the amount "
        "would be defined twice");
  }

  ColumnLayout layout;
  layout.field_count = start.field_count;
  layout.field.fill(-1);
  layout.slot.fill(-1);
  std::vector<int> slot_of_field;
  int slots = 0;
  for (size_t role = 0; role < specs.size(); ++role) {
    const std::string& spec = *specs[role].second;
    if (spec.empty()) continue;
    absl::StatusOr<size_t> column = FindColumn(spec, specs[role].first, start, path);
    if (!column.ok()) return column.status();
    if (*column >= slot_of_field.size()) slot_of_field.resize(*column + 1, -1);
    if (slot_of_field[*column] < 0) slot_of_field[*column] = slots++;
    layout.field[role] = static_cast<int>(*column);
    layout.slot[role] = slot_of_field[*column];
    layout.name[role] = spec;
  }
  layout.slot_of_field.assign(slot_of_field.begin(), slot_of_field.end());
  return layout;
}

}  // namespace tessera::internal
