#include "csv_fields.h"

#include <algorithm>

namespace tessera::internal {

std::string_view QuotedFieldText(const RawField& field, TextArena& arena) {
  uint32_t newlines = 0;
  bool unterminated = false;
  const char* after = SkipQuoted(field.begin, field.end, newlines, unterminated);
  const char* content_end = unterminated ? field.end : after - 1;
  std::string_view content(field.begin + 1, static_cast<size_t>(content_end - field.begin - 1));
  std::string_view tail = TrimBlanks(after, field.end);
  if (content.find('"') == std::string_view::npos && tail.empty()) return content;

  std::string text;
  text.reserve(content.size() + tail.size());
  for (size_t i = 0; i < content.size(); ++i) {
    text.push_back(content[i]);
    if (content[i] == '"') ++i;  // the second quote of a doubled pair
  }
  text.append(tail.data(), tail.size());
  return arena.Keep(std::move(text));
}

SplitLine SplitAllFields(const char* p, const char* end, char delimiter) {
  SplitLine line;
  auto keep = [&line](size_t, const RawField& field) { line.fields.push_back(field); };
  line.split = delimiter == ' ' ? SplitRecord<true>(p, end, delimiter, keep)
                                : SplitRecord<false>(p, end, delimiter, keep);
  return line;
}

bool RecordStarts::OpensQuote(size_t quote) const {
  if (quote == 0) return true;
  char before = text_[quote - 1];
  if (delimiter_ == ' ') return IsRunBlank(before) || before == '\n';
  return before == delimiter_ || before == '\n';
}

size_t RecordStarts::AtOrAfter(size_t offset) {
  if (offset == 0) return 0;
  // A record starts at `offset` itself when the byte before it ends a line.
  size_t from = offset - 1;
  for (;;) {
    size_t newline = text_.find('\n', std::max(from, resolved_));
    size_t limit = newline == std::string_view::npos ? text_.size() : newline;
    std::string_view before_newline = text_.substr(0, limit);
    size_t quote = resolved_;
    while ((quote = before_newline.find('"', quote)) != std::string_view::npos &&
           !OpensQuote(quote)) {
      ++quote;
    }
    if (quote == std::string_view::npos) {
      resolved_ = limit;
      return newline == std::string_view::npos ? text_.size() : newline + 1;
    }
    uint32_t newlines = 0;
    bool unterminated = false;
    const char* after =
        SkipQuoted(text_.data() + quote, text_.data() + text_.size(), newlines, unterminated);
    resolved_ = static_cast<size_t>(after - text_.data());
    if (unterminated) return text_.size();
  }
}

}  // namespace tessera::internal
