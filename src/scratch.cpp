#include "scratch.h"

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#include "tessera/memory.h"

namespace tessera {
namespace internal {
namespace {

// Blocks smaller than this come and go through malloc, whose own pools
// already reuse them.
constexpr size_t kSmallestKept = size_t{1} << 20;
constexpr size_t kDefaultLimit = size_t{1} << 30;
// Blocks that may be kept are made a little larger than asked, so that the
// next run on a table grown by a day's rows still fits in them: arrays up to
// the next 2 MB, columns up to the next 64 Ki values (512 kB).
constexpr size_t kBlockGrain = size_t{2} << 20;
constexpr size_t kColumnGrain = size_t{1} << 16;

size_t RoundUp(size_t n, size_t grain) { return (n + grain - 1) / grain * grain; }

struct Block {
  void* memory;
  size_t capacity;
};

class ScratchCache {
 public:
  void* Acquire(size_t bytes, size_t& capacity) {
    if (bytes >= kSmallestKept) {
      std::lock_guard<std::mutex> lock(mutex_);
      // The smallest kept block that fits, and not one more than twice the
      // size: a small request should not pin a huge block.
      size_t best = blocks_.size();
      for (size_t b = 0; b < blocks_.size(); ++b) {
        const size_t c = blocks_[b].capacity;
        if (c >= bytes && c / 2 <= bytes && (best == blocks_.size() || c < blocks_[best].capacity)) {
          best = b;
        }
      }
      if (best < blocks_.size()) {
        Block block = blocks_[best];
        blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(best));
        kept_ -= block.capacity;
        capacity = block.capacity;
        return block.memory;
      }
    }
    capacity = bytes >= kSmallestKept ? RoundUp(bytes, kBlockGrain) : bytes;
    void* memory = std::malloc(capacity);
    if (memory == nullptr) throw std::bad_alloc();
    return memory;
  }

  void Release(void* memory, size_t capacity) {
    if (capacity >= kSmallestKept) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (kept_ + capacity <= limit_) {
        try {
          blocks_.push_back(Block{memory, capacity});
          kept_ += capacity;
          return;
        } catch (...) {
          // No room to remember the block: free it instead.
        }
      }
    }
    std::free(memory);
  }

  // Frees under the lock: nothing here can fail, and no list of what to
  // free has to be made (which could).
  void SetLimit(size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = bytes;
    while (kept_ > limit_ && !columns_.empty()) {
      kept_ -= columns_.back().capacity() * sizeof(double);
      columns_.pop_back();
    }
    while (kept_ > limit_) {
      kept_ -= blocks_.back().capacity;
      std::free(blocks_.back().memory);
      blocks_.pop_back();
    }
  }

  std::vector<double> TakeColumn(size_t size) {
    if (size * sizeof(double) >= kSmallestKept) {
      std::lock_guard<std::mutex> lock(mutex_);
      size_t best = columns_.size();
      for (size_t c = 0; c < columns_.size(); ++c) {
        const size_t capacity = columns_[c].capacity();
        // Ties go to the latest given back, still warmest in the caches.
        if (capacity >= size && capacity / 2 <= size &&
            (best == columns_.size() || capacity <= columns_[best].capacity())) {
          best = c;
        }
      }
      if (best < columns_.size()) {
        std::vector<double> column = std::move(columns_[best]);
        columns_.erase(columns_.begin() + static_cast<std::ptrdiff_t>(best));
        kept_ -= column.capacity() * sizeof(double);
        column.resize(size);  // within capacity: no allocation, no zeroing of kept values
        return column;
      }
    }
    std::vector<double> column;
    if (size * sizeof(double) >= kSmallestKept) column.reserve(RoundUp(size, kColumnGrain));
    column.resize(size);
    return column;
  }

  void GiveBackColumn(std::vector<double>&& column) {
    const size_t bytes = column.capacity() * sizeof(double);
    if (bytes < kSmallestKept) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (kept_ + bytes > limit_) return;
    try {
      columns_.push_back(std::move(column));
      kept_ += bytes;
    } catch (...) {
      // No room to remember it: the column is freed with its table.
    }
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Block& block : blocks_) std::free(block.memory);
    blocks_.clear();
    columns_.clear();
    kept_ = 0;
  }

  size_t limit() {
    std::lock_guard<std::mutex> lock(mutex_);
    return limit_;
  }

  size_t kept() {
    std::lock_guard<std::mutex> lock(mutex_);
    return kept_;
  }

 private:
  std::mutex mutex_;
  std::vector<Block> blocks_;
  std::vector<std::vector<double>> columns_;
  size_t kept_ = 0;
  size_t limit_ = kDefaultLimit;
};

// Never destroyed: datasets freed while the process exits still give their
// arrays back to it.
ScratchCache& Cache() {
  static ScratchCache* cache = new ScratchCache();
  return *cache;
}

}  // namespace

void* AcquireScratch(size_t bytes, size_t& capacity) { return Cache().Acquire(bytes, capacity); }

void ReleaseScratch(void* block, size_t capacity) { Cache().Release(block, capacity); }

std::vector<double> TakeColumn(size_t size) { return Cache().TakeColumn(size); }

void GiveBackColumn(std::vector<double>&& column) { Cache().GiveBackColumn(std::move(column)); }

}  // namespace internal

void SetScratchCacheLimit(size_t bytes) { internal::Cache().SetLimit(bytes); }
size_t ScratchCacheLimit() { return internal::Cache().limit(); }
size_t ScratchCacheSize() { return internal::Cache().kept(); }

void ReleaseScratchCache() { internal::Cache().Clear(); }

}  // namespace tessera
