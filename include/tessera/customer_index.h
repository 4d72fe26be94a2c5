// Maps the customer keys hosts use (64-bit integers, or strings such as
// "C-000123" and "17850.0") to dense indices 0..n-1, once, so that everything
// downstream works on arrays indexed by customer.
#ifndef TESSERA_CUSTOMER_INDEX_H_
#define TESSERA_CUSTOMER_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"

namespace tessera::internal {
class IntKeyTable;
}  // namespace tessera::internal

namespace tessera {

enum class KeyKind { kInteger, kString };

// Dense indices follow first appearance: customers from the customer table in
// table order, then customers first seen in transactions in row order. That
// order does not depend on the thread count.
class CustomerIndex {
 public:
  explicit CustomerIndex(KeyKind kind = KeyKind::kInteger);
  CustomerIndex(const CustomerIndex& other);
  CustomerIndex& operator=(const CustomerIndex& other);
  CustomerIndex(CustomerIndex&& other) noexcept;
  CustomerIndex& operator=(CustomerIndex&& other) noexcept;
  ~CustomerIndex();

  KeyKind kind() const { return kind_; }
  size_t size() const {
    return kind_ == KeyKind::kInteger ? int_keys_.size() : string_keys_.size();
  }

  // Returns the dense index of a key, adding it when new. The key kind must
  // match kind().
  uint32_t Intern(int64_t key);
  uint32_t Intern(std::string_view key);

  // Returns the dense index, or -1 when the key is unknown.
  int64_t Find(int64_t key) const;
  int64_t Find(std::string_view key) const;

  // Maps a whole column of keys, interning new ones, on all cores. Equivalent
  // to calling Intern on each key in order.
  std::vector<uint32_t> InternAll(absl::Span<const int64_t> keys,
                                  int num_threads = 0);
  std::vector<uint32_t> InternAll(absl::Span<const std::string_view> keys,
                                  int num_threads = 0);
  // The same into a buffer of the caller's: ids[i] for keys[i].
  void InternAll(absl::Span<const int64_t> keys, absl::Span<uint32_t> ids,
                 int num_threads = 0);

  int64_t int_key(uint32_t index) const { return int_keys_[index]; }
  const std::string& string_key(uint32_t index) const {
    return string_keys_[index];
  }
  // The key as text, whatever its kind.
  std::string KeyString(uint32_t index) const;

  const std::vector<int64_t>& int_keys() const { return int_keys_; }
  const std::vector<std::string>& string_keys() const { return string_keys_; }

 private:
  KeyKind kind_;
  std::vector<int64_t> int_keys_;
  std::vector<std::string> string_keys_;
  std::unique_ptr<internal::IntKeyTable> int_index_;
  absl::flat_hash_map<std::string, uint32_t> string_index_;
};

}  // namespace tessera

#endif  // TESSERA_CUSTOMER_INDEX_H_
