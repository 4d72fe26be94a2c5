// All text the C ABI returns is UTF-8 (tessera.h), but some of it quotes
// bytes from outside: a name the host looked up, a file path, what a host
// strategy wrote, cut at its buffer's end. These make such text UTF-8.
#ifndef TESSERA_CAPI_RETURNED_TEXT_H_
#define TESSERA_CAPI_RETURNED_TEXT_H_

#include <string>
#include <string_view>

namespace tessera::capi {

// Appends `text` with each byte that starts no well-formed UTF-8 sequence
// written as \xNN, so that UTF-8 text passes unchanged.
void AppendAsUtf8(std::string_view text, std::string& out);

inline std::string AsUtf8(std::string_view text) {
  std::string out;
  AppendAsUtf8(text, out);
  return out;
}

}  // namespace tessera::capi

#endif  // TESSERA_CAPI_RETURNED_TEXT_H_
