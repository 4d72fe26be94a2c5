// Fork-join loops over index ranges. Callers write disjoint outputs or merge
// partial results in chunk order, so results never depend on the thread count.
#ifndef TESSERA_SRC_PARALLEL_H_
#define TESSERA_SRC_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace tessera::internal {

// 0 or less means every core.
inline int ResolveThreads(int requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

// Splits [0, n) into at most `num_threads` contiguous chunks of at least
// `min_chunk` items and calls fn(chunk, begin, end) for each, chunk 0 on the
// calling thread. Returns the number of chunks used.
//
// An exception from any chunk (std::bad_alloc, say) is rethrown on the
// calling thread after every thread has been joined, never left to
// std::terminate; when a thread cannot be started, its chunk runs on the
// calling thread instead. A host process is never ended from here.
template <typename Fn>
int ParallelChunks(size_t n, int num_threads, size_t min_chunk, Fn&& fn) {
  size_t max_chunks = std::max<size_t>(1, n / std::max<size_t>(1, min_chunk));
  int chunks = static_cast<int>(
      std::min<size_t>(static_cast<size_t>(ResolveThreads(num_threads)), max_chunks));
  if (chunks <= 1) {
    fn(0, size_t{0}, n);
    return 1;
  }
  auto bound = [&](int c) { return n * static_cast<size_t>(c) / static_cast<size_t>(chunks); };
  std::vector<std::exception_ptr> errors(static_cast<size_t>(chunks));
  auto run = [&](int c) {
    try {
      fn(c, bound(c), bound(c + 1));
    } catch (...) {
      errors[static_cast<size_t>(c)] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  std::vector<int> inline_chunks;
  try {
    workers.reserve(static_cast<size_t>(chunks - 1));
  } catch (...) {
    // Without room for the thread handles, every chunk runs here.
  }
  for (int c = 1; c < chunks; ++c) {
    try {
      workers.emplace_back(run, c);
    } catch (...) {
      inline_chunks.push_back(c);
    }
  }
  run(0);
  for (int c : inline_chunks) run(c);
  for (std::thread& worker : workers) worker.join();
  // The lowest chunk's error, so the same input fails the same way.
  for (std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return chunks;
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_PARALLEL_H_
