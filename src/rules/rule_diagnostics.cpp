#include "rules/rule_diagnostics.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace tessera {
namespace rules_internal {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// The source line holding `offset`, without its line end (LF or CR LF) and
// without a byte order mark at the start of the text.
std::string_view LineAround(std::string_view text, size_t offset, size_t& line_start) {
  line_start = 0;
  if (offset > 0) {
    const size_t newline = text.rfind('\n', offset - 1);
    if (newline != std::string_view::npos) line_start = newline + 1;
  }
  if (line_start == 0 && text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    line_start = kByteOrderMark.size();
  }
  size_t line_end = text.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = text.size();
  if (line_end > line_start && text[line_end - 1] == '\r') --line_end;
  return text.substr(line_start, line_end - line_start);
}

// Bytes of the line shown on each side of the caret.
constexpr size_t kExcerptContext = 60;

}  // namespace

std::string FormatDiagnostic(const RuleFileAst& file, const SourceSpan& span,
                             std::string_view severity, std::string_view message) {
  // A span without a line (a whole rule set, an implicit set) has no excerpt.
  if (span.line <= 0) {
    return absl::StrCat(file.source_name, ": ", std::string(severity), ": ", std::string(message));
  }
  std::string out = absl::StrCat(file.source_name, ":", span.line, ":", span.column, ": ",
                                 std::string(severity), ": ", std::string(message));
  const std::string_view text = file.text;
  size_t line_start = 0;
  const std::string_view line =
      LineAround(text, std::min<size_t>(span.offset, text.size()), line_start);
  const size_t line_end = line_start + line.size();
  // A span at the line end or end of input gets one caret just past the
  // last character.
  const size_t first = std::clamp<size_t>(span.offset, line_start, line_end);
  size_t last = std::clamp<size_t>(size_t{span.offset} + span.length, first, line_end);

  // A long line (generated or minified rules) is cut to a window around the
  // caret, so that the message stays small and the caret stays in view.
  auto on_boundary = [&](size_t i) {
    return i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  };
  size_t window_start = line_start, window_end = line_end;
  if (first - line_start > kExcerptContext) {
    window_start = first - kExcerptContext;
    while (!on_boundary(window_start)) ++window_start;
  }
  if (last - first > 2 * kExcerptContext) {
    last = first + 2 * kExcerptContext;
    while (!on_boundary(last)) ++last;
  }
  if (line_end - last > kExcerptContext) {
    window_end = last + kExcerptContext;
    while (!on_boundary(window_end)) ++window_end;
  }
  const std::string_view cut_before = window_start > line_start ? "..." : "";
  const std::string_view cut_after = window_end < line_end ? "..." : "";
  std::string excerpt = absl::StrCat(std::string(cut_before),
                                     std::string(text.substr(window_start, window_end - window_start)),
                                     std::string(cut_after));
  // A tab takes one column here as it does in the column count, so the
  // caret stays under the text whatever the terminal's tab width.
  std::replace(excerpt.begin(), excerpt.end(), '\t', ' ');
  const size_t caret_column =
      cut_before.size() + CountCodePoints(text.substr(window_start, first - window_start));
  const size_t caret_length =
      std::max<size_t>(1, CountCodePoints(text.substr(first, last - first)));

  absl::StrAppend(&out, "\n  ", excerpt, "\n  ", std::string(caret_column, ' '), "^",
                  std::string(caret_length - 1, '~'));
  return out;
}

absl::Status RuleError(const RuleFileAst& file, const SourceSpan& span, std::string_view message) {
  return absl::InvalidArgumentError(FormatDiagnostic(file, span, "error", message));
}

}  // namespace rules_internal
}  // namespace tessera
