#include "int_key_table.h"

#include <algorithm>
#include <atomic>

#include "parallel.h"
#include "scratch.h"

namespace tessera::internal {
namespace {

constexpr size_t kMinCapacity = 1024;
constexpr size_t kPrefetchDistance = 16;
constexpr size_t kMinChunk = 1 << 16;

size_t CapacityFor(size_t keys) {
  size_t capacity = kMinCapacity;
  while (capacity < 2 * keys) capacity *= 2;  // load factor at most 1/2
  return capacity;
}

uint32_t Load(const uint32_t& word) { return __atomic_load_n(&word, __ATOMIC_ACQUIRE); }

}  // namespace

size_t IntKeyTable::SlotOf(int64_t key) const {
  // Fibonacci hashing: the top bits of key * 2^64/phi spread sequential and
  // clustered ids evenly.
  return static_cast<size_t>((static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull) >> shift_);
}

IntKeyTable::IntKeyTable(const IntKeyTable& other)
    : slots_(other.slots_.size()), mask_(other.mask_), shift_(other.shift_), size_(other.size_) {
  std::copy(other.slots_.begin(), other.slots_.end(), slots_.begin());
}

IntKeyTable& IntKeyTable::operator=(const IntKeyTable& other) {
  if (this != &other) *this = IntKeyTable(other);
  return *this;
}

int64_t IntKeyTable::Find(int64_t key) const {
  if (slots_.empty()) return -1;
  for (size_t s = SlotOf(key);; s = (s + 1) & mask_) {
    const Slot& slot = slots_[s];
    if (slot.state == kEmpty) return -1;
    if (slot.key == key) return slot.value;
  }
}

void IntKeyTable::Rehash(size_t capacity) {
  ScratchArray<Slot> old = std::move(slots_);
  slots_ = ScratchArray<Slot>(capacity);
  std::fill(slots_.begin(), slots_.end(), Slot{0, 0, kEmpty});
  mask_ = capacity - 1;
  shift_ = 64 - __builtin_ctzll(capacity);
  for (const Slot& slot : old) {
    if (slot.state != kReady) continue;
    size_t s = SlotOf(slot.key);
    while (slots_[s].state != kEmpty) s = (s + 1) & mask_;
    slots_[s] = slot;
  }
}

uint32_t IntKeyTable::Insert(int64_t key, uint32_t next_index, bool& inserted) {
  if (slots_.empty() || 2 * (size_ + 1) > slots_.size()) {
    Rehash(CapacityFor(std::max<size_t>(size_ + 1, 2 * size_)));
  }
  size_t s = SlotOf(key);
  for (; slots_[s].state != kEmpty; s = (s + 1) & mask_) {
    if (slots_[s].key == key) {
      inserted = false;
      return slots_[s].value;
    }
  }
  slots_[s] = Slot{key, next_index, kReady};
  ++size_;
  inserted = true;
  return next_index;
}

// Threads claim empty slots with a compare-and-swap on the state word; a new
// key's slot remembers the smallest row it was seen in, so that indices can
// be handed out in row order afterwards, independent of which thread won.
bool IntKeyTable::InsertBatch(absl::Span<const int64_t> keys, int num_threads,
                              absl::Span<uint32_t> slot_of_row) {
  std::atomic<size_t> added{0};
  std::atomic<bool> too_full{false};
  // Keys already in the table count towards the load factor of 1/2 too.
  const size_t limit = slots_.size() / 2 - std::min(size_, slots_.size() / 2);
  Slot* slots = slots_.data();
  ParallelChunks(keys.size(), num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    size_t local_added = 0;
    for (size_t i = begin; i < end; ++i) {
      if (i + kPrefetchDistance < end) {
        __builtin_prefetch(&slots[SlotOf(keys[i + kPrefetchDistance])], 1);
      }
      const int64_t key = keys[i];
      const uint32_t row = static_cast<uint32_t>(i);
      size_t s = SlotOf(key);
      for (size_t probes = 0;; ++probes) {
        if (probes > mask_) {  // full: only when the size check came too late
          too_full.store(true, std::memory_order_relaxed);
          return;
        }
        Slot& slot = slots[s];
        uint32_t state = Load(slot.state);
        if (state == kEmpty) {
          uint32_t expected = kEmpty;
          if (__atomic_compare_exchange_n(&slot.state, &expected, kClaimed, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            slot.key = key;
            slot.value = row;
            __atomic_store_n(&slot.state, kNewInBatch, __ATOMIC_RELEASE);
            ++local_added;
            break;
          }
          state = expected;
        }
        while (state == kClaimed) state = Load(slot.state);
        if (slot.key == key) {
          if (state == kNewInBatch) {
            uint32_t first = __atomic_load_n(&slot.value, __ATOMIC_RELAXED);
            while (row < first && !__atomic_compare_exchange_n(&slot.value, &first, row, true,
                                                               __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
            }
          }
          break;
        }
        s = (s + 1) & mask_;
      }
      slot_of_row[i] = static_cast<uint32_t>(s);
      if ((i & 4095) == 0 && local_added > 0) {
        if (added.fetch_add(local_added, std::memory_order_relaxed) + local_added > limit) {
          too_full.store(true, std::memory_order_relaxed);
        }
        local_added = 0;
        if (too_full.load(std::memory_order_relaxed)) return;
      }
    }
    if (added.fetch_add(local_added, std::memory_order_relaxed) + local_added > limit) {
      too_full.store(true, std::memory_order_relaxed);
    }
  });
  return !too_full.load();
}

void IntKeyTable::InsertAll(absl::Span<const int64_t> keys, uint32_t next_index,
                            int num_threads, std::vector<int64_t>& new_keys,
                            absl::Span<uint32_t> ids) {
  const size_t rows = keys.size();
  if (rows == 0) return;
  // Transaction logs have about ten rows per customer; start there and grow
  // when a batch finds more distinct keys than that.
  size_t expected = size_ + std::max<size_t>(rows / 10, 1);
  if (slots_.size() < CapacityFor(expected)) Rehash(CapacityFor(expected));
  while (!InsertBatch(keys, num_threads, ids)) {
    for (Slot& slot : slots_) {
      if (slot.state != kReady) slot = Slot{0, 0, kEmpty};
    }
    Rehash(slots_.size() * 4);
  }
  // ids holds each row's slot until the last pass puts the index there.
  const absl::Span<uint32_t> slot_of_row = ids;

  // Each new key's first row, marked; then indices in row order: chunks
  // count their marks, and a prefix sum tells each chunk where its new keys'
  // indices start.
  ScratchArray<uint8_t> first_row(rows);
  ParallelChunks(rows, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    std::fill(first_row.data() + begin, first_row.data() + end, uint8_t{0});
  });
  ParallelChunks(slots_.size(), num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t s = begin; s < end; ++s) {
      if (slots_[s].state == kNewInBatch) first_row[slots_[s].value] = 1;
    }
  });
  std::vector<uint32_t> chunk_new(static_cast<size_t>(ResolveThreads(num_threads)) + 1, 0);
  const int chunks = ParallelChunks(rows, num_threads, kMinChunk, [&](int chunk, size_t begin, size_t end) {
    uint32_t count = 0;
    for (size_t i = begin; i < end; ++i) count += first_row[i];
    chunk_new[static_cast<size_t>(chunk) + 1] = count;
  });
  for (size_t c = 1; c <= static_cast<size_t>(chunks); ++c) chunk_new[c] += chunk_new[c - 1];
  const size_t old_keys = new_keys.size();
  new_keys.resize(old_keys + chunk_new[static_cast<size_t>(chunks)]);
  ParallelChunks(rows, num_threads, kMinChunk, [&](int chunk, size_t begin, size_t end) {
    uint32_t rank = chunk_new[static_cast<size_t>(chunk)];
    for (size_t i = begin; i < end; ++i) {
      if (!first_row[i]) continue;
      Slot& slot = slots_[slot_of_row[i]];
      slot.value = next_index + rank;
      slot.state = kReady;
      new_keys[old_keys + rank] = keys[i];
      ++rank;
    }
  });
  size_ += chunk_new[static_cast<size_t>(chunks)];

  // Every row's index, read through a copy of the slots' indices alone: the
  // random reads then land in an array a quarter the size of the table
  // (8 MB for a million customers), which the L3 cache mostly holds.
  ScratchArray<uint32_t> index_of_slot(slots_.size());
  ParallelChunks(slots_.size(), num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t s = begin; s < end; ++s) index_of_slot[s] = slots_[s].value;
  });
  const uint32_t* index = index_of_slot.data();
  ParallelChunks(rows, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      if (i + kPrefetchDistance < end) __builtin_prefetch(&index[slot_of_row[i + kPrefetchDistance]]);
      ids[i] = index[slot_of_row[i]];
    }
  });
}

}  // namespace tessera::internal
