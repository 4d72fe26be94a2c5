// ComputeFeatures against a brute-force reference written from the feature
// definitions (include/tessera/features.h): plain maps and sets per customer
// over the input columns, summed in the order the library promises (each
// customer's rows in row order, day totals in row order, repeat spend over
// days ascending), so the two must agree to the bit for every shape of table,
// option and thread count.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "tessera/dataset.h"
#include "tessera/features.h"

namespace tessera {
namespace {

constexpr Day kFirstDay = 19000;  // 2022-01-08
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Own uniform helpers: the standard distributions differ between libraries,
// and the tables must be the same everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return engine_() % n; }
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Full mantissas over magnitudes 2^-8..2^20: sums of such amounts change in
  // their last bits when added in another order.
  double Amount() { return std::ldexp(1.0 + Unit(), static_cast<int>(Below(29)) - 8); }

 private:
  std::mt19937_64 engine_;
};

struct Table {
  std::vector<int64_t> keys;
  std::vector<Day> days;
  std::vector<double> amounts;
  std::vector<double> quantities;       // empty: no quantity column
  std::vector<std::string> categories;  // empty: no category column
  std::vector<std::string> orders;      // empty: no order id column
  std::vector<int64_t> listed;          // the customer table's keys
};

enum class RowOrder { kByDay, kShuffled, kFewSwaps };

struct Shape {
  uint64_t seed = 1;
  int customers = 1000;
  int max_visits = 10;        // purchase occasions per customer: 1..max_visits
  int max_lines = 4;          // rows per order: 1..max_lines
  int day_span = 365;
  int category_labels = 10;   // 0: no category column
  bool quantities = true;
  bool orders = true;
  double two_orders = 0.2;    // chance that a visit has a second order...
  double interleave = 0.5;    // ...whose rows alternate with the first (A, B, A)
  double reuse_order = 0.05;  // chance that a visit adds rows to an earlier order
  double row_returns = 0.05;  // negative amount or quantity
  double cancellations = 0.03;  // order id "C...", amounts and quantities positive
  int order_pool = 0;           // > 0: order ids drawn from this many, shared by customers
  double zero_amounts = 0.01;   // 0 or -0: purchases, not returns
  RowOrder order = RowOrder::kByDay;
  int listed = 0;             // customer-table keys that never appear in rows
};

struct Row {
  int64_t key;
  Day day;
  double amount;
  double quantity;
  uint64_t category;
  std::string order;
};

int64_t KeyOf(int customer) { return int64_t{customer} * 7919 - 1000003; }

void AddVisit(Random& random, const Shape& shape, int64_t key, Day day, uint64_t& next_order,
              std::string& last_order, std::vector<Row>& rows) {
  auto new_order = [&] {
    std::string id = std::to_string(
        shape.order_pool > 0 ? 536365 + random.Below(static_cast<uint64_t>(shape.order_pool))
                             : next_order++);
    return random.Chance(shape.cancellations) ? "C" + id : id;
  };
  std::string a = !last_order.empty() && random.Chance(shape.reuse_order) ? last_order : new_order();
  std::string b = random.Chance(shape.two_orders) ? new_order() : "";
  uint64_t lines_a = 1 + random.Below(static_cast<uint64_t>(shape.max_lines));
  uint64_t lines_b = b.empty() ? 0 : 1 + random.Below(static_cast<uint64_t>(shape.max_lines));
  const bool alternate = random.Chance(shape.interleave);
  bool turn_of_a = true;
  while (lines_a + lines_b > 0) {
    const bool take_a = lines_b == 0 || (lines_a > 0 && (!alternate || turn_of_a));
    (take_a ? lines_a : lines_b)--;
    turn_of_a = !take_a;
    Row row{key, day, random.Amount(), 0.1 * static_cast<double>(1 + random.Below(40)),
            shape.category_labels > 0 ? random.Below(static_cast<uint64_t>(shape.category_labels)) : 0,
            take_a ? a : b};
    if (random.Chance(shape.zero_amounts)) row.amount = random.Chance(0.5) ? 0.0 : -0.0;
    if (random.Chance(shape.row_returns)) {
      if (shape.quantities && random.Chance(0.5)) row.quantity = -row.quantity;
      else row.amount = -row.amount;
    }
    rows.push_back(std::move(row));
  }
  last_order = b.empty() ? a : b;
}

Table ToTable(const Shape& shape, Random& random, std::vector<Row> rows,
              std::vector<int64_t> listed) {
  if (shape.order == RowOrder::kShuffled) {
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[random.Below(i)]);
  } else {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& x, const Row& y) { return x.day < y.day; });
    if (shape.order == RowOrder::kFewSwaps) {
      for (size_t swap = 0; swap < rows.size() / 100; ++swap) {
        size_t i = random.Below(rows.size());
        std::swap(rows[i], rows[std::min(rows.size() - 1, i + 1 + random.Below(30))]);
      }
    }
  }
  Table table;
  table.listed = std::move(listed);
  for (const Row& row : rows) {
    table.keys.push_back(row.key);
    table.days.push_back(row.day);
    table.amounts.push_back(row.amount);
    if (shape.quantities) table.quantities.push_back(row.quantity);
    if (shape.category_labels > 0) table.categories.push_back("cat-" + std::to_string(row.category));
    if (shape.orders) table.orders.push_back(row.order);
  }
  return table;
}

