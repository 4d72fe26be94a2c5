#include "tessera/feature_state.h"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/dates.h"

namespace tessera {
namespace {

// A log of orders with returns, categories and order ids spread over many
// customers, days and lines, from a fixed-seed generator.
struct Orders {
  std::vector<std::string> key_text, order_text, category_text;
  std::vector<std::string_view> keys, orders, categories;
  std::vector<Day> days;
  std::vector<double> amounts;

  explicit Orders(size_t rows) {
    uint64_t state = 99;
    auto next = [&state] {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      return state >> 33;
    };
    for (size_t i = 0; i < rows; ++i) {
      key_text.push_back("C-" + std::to_string(next() % 300));
      order_text.push_back((next() % 10 == 0 ? "C" : "") + std::to_string(next() % 2000));
      category_text.push_back("cat" + std::to_string(next() % 12));
      days.push_back(static_cast<Day>(18000 + next() % 400));
      amounts.push_back(static_cast<double>(next() % 10000) / 100.0);
    }
    for (size_t i = 0; i < rows; ++i) {
      keys.push_back(key_text[i]);
      orders.push_back(order_text[i]);
      categories.push_back(category_text[i]);
    }
  }

  // Rows i with i % parts == part: a split by neither time nor customer.
  Dataset Part(size_t part, size_t parts) const {
    struct Buffers {
      std::vector<std::string_view> keys, orders, categories;
      std::vector<Day> days;
      std::vector<double> amounts;
    };
    auto buffers = std::make_shared<Buffers>();
    for (size_t i = part; i < keys.size(); i += parts) {
      buffers->keys.push_back(keys[i]);
      buffers->orders.push_back(orders[i]);
      buffers->categories.push_back(categories[i]);
      buffers->days.push_back(days[i]);
      buffers->amounts.push_back(amounts[i]);
    }
    TransactionColumns columns;
    columns.string_keys = buffers->keys;
    columns.order_ids = buffers->orders;
    columns.categories = buffers->categories;
    columns.days = buffers->days;
    columns.amounts = buffers->amounts;
    columns.keepalive = buffers;  // the dataset borrows days and amounts
    return *BuildDataset(columns);
  }
};

FeatureOptions Options() {
  FeatureOptions options;
  options.as_of = 18350;  // some rows fall after it
  return options;
}

TEST(FeatureState, MergedPartsFinishIntoTheFeaturesOfTheWhole) {
  Orders orders(20000);
  Dataset whole = orders.Part(0, 1);
  absl::StatusOr<FeatureTable> expected = ComputeFeatures(whole, Options());
  ASSERT_TRUE(expected.ok()) << expected.status();

  absl::StatusOr<FeatureState> merged = FeatureState::FromDataset(orders.Part(0, 3), Options());
  ASSERT_TRUE(merged.ok()) << merged.status();
  for (size_t part : {1, 2}) {
    absl::StatusOr<FeatureState> state = FeatureState::FromDataset(orders.Part(part, 3), Options());
    ASSERT_TRUE(state.ok());
    // Through bytes, as between cluster nodes.
    absl::StatusOr<FeatureState> shipped = FeatureState::Deserialize(state->Serialize());
    ASSERT_TRUE(shipped.ok()) << shipped.status();
    ASSERT_TRUE(merged->Merge(*shipped).ok());
  }
  absl::StatusOr<FeatureTable> actual = merged->Finish();
  ASSERT_TRUE(actual.ok());
  // Frequency counts distinct order ids here, which only the order sets
  // carried in the state get right when one order's lines span parts.
  ASSERT_EQ(actual->customer_count(), whole.customer_count());
  for (uint32_t c = 0; c < whole.customer_count(); ++c) {
    int64_t m = merged->customers().Find(whole.customers.string_key(c));
    ASSERT_GE(m, 0);
    for (const FeatureTable::Entry& entry : expected->columns()) {
      double want = entry.values[c];
      double got = (*actual->Find(entry.name))[static_cast<size_t>(m)];
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(got)) << entry.name;
      } else {
        // Sums are added in another order; everything else is exact.
        EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want))) << entry.name;
      }
    }
  }
}

