#include "tessera/feature_state.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "customer_summary.h"
#include "group_by_customer.h"
#include "parallel.h"
#include "state_codec.h"

namespace tessera {
namespace {

using internal::DayTotal;

// A stable hash of an order id's text, the same in every process (unlike
// absl::Hash, which is seeded per process): FNV-1a, then a splitmix64 finish
// to spread the bits.
uint64_t StableHash(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

bool ValidDay(Day day) { return day >= kMinDay && day <= kMaxDay; }

struct CustomerState {
  internal::CustomerSummary scalars;  // the day fields stay unset
  std::vector<DayTotal> days;         // distinct, ascending
  std::vector<int32_t> categories;    // distinct codes into Impl::categories, ascending
  std::vector<uint64_t> orders;       // distinct StableHash values, ascending
};

template <typename T>
void SortUnique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

template <typename T>
void UnionInto(std::vector<T>& into, const std::vector<T>& from) {
  std::vector<T> merged;
  merged.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(),
                 std::back_inserter(merged));
  into = std::move(merged);
}

void MergeDays(std::vector<DayTotal>& into, const std::vector<DayTotal>& from) {
  std::vector<DayTotal> merged;
  merged.reserve(into.size() + from.size());
  size_t i = 0, j = 0;
  while (i < into.size() || j < from.size()) {
    if (j == from.size() || (i < into.size() && into[i].day < from[j].day)) {
      merged.push_back(into[i++]);
    } else if (i == into.size() || from[j].day < into[i].day) {
      merged.push_back(from[j++]);
    } else {
      merged.push_back({into[i].day, into[i].amount + from[j].amount});
      ++i, ++j;
    }
  }
  into = std::move(merged);
}

}  // namespace

struct FeatureState::Impl {
  FeatureOptions options;
  internal::FeatureInputs inputs{FrequencyMode::kRows, false, false};
  CustomerIndex customers;
  Dictionary categories;
  std::vector<CustomerState> states;
};

FeatureState::FeatureState(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeatureState::FeatureState(FeatureState&&) noexcept = default;
FeatureState& FeatureState::operator=(FeatureState&&) noexcept = default;
FeatureState::~FeatureState() = default;

const CustomerIndex& FeatureState::customers() const { return impl_->customers; }

absl::StatusOr<FeatureState> FeatureState::FromDataset(const Dataset& dataset,
                                                       const FeatureOptions& options) {
  if (options.as_of == kNoDay) {
    return absl::InvalidArgumentError("as_of date is required for features");
  }
  const TransactionTable& table = dataset.transactions;
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->inputs = {options.frequency, !table.quantity.empty(), !table.category.empty()};
  if (impl->inputs.frequency == FrequencyMode::kAuto) {
    impl->inputs.frequency = table.order.empty() ? FrequencyMode::kRows : FrequencyMode::kOrders;
  }
  impl->customers = dataset.customers;
  impl->categories = table.categories;
  impl->states.resize(dataset.customer_count());

  std::vector<uint64_t> order_hash(table.orders.size());
  for (size_t code = 0; code < order_hash.size(); ++code) {
    order_hash[code] = StableHash(table.orders.label(static_cast<int32_t>(code)));
  }
  internal::ForEachCustomer<internal::CustomerRows>(
      table, dataset.customer_count(), options.num_threads,
      [&](size_t c, const internal::CustomerRowsView& view, internal::CustomerRows& rows) {
        CustomerState& state = impl->states[c];
        internal::CollectCustomerRows(table, impl->options, view, rows, state.scalars);
        state.days = rows.days;
        state.categories = rows.categories;
        SortUnique(state.categories);
        state.orders.clear();
        for (int32_t code : rows.orders) state.orders.push_back(order_hash[static_cast<size_t>(code)]);
        SortUnique(state.orders);
      });
  return FeatureState(std::move(impl));
}

absl::Status FeatureState::Merge(const FeatureState& other) {
  const Impl& theirs = *other.impl_;
  Impl& ours = *impl_;
  if (theirs.options.as_of != ours.options.as_of ||
      theirs.options.returns != ours.options.returns ||
      theirs.options.btyd_period_days != ours.options.btyd_period_days ||
      theirs.inputs.frequency != ours.inputs.frequency) {
    return absl::InvalidArgumentError(
        "cannot merge feature states built with different options (as_of, "
        "return policy, BTYD period or frequency mode)");
  }
  if (theirs.inputs.quantity != ours.inputs.quantity ||
      theirs.inputs.categories != ours.inputs.categories) {
    return absl::InvalidArgumentError(
        "cannot merge feature states from transactions with different columns "
        "(one has quantities or categories, the other not)");
  }
  if (theirs.customers.kind() != ours.customers.kind()) {
    return absl::InvalidArgumentError(
        "cannot merge feature states with integer keys and string keys");
  }
  std::vector<int32_t> category_code(theirs.categories.size());
  for (size_t code = 0; code < category_code.size(); ++code) {
    category_code[code] = ours.categories.Intern(theirs.categories.label(static_cast<int32_t>(code)));
  }
  const bool integer_keys = ours.customers.kind() == KeyKind::kInteger;
  for (uint32_t c = 0; c < theirs.states.size(); ++c) {
    uint32_t index = integer_keys ? ours.customers.Intern(theirs.customers.int_key(c))
                                  : ours.customers.Intern(theirs.customers.string_key(c));
    if (index == ours.states.size()) ours.states.emplace_back();
    CustomerState& into = ours.states[index];
    const CustomerState& from = theirs.states[c];
    internal::CustomerSummary& s = into.scalars;
    s.purchase_rows += from.scalars.purchase_rows;
    s.purchase_amount += from.scalars.purchase_amount;
    s.purchase_quantity += from.scalars.purchase_quantity;
    s.return_rows += from.scalars.return_rows;
    s.returned_amount += from.scalars.returned_amount;
    s.returned_quantity += from.scalars.returned_quantity;
    MergeDays(into.days, from.days);
    std::vector<int32_t> categories;
    for (int32_t code : from.categories) categories.push_back(category_code[static_cast<size_t>(code)]);
    SortUnique(categories);
    UnionInto(into.categories, categories);
    UnionInto(into.orders, from.orders);
  }
  return absl::OkStatus();
}

absl::StatusOr<FeatureTable> FeatureState::Finish() const {
  const Impl& impl = *impl_;
  internal::FeatureWriter writer(impl.states.size(), impl.options, impl.inputs);
  internal::ParallelChunks(
      impl.states.size(), impl.options.num_threads, 4096, [&](int, size_t begin, size_t end) {
        for (size_t c = begin; c < end; ++c) {
          const CustomerState& state = impl.states[c];
          internal::CustomerSummary summary = state.scalars;
          summary.SetDays(state.days);
          summary.distinct_categories = state.categories.size();
          summary.distinct_orders = state.orders.size();
          writer.Write(c, summary);
        }
      });
  return std::move(writer).Finish();
}

// Layout (little-endian): "TSFS", u32 format version, options, the optional
// columns present, key kind,
// keys, category labels, then per customer its scalars, days, category codes
// and order hashes, each list prefixed by its length.
std::string FeatureState::Serialize() const {
  const Impl& impl = *impl_;
  internal::StateWriter out;
  out.Bytes("TSFS", 4);
  out.U32(1);
  out.I32(impl.options.as_of);
  out.U8(static_cast<uint8_t>(impl.options.returns));
  out.U8(static_cast<uint8_t>(impl.inputs.frequency));
  out.U8(static_cast<uint8_t>((impl.inputs.quantity ? 1 : 0) | (impl.inputs.categories ? 2 : 0)));
  out.F64(impl.options.btyd_period_days);
  const bool integer_keys = impl.customers.kind() == KeyKind::kInteger;
  out.U8(integer_keys ? 0 : 1);
  out.U64(impl.states.size());
  for (uint32_t c = 0; c < impl.states.size(); ++c) {
    if (integer_keys) {
      out.I64(impl.customers.int_key(c));
    } else {
      out.String(impl.customers.string_key(c));
    }
  }
  out.U64(impl.categories.size());
  for (const std::string& label : impl.categories.labels()) out.String(label);
  for (const CustomerState& state : impl.states) {
    const internal::CustomerSummary& s = state.scalars;
    out.U64(s.purchase_rows);
    out.F64(s.purchase_amount);
    out.F64(s.purchase_quantity);
    out.U64(s.return_rows);
    out.F64(s.returned_amount);
    out.F64(s.returned_quantity);
    out.U64(state.days.size());
    for (const DayTotal& day : state.days) {
      out.I32(day.day);
      out.F64(day.amount);
    }
    out.U64(state.categories.size());
    for (int32_t code : state.categories) out.I32(code);
    out.U64(state.orders.size());
    for (uint64_t hash : state.orders) out.U64(hash);
  }
  return std::move(out).Take();
}

absl::StatusOr<FeatureState> FeatureState::Deserialize(std::string_view bytes) {
  internal::StateReader in(bytes);
  auto impl = std::make_unique<Impl>();
  char magic[4] = {};
  in.Bytes(magic, 4);
  uint32_t version = in.U32();
  if (!in.ok() || std::memcmp(magic, "TSFS", 4) != 0) {
    return absl::DataLossError("not a tessera feature state (bad magic)");
  }
  if (version != 1) {
    return absl::DataLossError(absl::StrCat("feature state format ", version,
                                            " is newer than this library reads (1)"));
  }
  impl->options.as_of = in.I32();
  uint8_t returns = in.U8(), frequency = in.U8(), columns = in.U8();
  impl->options.btyd_period_days = in.F64();
  uint8_t key_kind = in.U8();
  if (returns > 1 || frequency < 1 || frequency > 3 || columns > 3 || key_kind > 1 ||
      !(impl->options.btyd_period_days > 0) || !std::isfinite(impl->options.btyd_period_days) ||
      !ValidDay(impl->options.as_of)) {
    return absl::DataLossError("feature state has invalid options");
  }
  impl->options.returns = static_cast<ReturnPolicy>(returns);
  impl->inputs = {static_cast<FrequencyMode>(frequency), (columns & 1) != 0, (columns & 2) != 0};
  impl->options.frequency = impl->inputs.frequency;
  impl->customers = CustomerIndex(key_kind == 0 ? KeyKind::kInteger : KeyKind::kString);
  uint64_t customers = in.Count(8);
  for (uint64_t c = 0; c < customers && in.ok(); ++c) {
    size_t before = impl->customers.size();
    if (key_kind == 0) {
      impl->customers.Intern(in.I64());
    } else {
      impl->customers.Intern(in.String());
    }
    if (in.ok() && impl->customers.size() == before) {
      return absl::DataLossError("feature state repeats a customer key");
    }
  }
  uint64_t categories = in.Count(4);
  for (uint64_t k = 0; k < categories && in.ok(); ++k) impl->categories.Intern(in.String());
  if (in.ok() && impl->categories.size() != categories) {
    return absl::DataLossError("feature state repeats a category label");
  }
  impl->states.resize(in.ok() ? customers : 0);
  for (CustomerState& state : impl->states) {
    internal::CustomerSummary& s = state.scalars;
    s.purchase_rows = in.U64();
    s.purchase_amount = in.F64();
    s.purchase_quantity = in.F64();
    s.return_rows = in.U64();
    s.returned_amount = in.F64();
    s.returned_quantity = in.F64();
    state.days.resize(in.Count(12));
    for (DayTotal& day : state.days) day = {in.I32(), in.F64()};
    state.categories.resize(in.Count(4));
    for (int32_t& code : state.categories) code = in.I32();
    state.orders.resize(in.Count(8));
    for (uint64_t& hash : state.orders) hash = in.U64();
    if (!in.ok()) break;
    // Strictly increasing days within the calendar tessera accepts, none after
    // as_of, and finite sums: what FromDataset could have produced.
    bool valid = std::isfinite(s.purchase_amount) && std::isfinite(s.purchase_quantity) &&
                 std::isfinite(s.returned_amount) && std::isfinite(s.returned_quantity);
    for (size_t i = 0; i < state.days.size(); ++i) {
      const DayTotal& day = state.days[i];
      valid = valid && ValidDay(day.day) && day.day <= impl->options.as_of &&
              std::isfinite(day.amount) && (i == 0 || state.days[i - 1].day < day.day);
    }
    for (int32_t code : state.categories) {
      valid = valid && code >= 0 && static_cast<uint64_t>(code) < categories;
    }
    if (!valid) {
      return absl::DataLossError(
          "feature state has days, amounts or category codes no state could hold");
    }
  }
  if (!in.ok()) return absl::DataLossError("feature state is truncated");
  if (!in.done()) return absl::DataLossError("feature state has trailing bytes");
  return FeatureState(std::move(impl));
}

}  // namespace tessera