Table Generate(const Shape& shape) {
  Random random(shape.seed);
  std::vector<Row> rows;
  std::vector<int64_t> listed;
  uint64_t next_order = 536365;
  for (int c = 0; c < shape.customers; ++c) {
    std::string last_order;
    const uint64_t visits = 1 + random.Below(static_cast<uint64_t>(shape.max_visits));
    for (uint64_t v = 0; v < visits; ++v) {
      Day day = kFirstDay + static_cast<Day>(random.Below(static_cast<uint64_t>(shape.day_span)));
      AddVisit(random, shape, KeyOf(c), day, next_order, last_order, rows);
    }
    // Some buyers are in the customer table too, ahead of the prospects.
    if (shape.listed > 0 && c % 3 == 0) listed.push_back(KeyOf(c));
  }
  for (int p = 0; p < shape.listed; ++p) listed.push_back(KeyOf(shape.customers + p));
  for (size_t i = listed.size(); i > 1; --i) std::swap(listed[i - 1], listed[random.Below(i)]);
  return ToTable(shape, random, std::move(rows), std::move(listed));
}

// What the library promises, computed the slow, obvious way.
struct Reference {
  uint64_t purchase_rows = 0;
  uint64_t return_rows = 0;
  double purchase_amount = 0;
  double purchase_quantity = 0;
  double returned_amount = 0;
  double returned_quantity = 0;
  std::map<Day, double> day_totals;  // purchase days, ascending
  std::set<std::string> categories;
  std::set<std::string> orders;
};

std::map<int64_t, Reference> ComputeReference(const Table& t, Day as_of, ReturnPolicy policy) {
  std::map<int64_t, Reference> customers;
  for (int64_t key : t.listed) customers[key];
  for (size_t i = 0; i < t.keys.size(); ++i) {
    Reference& r = customers[t.keys[i]];
    if (t.days[i] > as_of) continue;
    const double quantity = t.quantities.empty() ? 0.0 : t.quantities[i];
    const bool cancelled = !t.orders.empty() && t.orders[i].rfind("C", 0) == 0;
    if (t.amounts[i] < 0 || quantity < 0 || cancelled) {
      if (policy == ReturnPolicy::kExclude) continue;
      ++r.return_rows;
      r.returned_amount += t.amounts[i];
      r.returned_quantity += quantity;
      continue;
    }
    ++r.purchase_rows;
    r.purchase_amount += t.amounts[i];
    r.purchase_quantity += quantity;
    auto [day, first_of_day] = r.day_totals.try_emplace(t.days[i], t.amounts[i]);
    if (!first_of_day) day->second += t.amounts[i];
    if (!t.categories.empty()) r.categories.insert(t.categories[i]);
    if (!t.orders.empty()) r.orders.insert(t.orders[i]);
  }
  return customers;
}

std::vector<std::string_view> ExpectedNames(const Table& t) {
  namespace f = feature;
  std::vector<std::string_view> names = {f::kFirstPurchase, f::kLastPurchase, f::kRecencyDays,
                                         f::kFrequency, f::kMonetary, f::kMonetaryMean,
                                         f::kTenureDays};
  if (!t.quantities.empty()) names.push_back(f::kQuantity);
  if (!t.categories.empty()) names.push_back(f::kCategories);
  for (std::string_view name : {f::kPurchaseDays, f::kMeanGapDays, f::kMaxGapDays, f::kReturns,
                                f::kReturnedAmount, f::kBtydX, f::kBtydTx, f::kBtydT,
                                f::kRepeatSpend}) {
    names.push_back(name);
  }
  return names;
}

