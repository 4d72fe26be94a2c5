// The scratch cache of tessera/memory.h for C hosts. The header promises
// these never fail, so nothing is reported through tessera_last_error(): an
// exception (only possible when memory or a mutex fails) is absorbed here.
#include "tessera/memory.h"
#include "tessera/tessera.h"

extern "C" {

void tessera_set_scratch_cache_limit(size_t bytes) {
  try {
    tessera::SetScratchCacheLimit(bytes);
  } catch (...) {
    // Only locking can throw (a system error); then nothing changed.
  }
}

size_t tessera_scratch_cache_limit(void) {
  try {
    return tessera::ScratchCacheLimit();
  } catch (...) {
    return 0;
  }
}

size_t tessera_scratch_cache_size(void) {
  try {
    return tessera::ScratchCacheSize();
  } catch (...) {
    return 0;
  }
}

void tessera_release_scratch_cache(void) {
  try {
    tessera::ReleaseScratchCache();
  } catch (...) {
    // Only locking can throw (a system error); then there is nothing to do.
  }
}

}  // extern "C"
