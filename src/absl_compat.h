// Debian's Abseil is built with its own absl::string_view rather than
// std::string_view, so absl::StrCat and friends do not take ours directly.
#ifndef TESSERA_SRC_ABSL_COMPAT_H_
#define TESSERA_SRC_ABSL_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace tessera::internal {

inline absl::string_view ToAbsl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_ABSL_COMPAT_H_
