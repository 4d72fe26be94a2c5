#include "returned_text.h"

#include <cstdio>

#include "utf8.h"

namespace tessera::capi {
namespace {

// The length of the well-formed UTF-8 sequence that `text` starts with, or 0.
size_t SequenceLength(std::string_view text) {
  for (size_t length = 1; length <= 4 && length <= text.size(); ++length) {
    if (internal::IsValidUtf8(text.substr(0, length))) return length;
  }
  return 0;
}

}  // namespace

void AppendAsUtf8(std::string_view text, std::string& out) {
  if (internal::IsValidUtf8(text)) {
    out.append(text.data(), text.size());
    return;
  }
  while (!text.empty()) {
    size_t length = SequenceLength(text);
    if (length > 0) {
      out.append(text.data(), length);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned char>(text[0]));
      out.append(escaped, 4);
      length = 1;
    }
    text.remove_prefix(length);
  }
}

}  // namespace tessera::capi
