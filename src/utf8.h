#ifndef TESSERA_SRC_UTF8_H_
#define TESSERA_SRC_UTF8_H_

#include <string_view>

namespace tessera::internal {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_UTF8_H_