// One customer's features, in ExpectedNames order.
std::vector<double> ExpectedFeatures(const Reference& r, const Table& t,
                                     const FeatureOptions& options) {
  FrequencyMode mode = options.frequency;
  if (mode == FrequencyMode::kAuto) {
    mode = t.orders.empty() ? FrequencyMode::kRows : FrequencyMode::kOrders;
  }
  const double frequency = mode == FrequencyMode::kRows     ? static_cast<double>(r.purchase_rows)
                           : mode == FrequencyMode::kOrders ? static_cast<double>(r.orders.size())
                                                            : static_cast<double>(r.day_totals.size());
  const double monetary = r.purchase_amount + r.returned_amount;  // +0 when excluded
  const bool bought = !r.day_totals.empty();
  const Day first = bought ? r.day_totals.begin()->first : 0;
  const Day last = bought ? r.day_totals.rbegin()->first : 0;
  double repeat_amount = 0;
  Day longest_gap = 0;
  for (auto day = r.day_totals.begin(); bought && std::next(day) != r.day_totals.end(); ++day) {
    repeat_amount += std::next(day)->second;
    longest_gap = std::max(longest_gap, std::next(day)->first - day->first);
  }
  const double repeats = bought ? static_cast<double>(r.day_totals.size() - 1) : 0;
  const double span = static_cast<double>(last) - first;
  const double tenure = static_cast<double>(options.as_of) - first;
  auto if_bought = [bought](double value) { return bought ? value : kNaN; };
  auto if_repeated = [repeats](double value) { return repeats > 0 ? value : kNaN; };
  std::vector<double> values = {if_bought(first), if_bought(last),
                                if_bought(static_cast<double>(options.as_of) - last), frequency,
                                monetary, frequency > 0 ? monetary / frequency : kNaN,
                                if_bought(tenure)};
  if (!t.quantities.empty()) values.push_back(r.purchase_quantity + r.returned_quantity);
  if (!t.categories.empty()) values.push_back(static_cast<double>(r.categories.size()));
  for (double value :
       {static_cast<double>(r.day_totals.size()), if_repeated(span / repeats),
        if_repeated(longest_gap), static_cast<double>(r.return_rows), r.returned_amount,
        if_bought(repeats), if_bought(span / options.btyd_period_days),
        if_bought(tenure / options.btyd_period_days),
        if_bought(repeats > 0 ? repeat_amount / repeats : 0.0)}) {
    values.push_back(value);
  }
  return values;
}

bool SameBits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

Dataset Build(const Table& t) {
  std::vector<std::string_view> categories(t.categories.begin(), t.categories.end());
  std::vector<std::string_view> orders(t.orders.begin(), t.orders.end());
  TransactionColumns columns;
  columns.int_keys = t.keys;
  columns.days = t.days;
  columns.amounts = t.amounts;
  columns.quantities = t.quantities;
  columns.categories = categories;
  columns.order_ids = orders;
  CustomerColumns listed;
  listed.int_keys = t.listed;
  IngestOptions ingest;
  ingest.policy = IngestPolicy::kStrict;
  ingest.num_threads = 2;
  absl::StatusOr<Dataset> dataset = BuildDataset(listed, columns, ingest);
  EXPECT_TRUE(dataset.ok()) << dataset.status();
  return dataset.ok() ? *std::move(dataset) : Dataset{CustomerIndex(KeyKind::kInteger), {}, {}, {}};
}

// Large tables cost a ComputeFeatures call per option set; they rotate the
// thread count instead of crossing it with the options, so that every option
// set still meets the reference and every thread count meets several.
enum class Coverage { kEveryCombination, kRotateThreads };

