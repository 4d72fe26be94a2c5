#include "synthetic_orders.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "tessera/dates.h"

namespace tessera::bench {
namespace {

constexpr int kAcquisitionDays = 700;
constexpr int kLastDay = 729;  // the window is days 0..729 after the epoch
constexpr double kMeanLifeDays = 365.0;
constexpr int kCategories = 50;
constexpr int64_t kMinId = 1'000'000'000;
constexpr int64_t kIdSpan = 1'000'000'000'000 - kMinId;
constexpr double kPi = 3.14159265358979323846;

// The model's distributions drawn from mt19937_64 bits, whose sequence the
// standard fixes for every library.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n); the modulo bias, below n / 2^64, is far under anything
  // a benchmark could notice.
  uint64_t Below(uint64_t n) { return engine_() % n; }

  // Box-Muller; the second value of each pair is kept for the next call.
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double radius = std::sqrt(-2.0 * std::log(1.0 - Uniform()));
    double angle = 2.0 * kPi * Uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

  double LogNormal(double mu, double sigma) { return std::exp(mu + sigma * Normal()); }

  // Inverse CDF; 1 - Uniform() is in (0, 1], so the log is finite.
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

struct Customers {
  std::vector<double> propensity;
  std::vector<int32_t> first_day;  // days after the epoch
  std::vector<int32_t> active_days;
  std::vector<double> mean_spend;
  std::vector<int64_t> id;
};

Customers GenerateCustomers(size_t count, Random& random) {
  Customers customers;
  customers.propensity.resize(count);
  customers.first_day.resize(count);
  customers.active_days.resize(count);
  customers.mean_spend.resize(count);
  for (size_t c = 0; c < count; ++c) {
    customers.propensity[c] = random.LogNormal(0.0, 1.3);
    int32_t first = static_cast<int32_t>(random.Below(kAcquisitionDays));
    double last = std::min(first + random.Exponential(kMeanLifeDays),
                           static_cast<double>(kLastDay));
    customers.first_day[c] = first;
    customers.active_days[c] = static_cast<int32_t>(last) - first + 1;
    customers.mean_spend[c] = random.LogNormal(3.5, 0.6);
  }
  absl::flat_hash_set<int64_t> taken;
  taken.reserve(count);
  customers.id.reserve(count);
  while (customers.id.size() < count) {
    int64_t id = kMinId + static_cast<int64_t>(random.Below(kIdSpan));
    if (taken.insert(id).second) customers.id.push_back(id);
  }
  return customers;
}

// Walker's alias method (Vose's construction): draws index i with
// probability weight[i] / sum in constant time, where a binary search of the
// cumulative weights would miss the cache on every draw.
class AliasTable {
 public:
  explicit AliasTable(const std::vector<double>& weights)
      : keep_(weights.size(), 1.0), alias_(weights.size()) {
    const size_t n = weights.size();
    double total = 0.0;
    for (double w : weights) total += w;
    std::vector<double> scaled(n);
    std::vector<uint32_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      alias_[i] = static_cast<uint32_t>(i);
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      uint32_t lender = large.back();
      uint32_t borrower = small.back();
      small.pop_back();
      keep_[borrower] = scaled[borrower];
      alias_[borrower] = lender;
      scaled[lender] = (scaled[lender] + scaled[borrower]) - 1.0;
      if (scaled[lender] < 1.0) {
        large.pop_back();
        small.push_back(lender);
      }
    }
  }

  uint32_t Draw(Random& random) const {
    uint64_t column = random.Below(keep_.size());
    return random.Uniform() < keep_[column] ? static_cast<uint32_t>(column) : alias_[column];
  }

