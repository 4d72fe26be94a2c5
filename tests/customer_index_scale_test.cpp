// CustomerIndex::InternAll on 64-bit keys at scale, against the obvious
// reference: a std::unordered_map that hands out indices in row order. The
// key sets include those that defeat weak hashes (multiples of 2^20 and
// 2^32, sequential ids), every row a new customer, a few hot keys fought over
// by every thread, keys known before the batch, and batches one after another.
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/customer_index.h"

namespace tessera {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Own helpers on the raw engine: the standard distributions differ between
// libraries, and the keys must be the same everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return engine_() % n; }
  int64_t Key() { return static_cast<int64_t>(engine_()); }

 private:
  std::mt19937_64 engine_;
};

// What InternAll must equal: Intern on each key, in row order.
struct ReferenceIndex {
  std::unordered_map<int64_t, uint32_t> index;
  std::vector<int64_t> keys;  // by dense index

  std::vector<uint32_t> Intern(const std::vector<int64_t>& rows) {
    std::vector<uint32_t> ids;
    ids.reserve(rows.size());
    for (int64_t key : rows) {
      auto [it, inserted] = index.try_emplace(key, static_cast<uint32_t>(keys.size()));
      if (inserted) keys.push_back(key);
      ids.push_back(it->second);
    }
    return ids;
  }
};

// Compares without printing millions of values: the count and the first few.
template <typename T>
void ExpectSameValues(const std::vector<T>& actual, const std::vector<T>& expected,
                      const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  size_t wrong = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] == expected[i]) continue;
    if (++wrong <= 5) {
      ADD_FAILURE() << what << " [" << i << "] is " << actual[i] << ", expected " << expected[i];
    }
  }
  EXPECT_EQ(wrong, 0u) << what;
}

// Keys absent from the reference: near misses of present keys (one bit
// off, which a table comparing only some bits would confuse) and random ones.
std::vector<int64_t> AbsentKeys(const ReferenceIndex& reference) {
  Random random(99);
  std::vector<int64_t> candidates = {kMin, kMax, 0, -1, 1};
  for (size_t i = 0; i < reference.keys.size(); i += 97) {
    const uint64_t key = static_cast<uint64_t>(reference.keys[i]);
    candidates.push_back(static_cast<int64_t>(key ^ 1));
    candidates.push_back(static_cast<int64_t>(key ^ (uint64_t{1} << 63)));
    candidates.push_back(static_cast<int64_t>(key + (uint64_t{1} << 32)));
    candidates.push_back(random.Key());
  }
  std::vector<int64_t> absent;
  for (int64_t key : candidates) {
    if (reference.index.count(key) == 0) absent.push_back(key);
  }
  return absent;
}

// Interns `known` one by one (a customer table), then each batch with
// InternAll, for several thread counts, and checks everything the index
// answers against the reference.
void ExpectInternAllMatches(const std::vector<int64_t>& known,
                            const std::vector<std::vector<int64_t>>& batches) {
  ReferenceIndex reference;
  const std::vector<uint32_t> known_ids = reference.Intern(known);
  std::vector<std::vector<uint32_t>> expected;
  for (const std::vector<int64_t>& batch : batches) expected.push_back(reference.Intern(batch));
  const std::vector<int64_t> absent = AbsentKeys(reference);
  ASSERT_FALSE(absent.empty());
  for (int threads : {1, 2, 3, 8}) {
    const std::string context = std::to_string(threads) + " threads";
    CustomerIndex index(KeyKind::kInteger);
    std::vector<uint32_t> ids;
    for (int64_t key : known) ids.push_back(index.Intern(key));
    ExpectSameValues(ids, known_ids, context + ": Intern of the known keys");
    for (size_t b = 0; b < batches.size(); ++b) {
      ExpectSameValues(index.InternAll(batches[b], threads), expected[b],
                       context + ": InternAll of batch " + std::to_string(b));
    }
    ASSERT_EQ(index.size(), reference.keys.size()) << context;
    ExpectSameValues(index.int_keys(), reference.keys, context + ": int_keys()");
    size_t wrong = 0;
    for (const auto& [key, id] : reference.index) {
      const int64_t found = index.Find(key);
      if (found != id && ++wrong <= 5) {
        ADD_FAILURE() << context << ": Find(" << key << ") is " << found << ", expected " << id;
      }
    }
    for (int64_t key : absent) {
      const int64_t found = index.Find(key);
      if (found != -1 && ++wrong <= 5) {
        ADD_FAILURE() << context << ": Find(" << key << ") of an absent key is " << found;
      }
    }
    EXPECT_EQ(wrong, 0u) << context;
    // The table stays usable one key at a time after a batch.
    const uint32_t next = static_cast<uint32_t>(reference.keys.size());
    EXPECT_EQ(index.Intern(absent[0]), next) << context;
    EXPECT_EQ(index.Find(absent[0]), int64_t{next}) << context;
    EXPECT_EQ(index.Intern(reference.keys.back()), next - 1) << context;
    EXPECT_EQ(index.size(), size_t{next} + 1) << context;
  }
}

