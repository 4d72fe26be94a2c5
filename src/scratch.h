// Large uninitialised arrays taken from the scratch cache of
// tessera/memory.h and given back to it when destroyed.
#ifndef TESSERA_SRC_SCRATCH_H_
#define TESSERA_SRC_SCRATCH_H_

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace tessera::internal {

// A block of at least `bytes` bytes, kept or fresh; `capacity` is set to its
// real size. Throws std::bad_alloc when the system has no memory left.
void* AcquireScratch(size_t bytes, size_t& capacity);
// Gives a block back: kept while the cache is under its limit, else freed.
void ReleaseScratch(void* block, size_t capacity);

// An array of `size` plain values, uninitialised: every element is written
// before it is read, so no zeroing pass.
template <typename T>
class ScratchArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "scratch arrays hold plain values");

 public:
  ScratchArray() = default;
  explicit ScratchArray(size_t size) : size_(size) {
    if (size > 0) data_ = static_cast<T*>(AcquireScratch(size * sizeof(T), capacity_));
  }
  ScratchArray(ScratchArray&& other) noexcept { *this = std::move(other); }
  ScratchArray& operator=(ScratchArray&& other) noexcept {
    if (this != &other) {
      Reset();
      std::swap(data_, other.data_);
      std::swap(size_, other.size_);
      std::swap(capacity_, other.capacity_);
    }
    return *this;
  }
  ScratchArray(const ScratchArray&) = delete;
  ScratchArray& operator=(const ScratchArray&) = delete;
  ~ScratchArray() { Reset(); }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }

 private:
  void Reset() {
    if (data_ != nullptr) ReleaseScratch(data_, capacity_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// A column of `size` doubles whose values are unspecified (the producer
// writes every one): a kept column of a freed table when one fits, else a
// fresh one.
std::vector<double> TakeColumn(size_t size);
// Keeps a column of a table being freed for TakeColumn, within the limit.
void GiveBackColumn(std::vector<double>&& column);

// A scratch array shared by the columns that borrow it (a dataset's customer
// ids): back to the cache when the last of them goes.
template <typename T>
std::shared_ptr<ScratchArray<T>> SharedScratchArray(size_t size) {
  return std::make_shared<ScratchArray<T>>(size);
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_SCRATCH_H_
