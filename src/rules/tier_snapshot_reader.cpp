#include "rules/tier_snapshot_reader.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl_compat.h"

namespace tessera {
namespace rules_internal {

absl::Status SnapshotTextReader::Error(int line, std::string_view what) const {
  return absl::InvalidArgumentError(absl::StrCat(path_, ":", line, ": ", internal::ToAbsl(what)));
}

std::optional<std::string_view> SnapshotTextReader::NextLine() {
  if (AtEnd()) return std::nullopt;
  size_t newline = text_.find('\n', pos_);
  size_t end = newline == std::string_view::npos ? text_.size() : newline;
  std::string_view line = text_.substr(pos_, end - pos_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos_ = newline == std::string_view::npos ? text_.size() : newline + 1;
  ++line_;
  return line;
}

absl::StatusOr<std::string_view> SnapshotTextReader::HeaderLine(std::string_view prefix) {
  int at = line_ + 1;
  std::optional<std::string_view> line = NextLine();
  if (!line || line->substr(0, prefix.size()) != prefix) {
    return Error(at,
                 absl::StrCat("expected a line starting with '", internal::ToAbsl(prefix), "'"));
  }
  return line->substr(prefix.size());
}

bool SnapshotTextReader::Skip(std::string_view prefix) {
  if (text_.substr(pos_, prefix.size()) != prefix) return false;
  pos_ += prefix.size();
  return true;
}

absl::Status SnapshotTextReader::NextRecord(std::vector<std::string>& fields, bool& blank) {
  fields.clear();
  int start = line_ + 1;
  size_t record_start = pos_;
  for (;;) {
    std::string& field = fields.emplace_back();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      for (++pos_;;) {
        size_t quote = text_.find('"', pos_);
        if (quote == std::string_view::npos) {
          return Error(start, "a quoted field is never closed");
        }
        std::string_view part = text_.substr(pos_, quote - pos_);
        for (char c : part) line_ += c == '\n';
        field.append(part.data(), part.size());
        pos_ = quote + 1;
        if (pos_ >= text_.size() || text_[pos_] != '"') break;
        field.push_back('"');
        ++pos_;
      }
    } else {
      size_t stop = std::min(text_.find_first_of(",\"\r\n", pos_), text_.size());
      if (stop < text_.size() && text_[stop] == '"') {
        return Error(start,
                     "a quote inside an unquoted field; quote the field and double the quote");
      }
      field.assign(text_.data() + pos_, stop - pos_);
      pos_ = stop;
    }
    blank = fields.size() == 1 && pos_ == record_start;
    if (AtEnd()) break;
    char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    if (text_[pos_] != '\n') return Error(start, "unexpected text after a field");
    ++pos_;
    break;
  }
  ++line_;
  return absl::OkStatus();
}

}  // namespace rules_internal
}  // namespace tessera