std::vector<int64_t> Draw(Random& random, const std::vector<int64_t>& pool, size_t rows) {
  std::vector<int64_t> out(rows);
  for (int64_t& key : out) key = pool[random.Below(pool.size())];
  return out;
}

TEST(CustomerIndexScale, RandomKeysWithTheExtremes) {
  Random random(1);
  std::vector<int64_t> pool(300000);
  for (int64_t& key : pool) key = random.Key();  // half of them negative
  pool[0] = kMin;
  pool[1] = kMax;
  pool[2] = 0;
  pool[3] = -1;
  std::vector<int64_t> rows = Draw(random, pool, 2000000);
  rows[0] = kMax;  // the extremes first and last too
  rows[1] = kMin;
  rows.back() = kMin + 1;
  ExpectInternAllMatches({}, {rows});
}

TEST(CustomerIndexScale, SequentialKeys) {
  Random random(2);
  std::vector<int64_t> rows;
  for (int64_t key = 1; key <= 400000; ++key) rows.push_back(key);
  for (size_t i = 0; i < 600000; ++i) rows.push_back(1 + static_cast<int64_t>(random.Below(450000)));
  ExpectInternAllMatches({}, {rows});
}

TEST(CustomerIndexScale, MultiplesOfTwoToThe32And20) {
  for (int shift : {32, 20}) {
    Random random(3);
    std::vector<int64_t> pool;
    for (int64_t k = 1; k <= 100000; ++k) {
      pool.push_back(static_cast<int64_t>(static_cast<uint64_t>(k) << shift));
      pool.push_back(-static_cast<int64_t>(static_cast<uint64_t>(k) << shift));
    }
    SCOPED_TRACE("multiples of 2^" + std::to_string(shift));
    ExpectInternAllMatches({}, {Draw(random, pool, 1000000)});
  }
}

TEST(CustomerIndexScale, EveryRowANewCustomer) {
  std::vector<int64_t> rows(1000000);
  // An odd multiplier is a bijection on 64 bits: every key distinct.
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i] = static_cast<int64_t>((i + 1) * 0xD6E8FEB86659FD93ull);
  }
  ExpectInternAllMatches({}, {rows});
}

TEST(CustomerIndexScale, KnownKeysKeepTheirIndices) {
  Random random(5);
  std::vector<int64_t> known(100000);
  for (int64_t& key : known) key = random.Key();
  std::vector<int64_t> pool = known;
  for (size_t i = 0; i < 100000; ++i) pool.push_back(random.Key());
  ExpectInternAllMatches(known, {Draw(random, pool, 1000000)});
}

TEST(CustomerIndexScale, TwoSuccessiveBatches) {
  Random random(6);
  std::vector<int64_t> first_pool(100000), second_pool;
  for (int64_t& key : first_pool) key = random.Key();
  for (size_t i = 0; i < first_pool.size(); i += 2) second_pool.push_back(first_pool[i]);
  for (size_t i = 0; i < 100000; ++i) second_pool.push_back(random.Key());
  std::vector<int64_t> known = {first_pool[7], 42, kMin};
  ExpectInternAllMatches(known, {Draw(random, first_pool, 500000),
                                 Draw(random, second_pool, 500000)});
}

TEST(CustomerIndexScale, FewHotKeysSharedByEveryThread) {
  Random random(7);
  ExpectInternAllMatches({}, {Draw(random, {kMax, 3, -3, kMin, 0}, 1000000)});
}

TEST(CustomerIndexScale, EmptyAndTinyBatches) {
  Random random(8);
  std::vector<int64_t> pool(50);
  for (int64_t& key : pool) key = random.Key();
  ExpectInternAllMatches({11, 12}, {{}, {pool[0]}, Draw(random, pool, 100), {},
                                    Draw(random, pool, 70000)});
}

}  // namespace
}  // namespace tessera
