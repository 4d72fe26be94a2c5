#include "tessera/customer_index.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tessera {
namespace {

std::vector<int64_t> ScrambledKeys(size_t rows, uint64_t distinct) {
  std::vector<int64_t> keys(rows);
  uint64_t state = 7;
  for (int64_t& key : keys) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    key = static_cast<int64_t>(((state >> 20) % distinct) * 0x9E3779B97F4A7C15ull);
  }
  return keys;
}

// What InternAll must equal: Intern on each key in order.
std::vector<uint32_t> InternOneByOne(CustomerIndex& index, const std::vector<int64_t>& keys) {
  std::vector<uint32_t> ids;
  for (int64_t key : keys) ids.push_back(index.Intern(key));
  return ids;
}

TEST(CustomerIndex, InternAllEqualsInterningInOrderForAnyThreadCount) {
  std::vector<int64_t> keys = ScrambledKeys(300000, 40000);
  CustomerIndex reference(KeyKind::kInteger);
  std::vector<uint32_t> expected = InternOneByOne(reference, keys);
  for (int threads : {1, 2, 3, 7}) {
    CustomerIndex index(KeyKind::kInteger);
    EXPECT_EQ(index.InternAll(keys, threads), expected) << threads << " threads";
    EXPECT_EQ(index.int_keys(), reference.int_keys()) << threads << " threads";
  }
}

TEST(CustomerIndex, GrowsWhenNearlyEveryRowIsANewCustomer) {
  // Far more distinct keys than the first guess of one per ten rows.
  std::vector<int64_t> keys = ScrambledKeys(200000, 1ull << 40);
  CustomerIndex reference(KeyKind::kInteger);
  std::vector<uint32_t> expected = InternOneByOne(reference, keys);
  CustomerIndex index(KeyKind::kInteger);
  EXPECT_EQ(index.InternAll(keys, 2), expected);
  EXPECT_EQ(index.size(), reference.size());
  for (size_t i = 0; i < keys.size(); i += 997) {
    EXPECT_EQ(index.Find(keys[i]), static_cast<int64_t>(expected[i]));
  }
}

TEST(CustomerIndex, KeysKnownBeforeKeepTheirIndices) {
  CustomerIndex index(KeyKind::kInteger);
  EXPECT_EQ(index.Intern(500), 0u);
  EXPECT_EQ(index.Intern(100), 1u);
  std::vector<int64_t> keys = {100, 7, 500, 7, 9};
  EXPECT_EQ(index.InternAll(keys, 2), (std::vector<uint32_t>{1, 2, 0, 2, 3}));
  EXPECT_EQ(index.int_keys(), (std::vector<int64_t>{500, 100, 7, 9}));
  EXPECT_EQ(index.Intern(9), 3u);
  EXPECT_EQ(index.Intern(10), 4u);
}

TEST(CustomerIndex, ExtremeKeysAndMisses) {
  const int64_t lowest = std::numeric_limits<int64_t>::min();
  const int64_t highest = std::numeric_limits<int64_t>::max();
  CustomerIndex index(KeyKind::kInteger);
  std::vector<int64_t> keys = {0, lowest, -1, highest, 0};
  EXPECT_EQ(index.InternAll(keys, 2), (std::vector<uint32_t>{0, 1, 2, 3, 0}));
  EXPECT_EQ(index.Find(lowest), 1);
  EXPECT_EQ(index.Find(highest), 3);
  EXPECT_EQ(index.Find(42), -1);
  EXPECT_EQ(index.Find("0"), -1);  // wrong kind is a miss, not a crash
  EXPECT_EQ(index.KeyString(1), "-9223372036854775808");
}

TEST(CustomerIndex, CopiesAreIndependent) {
  CustomerIndex index(KeyKind::kInteger);
  index.Intern(1);
  CustomerIndex copy = index;
  copy.Intern(2);
  EXPECT_EQ(index.Find(2), -1);
  EXPECT_EQ(copy.Find(2), 1);
}

TEST(CustomerIndex, StringKeysForAnyThreadCount) {
  std::vector<std::string> text;
  for (int64_t key : ScrambledKeys(50000, 3000)) text.push_back("C-" + std::to_string(key % 100000));
  std::vector<std::string_view> keys(text.begin(), text.end());
  CustomerIndex reference(KeyKind::kString);
  std::vector<uint32_t> expected;
  for (std::string_view key : keys) expected.push_back(reference.Intern(key));
  for (int threads : {1, 2, 5}) {
    CustomerIndex index(KeyKind::kString);
    EXPECT_EQ(index.InternAll(keys, threads), expected) << threads << " threads";
  }
}

}  // namespace
}  // namespace tessera
