// Text encodings shared by the result writers: CSV fields, JSON strings and
// numbers, each appended to a buffer so that a row is built without
// temporary strings.
#ifndef TESSERA_SRC_OUTPUT_TEXT_H_
#define TESSERA_SRC_OUTPUT_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tessera::internal {

// Appends `text` as one CSV field, in double quotes (inner quotes doubled)
// only when it holds the delimiter, a quote, CR or LF, as RFC 4180 asks.
void AppendCsvField(std::string_view text, char delimiter, std::string& out);

// Appends `text` as a quoted JSON string. Bytes that are not part of
// well-formed UTF-8 become U+FFFD each, so the result is always valid JSON;
// U+2028 and U+2029 are escaped because JavaScript parsers before ES2019
// reject them inside strings.
void AppendJsonString(std::string_view text, std::string& out);

// Appends the shortest decimal text that reads back as the same double
// ("3", "0.1", "1e+21"); negative zero is written as "0". The caller handles
// NaN and infinities.
void AppendNumber(double value, std::string& out);
void AppendInteger(int64_t value, std::string& out);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_OUTPUT_TEXT_H_
