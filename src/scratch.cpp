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
    void* memory = std::malloc(bytes);
    if (memory == nullptr) throw std::bad_alloc();
    capacity = bytes;
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

  void SetLimit(size_t bytes) {
    std::vector<Block> freed;
    std::vector<std::vector<double>> columns;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      limit_ = bytes;
      while (kept_ > limit_ && !columns_.empty()) {
        kept_ -= columns_.back().capacity() * sizeof(double);
        columns.push_back(std::move(columns_.back()));
        columns_.pop_back();
      }
      while (kept_ > limit_) {
        freed.push_back(blocks_.back());
        kept_ -= blocks_.back().capacity;
        blocks_.pop_back();
      }
    }
    for (const Block& block : freed) std::free(block.memory);
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
    return std::vector<double>(size);
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
    std::vector<Block> freed;
    std::vector<std::vector<double>> columns;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      freed.swap(blocks_);
      columns.swap(columns_);
      kept_ = 0;
    }
    for (const Block& block : freed) std::free(block.memory);
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
