// Scratch memory. A run stages its rows in large temporary arrays (24 bytes
// per transaction row while grouping by customer, 4 per row for the customer
// ids). Fresh memory from the system arrives one page fault at a time, and on
// a virtual machine those faults can cost as much as the work done on the
// rows, so freed scratch arrays are kept for the next run, up to a limit.
// Everything here may be called from any thread.
#ifndef TESSERA_MEMORY_H_
#define TESSERA_MEMORY_H_

#include <cstddef>

namespace tessera {

// The most bytes of freed scratch memory kept for reuse: 1 GiB unless set.
// A smaller limit releases what is over it at once; 0 keeps nothing.
void SetScratchCacheLimit(size_t bytes);
size_t ScratchCacheLimit();

// Bytes kept for reuse right now (none while no run has finished).
size_t ScratchCacheSize();

// Returns every kept array to the system.
void ReleaseScratchCache();

}  // namespace tessera

#endif  // TESSERA_MEMORY_H_
