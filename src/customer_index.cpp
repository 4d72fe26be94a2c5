#include "tessera/customer_index.h"

#include <cassert>

#include "int_key_table.h"
#include "parallel.h"

namespace tessera {

CustomerIndex::CustomerIndex(KeyKind kind)
    : kind_(kind), int_index_(std::make_unique<internal::IntKeyTable>()) {}
CustomerIndex::CustomerIndex(const CustomerIndex& other)
    : kind_(other.kind_),
      int_keys_(other.int_keys_),
      string_keys_(other.string_keys_),
      int_index_(std::make_unique<internal::IntKeyTable>(*other.int_index_)),
      string_index_(other.string_index_) {}
CustomerIndex& CustomerIndex::operator=(const CustomerIndex& other) {
  if (this != &other) *this = CustomerIndex(other);
  return *this;
}
CustomerIndex::CustomerIndex(CustomerIndex&& other) noexcept = default;
CustomerIndex& CustomerIndex::operator=(CustomerIndex&& other) noexcept = default;
CustomerIndex::~CustomerIndex() = default;

uint32_t CustomerIndex::Intern(int64_t key) {
  assert(kind_ == KeyKind::kInteger);
  bool inserted = false;
  uint32_t index = int_index_->Insert(key, static_cast<uint32_t>(int_keys_.size()), inserted);
  if (inserted) int_keys_.push_back(key);
  return index;
}

uint32_t CustomerIndex::Intern(std::string_view key) {
  assert(kind_ == KeyKind::kString);
  auto it = string_index_.find(absl::string_view(key.data(), key.size()));
  if (it != string_index_.end()) return it->second;
  uint32_t index = static_cast<uint32_t>(string_keys_.size());
  string_index_.emplace(std::string(key), index);
  string_keys_.emplace_back(key);
  return index;
}

int64_t CustomerIndex::Find(int64_t key) const {
  if (kind_ != KeyKind::kInteger) return -1;
  return int_index_->Find(key);
}

int64_t CustomerIndex::Find(std::string_view key) const {
  if (kind_ != KeyKind::kString) return -1;
  auto it = string_index_.find(absl::string_view(key.data(), key.size()));
  return it == string_index_.end() ? -1 : static_cast<int64_t>(it->second);
}

std::string CustomerIndex::KeyString(uint32_t index) const {
  return kind_ == KeyKind::kInteger ? std::to_string(int_keys_[index])
                                    : string_keys_[index];
}

namespace {

// Each chunk of rows first maps its keys to chunk-local ids in order of first
// appearance (in parallel); the chunks' new keys are then interned in chunk
// order, which is exactly global first-appearance order; a last parallel pass
// turns local ids into global ones. Hash lookups dominate, and they run on
// every core without locks.
template <typename Key, typename LocalKey, typename InternFn>
std::vector<uint32_t> InternChunked(absl::Span<const Key> keys, int num_threads,
                                    InternFn&& intern) {
  std::vector<uint32_t> ids(keys.size());
  constexpr size_t kMinChunk = 1 << 16;
  int threads = internal::ResolveThreads(num_threads);
  std::vector<std::vector<Key>> chunk_keys(static_cast<size_t>(threads));
  std::vector<size_t> chunk_begin(static_cast<size_t>(threads) + 1, keys.size());
  int chunks = internal::ParallelChunks(
      keys.size(), threads, kMinChunk, [&](int chunk, size_t begin, size_t end) {
        absl::flat_hash_map<LocalKey, uint32_t> local;
        std::vector<Key>& first_seen = chunk_keys[static_cast<size_t>(chunk)];
        chunk_begin[static_cast<size_t>(chunk)] = begin;
        for (size_t i = begin; i < end; ++i) {
          auto [it, inserted] = local.try_emplace(
              LocalKey(keys[i]), static_cast<uint32_t>(first_seen.size()));
          if (inserted) first_seen.push_back(keys[i]);
          ids[i] = it->second;
        }
      });
  std::vector<std::vector<uint32_t>> to_global(static_cast<size_t>(chunks));
  for (size_t c = 0; c < static_cast<size_t>(chunks); ++c) {
    to_global[c].reserve(chunk_keys[c].size());
    for (const Key& key : chunk_keys[c]) to_global[c].push_back(intern(key));
  }
  internal::ParallelChunks(
      static_cast<size_t>(chunks), chunks, 1, [&](int, size_t first, size_t last) {
        for (size_t c = first; c < last; ++c) {
          size_t end = c + 1 < static_cast<size_t>(chunks) ? chunk_begin[c + 1]
                                                            : keys.size();
          const std::vector<uint32_t>& map = to_global[c];
          for (size_t i = chunk_begin[c]; i < end; ++i) ids[i] = map[ids[i]];
        }
      });
  return ids;
}

}  // namespace

std::vector<uint32_t> CustomerIndex::InternAll(absl::Span<const int64_t> keys,
                                               int num_threads) {
  std::vector<uint32_t> ids(keys.size());
  InternAll(keys, absl::MakeSpan(ids), num_threads);
  return ids;
}

void CustomerIndex::InternAll(absl::Span<const int64_t> keys, absl::Span<uint32_t> ids,
                              int num_threads) {
  assert(kind_ == KeyKind::kInteger && ids.size() == keys.size());
  int_index_->InsertAll(keys, static_cast<uint32_t>(int_keys_.size()), num_threads, int_keys_,
                        ids);
}

std::vector<uint32_t> CustomerIndex::InternAll(
    absl::Span<const std::string_view> keys, int num_threads) {
  assert(kind_ == KeyKind::kString);
  return InternChunked<std::string_view, std::string_view>(
      keys, num_threads, [this](std::string_view key) { return Intern(key); });
}

}  // namespace tessera