TEST(FeatureState, SerializeRoundTripsExactly) {
  Orders orders(3000);
  absl::StatusOr<FeatureState> state = FeatureState::FromDataset(orders.Part(0, 1), Options());
  ASSERT_TRUE(state.ok());
  std::string bytes = state->Serialize();
  absl::StatusOr<FeatureState> copy = FeatureState::Deserialize(bytes);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(copy->Serialize(), bytes);
}

TEST(FeatureState, CorruptBytesAreRejectedNeverTrusted) {
  Orders orders(200);
  std::string bytes = FeatureState::FromDataset(orders.Part(0, 1), Options())->Serialize();
  for (size_t size = 0; size < bytes.size(); ++size) {
    absl::StatusOr<FeatureState> cut = FeatureState::Deserialize(bytes.substr(0, size));
    ASSERT_FALSE(cut.ok()) << "accepted a state cut to " << size << " bytes";
    EXPECT_EQ(cut.status().code(), absl::StatusCode::kDataLoss);
  }
  EXPECT_EQ(FeatureState::Deserialize(bytes + "x").status().code(), absl::StatusCode::kDataLoss);
  std::string bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_EQ(FeatureState::Deserialize(bad_magic).status().message(),
            "not a tessera feature state (bad magic)");
}

// Bytes from elsewhere are checked against what FromDataset can produce:
// as_of in range, purchase days in range, increasing and not after as_of.
TEST(FeatureState, ValuesNoStateCouldHoldAreRejected) {
  Orders orders(200);
  std::string bytes = FeatureState::FromDataset(orders.Part(0, 1), Options())->Serialize();
  auto with_as_of = [&bytes](int32_t as_of) {
    std::string patched = bytes;
    for (int i = 0; i < 4; ++i) {  // as_of follows the magic and the version
      patched[static_cast<size_t>(8 + i)] = static_cast<char>((static_cast<uint32_t>(as_of) >> (8 * i)) & 0xFF);
    }
    return FeatureState::Deserialize(patched).status();
  };
  EXPECT_TRUE(with_as_of(Options().as_of).ok());
  EXPECT_EQ(with_as_of(kNoDay).message(), "feature state has invalid options");
  EXPECT_EQ(with_as_of(Options().as_of - 300).message(),
            "feature state has days, amounts or category codes no state could hold");
}

TEST(FeatureState, MergingDifferentOptionsOrKeyKindsFails) {
  Orders orders(100);
  absl::StatusOr<FeatureState> a = FeatureState::FromDataset(orders.Part(0, 2), Options());
  FeatureOptions later = Options();
  later.as_of += 1;
  absl::StatusOr<FeatureState> b = FeatureState::FromDataset(orders.Part(1, 2), later);
  ASSERT_TRUE(a.ok() && b.ok());
  absl::Status status = a->Merge(*b);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("different options"), std::string::npos);

  std::vector<int64_t> keys = {1};
  std::vector<Day> days = {18000};
  std::vector<double> amounts = {1};
  std::vector<std::string_view> order_ids = {"1"};
  std::vector<std::string_view> categories = {"cat1"};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  columns.order_ids = order_ids;
  absl::StatusOr<FeatureState> no_categories =
      FeatureState::FromDataset(*BuildDataset(columns), Options());
  ASSERT_TRUE(no_categories.ok());
  EXPECT_NE(a->Merge(*no_categories).message().find("different columns"), std::string::npos);

  columns.categories = categories;
  absl::StatusOr<FeatureState> integers =
      FeatureState::FromDataset(*BuildDataset(columns), Options());
  ASSERT_TRUE(integers.ok());
  EXPECT_NE(a->Merge(*integers).message().find("integer keys and string keys"),
            std::string::npos);
}

}  // namespace
}  // namespace tessera
