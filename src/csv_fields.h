// Splitting delimited text into records and fields (RFC 4180 quoting), with
// no copies: fields are spans of the file, and only quoted fields that hold
// doubled quotes are rewritten.
#ifndef TESSERA_SRC_CSV_FIELDS_H_
#define TESSERA_SRC_CSV_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::internal {

// The word-at-a-time scans below read the first byte as the lowest.
inline constexpr bool kLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

// ' ' as a delimiter means runs of blanks; CR then counts as a blank too, so
// CR LF files need nothing special.
inline bool IsRunBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// One field as it appears in the file, delimiter and line ending excluded.
struct RawField {
  const char* begin = nullptr;
  const char* end = nullptr;
  bool quoted = false;  // starts with '"'
};

struct RecordSplit {
  const char* next = nullptr;      // first byte of the following line
  const char* text_end = nullptr;  // end of the record's text (line ending excluded)
  size_t fields = 0;
  uint32_t newlines = 0;            // line breaks consumed, inside quotes and the record's own
  bool unterminated_quote = false;  // a quoted field ran to the end of the file
};

// From the opening quote at `open`, returns the position just past the
// closing quote ("" inside is an escaped quote, not a close), or `end` when
// the field never closes. Adds the line breaks inside to `newlines`.
inline const char* SkipQuoted(const char* open, const char* end, uint32_t& newlines,
                              bool& unterminated) {
  const char* p = open + 1;
  for (;;) {
    const void* found = std::memchr(p, '"', static_cast<size_t>(end - p));
    const char* quote = found != nullptr ? static_cast<const char*>(found) : end;
    for (const char* c = p; c < quote; ++c) newlines += *c == '\n';
    if (quote == end) {
      unterminated = true;
      return end;
    }
    if (quote + 1 < end && quote[1] == '"') {
      p = quote + 2;
      continue;
    }
    return quote + 1;
  }
}

// The first byte in [p, end) equal to `delimiter` or LF, or `end`. Reads
// eight bytes at a time: a byte b is found where (b ^ c) - 1 borrows, and
// the lowest such byte is always exact.
inline const char* FindDelimiterOrNewline(const char* p, const char* end, char delimiter) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  const uint64_t delimiters = kOnes * static_cast<unsigned char>(delimiter);
  const uint64_t newlines = kOnes * static_cast<unsigned char>('\n');
  while (kLittleEndian && end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    uint64_t a = word ^ delimiters;
    uint64_t b = word ^ newlines;
    uint64_t found = (((a - kOnes) & ~a) | ((b - kOnes) & ~b)) & kHighs;
    if (found != 0) return p + __builtin_ctzll(found) / 8;
    p += 8;
  }
  while (p < end && *p != delimiter && *p != '\n') ++p;
  return p;
}

// If the line at `p` is blank (only spaces, tabs and CRs), returns the start
// of the next line (or `end`); otherwise nullptr.
inline const char* SkipBlankLine(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
  if (p == end) return end;
  return *p == '\n' ? p + 1 : nullptr;
}

// Splits the record starting at `p` (not a blank line), calling
// on_field(index, field) for each field. A quote opens a quoted field only at
// the start of a field; text after the closing quote belongs to the field.
template <bool kBlankRuns, typename OnField>
inline RecordSplit SplitRecord(const char* p, const char* end, char delimiter, OnField&& on_field) {
  RecordSplit out;
  if constexpr (kBlankRuns) {
    while (p < end && IsRunBlank(*p)) ++p;
  }
  for (;;) {
    RawField field{p, p, false};
    if (p < end && *p == '"') {
      field.quoted = true;
      p = SkipQuoted(p, end, out.newlines, out.unterminated_quote);
    }
    if constexpr (kBlankRuns) {
      while (p < end && !IsRunBlank(*p) && *p != '\n') ++p;
    } else {
      p = FindDelimiterOrNewline(p, end, delimiter);
    }
    field.end = p;
    bool line_ends = p == end || *p == '\n';
    if (!kBlankRuns && line_ends && field.end > field.begin && field.end[-1] == '\r') {
      --field.end;
    }
    on_field(out.fields, field);
    ++out.fields;
    if constexpr (kBlankRuns) {
      while (p < end && IsRunBlank(*p)) ++p;
      line_ends = p == end || *p == '\n';
    }
    if (line_ends) {
      out.text_end = field.end;
      if (p < end) {
        ++out.newlines;
        ++p;
      }
      out.next = p;
      return out;
    }
    if constexpr (!kBlankRuns) ++p;
  }
}

// Text rewritten from quoted fields; views into it stay valid as it grows.
class TextArena {
 public:
  std::string_view Keep(std::string text) { return texts_.emplace_back(std::move(text)); }

 private:
  std::deque<std::string> texts_;
};

inline std::string_view TrimBlanks(const char* begin, const char* end) {
  while (begin < end && (*begin == ' ' || *begin == '\t')) ++begin;
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t')) --end;
  return {begin, static_cast<size_t>(end - begin)};
}

// The content of a quoted field: doubled quotes undoubled, and any text
// after the closing quote (blanks trimmed) appended.
std::string_view QuotedFieldText(const RawField& field, TextArena& arena);

// A field's value: an unquoted field with blanks around it trimmed, or a
// quoted field's content exactly.
inline std::string_view FieldText(const RawField& field, TextArena& arena) {
  if (field.quoted) return QuotedFieldText(field, arena);
  return TrimBlanks(field.begin, field.end);
}

// Every field of one record, for headers and small tables.
struct SplitLine {
  std::vector<RawField> fields;
  RecordSplit split;
};
SplitLine SplitAllFields(const char* p, const char* end, char delimiter);

// Finds where records start, so that a file can be cut into chunks that
// parse independently: positions just after a line break that is not inside
// a quoted field. Queries must come in increasing order; the scan jumps from
// quote to quote, so it costs little more than one memchr over the file.
class RecordStarts {
 public:
  RecordStarts(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}
  // The first record start at or after `offset` (text.size() when none).
  size_t AtOrAfter(size_t offset);

 private:
  bool OpensQuote(size_t quote) const;

  std::string_view text_;
  char delimiter_;
  size_t resolved_ = 0;  // text before this is outside any quoted field
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_FIELDS_H_