// Every feature of every customer, for both return policies, every frequency
// mode, two BTYD periods and four thread counts. The dataset borrows `t`.
void ExpectMatchesReference(const Table& t, Day as_of,
                            Coverage coverage = Coverage::kEveryCombination) {
  const Dataset dataset = Build(t);
  const size_t customers = dataset.customer_count();
  const std::vector<std::string_view> names = ExpectedNames(t);
  for (ReturnPolicy policy : {ReturnPolicy::kNetIntoMonetary, ReturnPolicy::kExclude}) {
    const std::map<int64_t, Reference> reference = ComputeReference(t, as_of, policy);
    ASSERT_EQ(customers, reference.size());
    std::vector<const Reference*> by_index(customers, nullptr);
    for (const auto& [key, r] : reference) {
      const int64_t index = dataset.customers.Find(key);
      ASSERT_GE(index, 0) << "customer " << key;
      by_index[static_cast<size_t>(index)] = &r;
    }
    ASSERT_EQ(std::count(by_index.begin(), by_index.end(), nullptr), 0);
    for (FrequencyMode mode : {FrequencyMode::kAuto, FrequencyMode::kRows,
                               FrequencyMode::kOrders, FrequencyMode::kDays}) {
      for (double period : {1.0, 7.0}) {
        FeatureOptions options{as_of, mode, policy, period, 1};
        std::vector<std::vector<double>> expected(names.size(), std::vector<double>(customers));
        for (size_t c = 0; c < customers; ++c) {
          const std::vector<double> values = ExpectedFeatures(*by_index[c], t, options);
          for (size_t f = 0; f < names.size(); ++f) expected[f][c] = values[f];
        }
        for (int threads : {1, 2, 3, 8}) {
          const size_t option_set = static_cast<size_t>(mode) * 2 + (period == 7.0) +
                                    static_cast<size_t>(policy);
          const int rotated = std::vector<int>{1, 2, 3, 8}[option_set % 4];
          if (coverage == Coverage::kRotateThreads && threads != rotated) continue;
          options.num_threads = threads;
          const std::string context =
              "policy " + std::to_string(static_cast<int>(policy)) + ", frequency mode " +
              std::to_string(static_cast<int>(mode)) + ", period " + std::to_string(period) +
              ", " + std::to_string(threads) + " threads";
          absl::StatusOr<FeatureTable> table = ComputeFeatures(dataset, options);
          if (mode == FrequencyMode::kOrders && t.orders.empty()) {
            EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument) << context;
            continue;
          }
          ASSERT_TRUE(table.ok()) << context << ": " << table.status();
          ASSERT_EQ(table->customer_count(), customers) << context;
          ASSERT_EQ(table->names(), std::vector<std::string>(names.begin(), names.end()));
          size_t mismatches = 0;
          for (size_t f = 0; f < names.size(); ++f) {
            const std::vector<double>& actual = table->columns()[f].values;
            for (size_t c = 0; c < customers; ++c) {
              if (SameBits(actual[c], expected[f][c])) continue;
              if (++mismatches <= 5) {
                ADD_FAILURE() << context << ": customer " << dataset.customers.int_key(
                                                               static_cast<uint32_t>(c))
                              << " " << names[f] << " is " << actual[c] << ", expected "
                              << expected[f][c] << " (difference " << actual[c] - expected[f][c]
                              << ")";
              }
            }
          }
          EXPECT_EQ(mismatches, 0u) << context;
        }
      }
    }
  }
}

Day AsOf(const Shape& shape) { return kFirstDay + shape.day_span * 3 / 4; }

// The smallest case of the order of addition: a purchase day whose rows are
// split by a row of an earlier day must still total in row order.
TEST(FeaturesReference, SameDayRowsSplitByAnEarlierDayAddInRowOrder) {
  const std::vector<int64_t> keys = {1, 1, 1, 1};
  const std::vector<Day> days = {kFirstDay + 5, kFirstDay + 3, kFirstDay + 5, kFirstDay + 5};
  const std::vector<double> amounts = {0.1, 1.0, 0.2, 0.3};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const double row_order = (0.1 + 0.2) + 0.3;  // 0.6000000000000001
  ASSERT_NE(row_order, 0.1 + (0.2 + 0.3));     // 0.6: the case tells the orders apart
  for (int threads : {1, 2}) {
    absl::StatusOr<FeatureTable> table =
        ComputeFeatures(*dataset, FeatureOptions{kFirstDay + 10, FrequencyMode::kAuto,
                                                 ReturnPolicy::kNetIntoMonetary, 7.0, threads});
    ASSERT_TRUE(table.ok()) << table.status();
    EXPECT_EQ((*table->Find(feature::kMonetary))[0], ((0.1 + 1.0) + 0.2) + 0.3);
    const double repeat_spend = (*table->Find(feature::kRepeatSpend))[0];
    EXPECT_EQ(repeat_spend, row_order)
        << std::setprecision(17) << repeat_spend << " instead of " << row_order;
  }
}

TEST(FeaturesReference, TransactionLogInDayOrder) {
  Shape shape;
  shape.customers = 16000;  // several groups of 4096 customers, rows beyond 2^18
  shape.max_visits = 12;
  shape.seed = 11;
  ExpectMatchesReference(Generate(shape), AsOf(shape), Coverage::kRotateThreads);
}

