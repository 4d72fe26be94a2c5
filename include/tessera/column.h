// An immutable column of values that either owns its storage or borrows a
// host's buffer (a numpy array, a C array behind the ABI) without copying.
#ifndef TESSERA_COLUMN_H_
#define TESSERA_COLUMN_H_

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "absl/types/span.h"

namespace tessera {

template <typename T>
class Column {
 public:
  Column() = default;

  // Takes ownership of `values`.
  explicit Column(std::vector<T> values) {
    auto owned = std::make_shared<const std::vector<T>>(std::move(values));
    data_ = owned->data();
    size_ = owned->size();
    owner_ = std::move(owned);
  }

  // Refers to `values` without copying. `keepalive` is held for as long as any
  // copy of the column lives; pass nullptr only when the caller guarantees
  // that the buffer outlives every table built from it.
  static Column Borrow(absl::Span<const T> values,
                       std::shared_ptr<const void> keepalive) {
    Column column;
    column.data_ = values.data();
    column.size_ = values.size();
    column.owner_ = std::move(keepalive);
    return column;
  }

  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](size_t i) const { return data_[i]; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  absl::Span<const T> span() const { return {data_, size_}; }

 private:
  std::shared_ptr<const void> owner_;
  const T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace tessera

#endif  // TESSERA_COLUMN_H_
