#include "tessera/tessera.h"

#define TESSERA_STRINGIFY_(x) #x
#define TESSERA_STRINGIFY(x) TESSERA_STRINGIFY_(x)

extern "C" {

int tessera_version_number(void) { return TESSERA_VERSION_NUMBER; }

const char* tessera_version_string(void) {
  return TESSERA_STRINGIFY(TESSERA_VERSION_MAJOR) "." TESSERA_STRINGIFY(
      TESSERA_VERSION_MINOR) "." TESSERA_STRINGIFY(TESSERA_VERSION_PATCH);
}

}  // extern "C"