TEST(FeaturesReference, FullyShuffledRows) {
  Shape shape;
  shape.order = RowOrder::kShuffled;
  shape.seed = 12;
  ExpectMatchesReference(Generate(shape), AsOf(shape));
}

TEST(FeaturesReference, MostlyDayOrderedWithAFewRowsSwapped) {
  Shape shape;
  shape.order = RowOrder::kFewSwaps;
  shape.seed = 13;
  ExpectMatchesReference(Generate(shape), AsOf(shape));
}

TEST(FeaturesReference, ManyRowsOnTheSameDay) {
  for (RowOrder order : {RowOrder::kByDay, RowOrder::kShuffled}) {
    Shape shape;
    shape.customers = 150;
    shape.max_visits = 40;
    shape.max_lines = 8;
    shape.day_span = 4;
    shape.order = order;
    shape.seed = 14;
    ExpectMatchesReference(Generate(shape), kFirstDay + 2);
  }
}

TEST(FeaturesReference, CategoryCodesBeyond64AndFewCategories) {
  for (int labels : {200, 10}) {
    for (RowOrder order : {RowOrder::kByDay, RowOrder::kShuffled}) {
      Shape shape;
      shape.category_labels = labels;
      shape.max_visits = 16;
      shape.order = order;
      shape.seed = 15;
      ExpectMatchesReference(Generate(shape), AsOf(shape));
    }
  }
}

TEST(FeaturesReference, InterleavedAndContiguousOrdersWithCancellations) {
  for (double interleave : {1.0, 0.0}) {
    Shape shape;
    shape.two_orders = 0.6;
    shape.interleave = interleave;
    shape.reuse_order = 0.3;  // A on one day, B, then A again later
    shape.row_returns = 0.15;
    shape.cancellations = 0.15;
    shape.zero_amounts = 0.05;
    shape.category_labels = 100;
    shape.seed = 16;
    ExpectMatchesReference(Generate(shape), AsOf(shape));
  }
}

// Order codes come from one dictionary for the whole table, so a customer's
// orders need not arrive in code order; shared ids also make revisits common.
TEST(FeaturesReference, OrderIdsSharedBetweenCustomers) {
  for (int pool : {40, 300}) {
    Shape shape;
    shape.order_pool = pool;
    shape.two_orders = 0.5;
    shape.seed = 21;
    ExpectMatchesReference(Generate(shape), AsOf(shape));
  }
}

TEST(FeaturesReference, RowsAfterTheAsOfDateAreIgnored) {
  Shape shape;
  shape.customers = 300;
  shape.day_span = 60;
  shape.seed = 17;
  const Table table = Generate(shape);
  for (Day as_of : {kFirstDay - 1, kFirstDay, kFirstDay + 30, kFirstDay + 59, kFirstDay + 400}) {
    ExpectMatchesReference(table, as_of);
  }
}

TEST(FeaturesReference, ProspectsWhoNeverBought) {
  Shape shape;
  shape.customers = 500;
  shape.listed = 700;
  shape.row_returns = 0.3;  // some buyers only ever returned something
  shape.max_visits = 2;
  shape.max_lines = 1;
  shape.seed = 18;
  ExpectMatchesReference(Generate(shape), AsOf(shape));
}

TEST(FeaturesReference, WithoutOptionalColumns) {
  Shape shape;
  shape.quantities = false;
  shape.orders = false;
  shape.category_labels = 0;
  shape.order = RowOrder::kShuffled;
  shape.seed = 19;
  ExpectMatchesReference(Generate(shape), AsOf(shape));
}

TEST(FeaturesReference, OneHeavyCustomerAndManySingleRowCustomers) {
  Shape shape;
  shape.category_labels = 200;
  shape.day_span = 730;
  Random random(20);
  std::vector<Row> rows;
  uint64_t next_order = 536365;
  std::string last_order;
  while (rows.size() < 100000) {
    Day day = kFirstDay + static_cast<Day>(random.Below(730));
    AddVisit(random, shape, KeyOf(0), day, next_order, last_order, rows);
  }
  Shape single = shape;
  single.max_lines = 1;
  single.two_orders = 0;
  for (int c = 1; c <= 50000; ++c) {
    std::string none;
    AddVisit(random, single, KeyOf(c), kFirstDay + static_cast<Day>(random.Below(730)),
             next_order, none, rows);
  }
  ExpectMatchesReference(ToTable(shape, random, std::move(rows), {}), AsOf(shape),
                         Coverage::kRotateThreads);
}

}  // namespace
}  // namespace tessera
