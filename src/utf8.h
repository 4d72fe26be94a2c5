#ifndef TESSERA_SRC_UTF8_H_
#define TESSERA_SRC_UTF8_H_

#include <string_view>

namespace tessera::internal {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

// Well-formed UTF-8 without NUL bytes: text a C host can hold in a C string
// (a key with a NUL inside would come back cut short through the C ABI).
inline bool IsValidText(std::string_view text) {
  return text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_UTF8_H_
