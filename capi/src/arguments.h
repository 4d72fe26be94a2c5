// Checks of what the host passes in, each returning TESSERA_OK or the code
// of the failure it has already recorded, so that bodies read
//   if (int rc = NotNull(kFunction, "builder", builder)) return rc;
#ifndef TESSERA_CAPI_ARGUMENTS_H_
#define TESSERA_CAPI_ARGUMENTS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tessera::capi {

int NotNull(std::string_view function, std::string_view argument, const void* pointer);

// An array of `n` values may be NULL only when n is 0.
int ArrayOf(std::string_view function, std::string_view argument, const void* pointer,
            size_t n);

// A versioned struct must be of the one version this library knows.
int KnownVersion(std::string_view function, std::string_view type, uint32_t version,
                 uint32_t known);

// Text the core does not check itself must be UTF-8.
int Utf8(std::string_view function, std::string_view argument, std::string_view text);

// A non-NULL, non-empty UTF-8 name.
int Name(std::string_view function, std::string_view argument, const char* text);

// An index below `count`.
int Index(std::string_view function, std::string_view argument, size_t index, size_t count,
          std::string_view what);

// NULL as "", for optional text.
inline std::string_view TextOrEmpty(const char* text) {
  return text == nullptr ? std::string_view() : std::string_view(text);
}

}  // namespace tessera::capi

#endif  // TESSERA_CAPI_ARGUMENTS_H_
