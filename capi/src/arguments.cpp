#include "arguments.h"

#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "errors.h"
#include "utf8.h"

namespace tessera::capi {

using internal::ToAbsl;

int NotNull(std::string_view function, std::string_view argument, const void* pointer) {
  if (pointer != nullptr) return TESSERA_OK;
  return Fail(TESSERA_EINVALID, function, absl::StrCat(ToAbsl(argument), " is NULL"));
}

int ArrayOf(std::string_view function, std::string_view argument, const void* pointer,
            size_t n) {
  if (pointer != nullptr || n == 0) return TESSERA_OK;
  return Fail(TESSERA_EINVALID, function,
              absl::StrCat(ToAbsl(argument), " is NULL but n is ", n));
}

int KnownVersion(std::string_view function, std::string_view type, uint32_t version,
                 uint32_t known) {
  if (version == known) return TESSERA_OK;
  return Fail(TESSERA_EVERSION, function,
              absl::StrCat(ToAbsl(type), " has version ", version,
                           ", but this library knows version ", known,
                           " (fill it with its _INIT macro or _init function)"));
}

int Utf8(std::string_view function, std::string_view argument, std::string_view text) {
  if (internal::IsValidUtf8(text)) return TESSERA_OK;
  return Fail(TESSERA_EINVALID, function, absl::StrCat(ToAbsl(argument), " is not valid UTF-8"));
}

int Name(std::string_view function, std::string_view argument, const char* text) {
  if (int rc = NotNull(function, argument, text)) return rc;
  if (*text == '\0') {
    return Fail(TESSERA_EINVALID, function, absl::StrCat(ToAbsl(argument), " is empty"));
  }
  return Utf8(function, argument, text);
}

int Index(std::string_view function, std::string_view argument, size_t index, size_t count,
          std::string_view what) {
  if (index < count) return TESSERA_OK;
  return Fail(TESSERA_EINVALID, function,
              absl::StrCat(ToAbsl(argument), " is ", index, ", but there ",
                           count == 1 ? "is " : "are ", count, " ", ToAbsl(what)));
}

}  // namespace tessera::capi