 private:
  std::vector<double> keep_;  // chance of keeping the column's own index
  std::vector<uint32_t> alias_;
};

// Row r < customer count goes to customer r, so that everyone buys at least
// once; the others go by propensity.
std::vector<uint32_t> AssignBuyers(size_t transactions, const Customers& customers,
                                   Random& random) {
  const size_t count = customers.propensity.size();
  const AliasTable by_propensity(customers.propensity);
  std::vector<uint32_t> buyer(transactions);
  for (size_t r = 0; r < count; ++r) buyer[r] = static_cast<uint32_t>(r);
  for (size_t r = count; r < transactions; ++r) buyer[r] = by_propensity.Draw(random);
  return buyer;
}

// Row indices sorted by day, rows of one day in random order, like a log.
std::vector<uint32_t> DayOrder(const std::vector<int32_t>& day, Random& random) {
  std::vector<size_t> bucket_start(kLastDay + 2, 0);
  for (int32_t d : day) ++bucket_start[static_cast<size_t>(d) + 1];
  for (size_t d = 1; d < bucket_start.size(); ++d) bucket_start[d] += bucket_start[d - 1];
  std::vector<size_t> next(bucket_start.begin(), bucket_start.end() - 1);
  std::vector<uint32_t> order(day.size());
  for (size_t r = 0; r < day.size(); ++r) {
    order[next[static_cast<size_t>(day[r])]++] = static_cast<uint32_t>(r);
  }
  for (size_t d = 0; d + 1 < bucket_start.size(); ++d) {
    size_t begin = bucket_start[d];
    for (size_t i = bucket_start[d + 1]; i > begin + 1; --i) {
      size_t j = begin + random.Below(i - begin);
      std::swap(order[i - 1], order[j]);
    }
  }
  return order;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

SyntheticOrders GenerateSyntheticOrders(size_t transactions, size_t customer_count,
                                        uint64_t seed) {
  Random random(seed);
  const Customers customers = GenerateCustomers(customer_count, random);
  const std::vector<uint32_t> buyer = AssignBuyers(transactions, customers, random);

  std::array<double, kCategories> category_cumulative{};
  double weight_total = 0.0;
  for (int k = 0; k < kCategories; ++k) {
    weight_total += 1.0 / (k + 1);
    category_cumulative[static_cast<size_t>(k)] = weight_total;
  }

  std::vector<int32_t> day(transactions), category(transactions);
  std::vector<double> amount(transactions);
  for (size_t r = 0; r < transactions; ++r) {
    uint32_t c = buyer[r];
    day[r] = customers.first_day[c] +
             static_cast<int32_t>(random.Uniform() * customers.active_days[c]);
    amount[r] = std::round(customers.mean_spend[c] * random.LogNormal(0.0, 0.5) * 100.0) / 100.0;
    double point = random.Uniform() * weight_total;
    auto k = std::upper_bound(category_cumulative.begin(), category_cumulative.end(), point) -
             category_cumulative.begin();
    category[r] = static_cast<int32_t>(std::min<std::ptrdiff_t>(k, kCategories - 1));
  }

  const Day epoch = *DayFromCivil(2022, 1, 1);
  SyntheticOrders orders;
  orders.customer_count = customer_count;
  orders.as_of = epoch + kLastDay + 1;
  for (int k = 0; k < kCategories; ++k) orders.category_labels.push_back(std::to_string(k));
  orders.customer_id.reserve(transactions);
  orders.day.reserve(transactions);
  orders.amount.reserve(transactions);
  orders.category.reserve(transactions);
  for (uint32_t r : DayOrder(day, random)) {
    orders.customer_id.push_back(customers.id[buyer[r]]);
    orders.day.push_back(epoch + day[r]);
    orders.amount.push_back(amount[r]);
    orders.category.push_back(category[r]);
  }
  return orders;
}

TransactionColumns ToTransactionColumns(const SyntheticOrders& orders) {
  TransactionColumns columns;
  columns.int_keys = orders.customer_id;
  columns.days = orders.day;
  columns.amounts = orders.amount;
  columns.category_codes = orders.category;
  columns.category_labels = orders.category_labels;
  return columns;
}

absl::Status WriteOrdersCsv(const SyntheticOrders& orders, const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  auto failure = [&path] {
    return absl::InternalError(
        absl::StrCat("cannot write '", path, "': ", std::strerror(errno)));
  };
  if (file == nullptr) return failure();

  std::vector<std::string> dates;
  Day first_day = 0;
  if (orders.size() > 0) {
    auto [low, high] = std::minmax_element(orders.day.begin(), orders.day.end());
    first_day = *low;
    for (Day d = *low; d <= *high; ++d) dates.push_back(FormatDay(d));
  }

  std::string buffer = "customer_id,date,amount,category\n";
  auto flush = [&buffer, &file] {
    bool written = std::fwrite(buffer.data(), 1, buffer.size(), file.get()) == buffer.size();
    buffer.clear();
    return written;
  };
  constexpr size_t kFlushBytes = 1 << 20;
  char line[128];
  for (size_t r = 0; r < orders.size(); ++r) {
    int length = std::snprintf(
        line, sizeof line, "%lld,%s,%.2f,%s\n", static_cast<long long>(orders.customer_id[r]),
        dates[static_cast<size_t>(orders.day[r] - first_day)].c_str(), orders.amount[r],
        orders.category_labels[static_cast<size_t>(orders.category[r])].c_str());
    buffer.append(line, static_cast<size_t>(length));
    if (buffer.size() >= kFlushBytes && !flush()) return failure();
  }
  if (!flush()) return failure();
  if (std::fclose(file.release()) != 0) return failure();
  return absl::OkStatus();
}

}  // namespace tessera::bench
