// tessera_dataset_builder: copies the host's columns, then hands them to
// tessera::BuildDataset. Numeric columns are shared with the dataset rather
// than copied again (the core borrows them when every row is accepted), so a
// setter replaces a column by making a new one.
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"

namespace tessera::capi {
namespace {

TextColumn CopyText(const char* const* values, size_t n) {
  TextColumn column;
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    if (values[i] != nullptr) total += std::strlen(values[i]);
  }
  column.bytes.resize(total);
  column.views.reserve(n);
  size_t at = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t size = values[i] == nullptr ? 0 : std::strlen(values[i]);
    if (size > 0) std::memcpy(column.bytes.data() + at, values[i], size);
    column.views.emplace_back(column.bytes.data() + at, size);
    at += size;
  }
  return column;
}

template <typename T>
std::shared_ptr<const std::vector<T>> CopyNumbers(const T* values, size_t n) {
  return std::make_shared<const std::vector<T>>(values, values + n);
}

// Days beyond int32 must not wrap into a plausible date; the nearest int32
// that is no date (and not kNoDay) is rejected by the core as a bad date.
Day ClampDay(int64_t day) {
  constexpr int64_t kLowest = int64_t{std::numeric_limits<Day>::min()} + 1;
  constexpr int64_t kHighest = std::numeric_limits<Day>::max();
  return static_cast<Day>(day < kLowest ? kLowest : day > kHighest ? kHighest : day);
}

// Runs a setter body after checking the builder and the array.
template <typename Body>
int Setter(const char* function, tessera_dataset_builder* builder, const char* argument,
           const void* values, size_t n, Body&& body) {
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "builder", builder)) return rc;
    if (int rc = ArrayOf(function, argument, values, n)) return rc;
    return body();
  });
}

int AttributeName(const char* function, const tessera_dataset_builder& builder,
                  const char* name) {
  if (int rc = Name(function, "name", name)) return rc;
  bool taken = false;
  for (const auto& a : builder.text_attributes) taken |= a.name == name;
  for (const auto& a : builder.number_attributes) taken |= a.name == name;
  if (!taken) return TESSERA_OK;
  return Fail(TESSERA_EEXISTS, function,
              absl::StrCat("an attribute named '", name, "' was already added"));
}

}  // namespace
}  // namespace tessera::capi

using tessera::capi::CopyNumbers;
using tessera::capi::CopyText;
using tessera::capi::Setter;

extern "C" {

int tessera_dataset_builder_create(tessera_dataset_builder** out) {
  return tessera::capi::Guard("tessera_dataset_builder_create", [&]() -> int {
    if (int rc = tessera::capi::NotNull("tessera_dataset_builder_create", "out", out)) return rc;
    *out = nullptr;
    *out = new tessera_dataset_builder();
    return TESSERA_OK;
  });
}

void tessera_dataset_builder_free(tessera_dataset_builder* builder) { delete builder; }

int tessera_dataset_builder_set_int_keys(tessera_dataset_builder* builder, const int64_t* keys,
                                         size_t n) {
  return Setter("tessera_dataset_builder_set_int_keys", builder, "keys", keys, n, [&]() -> int {
    builder->int_keys = CopyNumbers(keys, n);
    return TESSERA_OK;
  });
}

int tessera_dataset_builder_set_string_keys(tessera_dataset_builder* builder,
                                            const char* const* keys, size_t n) {
  return Setter("tessera_dataset_builder_set_string_keys", builder, "keys", keys, n, [&]() -> int {
    builder->string_keys = CopyText(keys, n);
    return TESSERA_OK;
  });
}

int tessera_dataset_builder_set_dates(tessera_dataset_builder* builder, const int64_t* dates,
                                      size_t n, int unit) {
  const char* function = "tessera_dataset_builder_set_dates";
  return Setter(function, builder, "dates", dates, n, [&]() -> int {
    if (unit == TESSERA_UNIT_SECONDS) {
      builder->epoch_seconds = CopyNumbers(dates, n);
      builder->days.reset();
      return TESSERA_OK;
    }
    if (unit != TESSERA_UNIT_DAYS) {
      return tessera::capi::Fail(
          TESSERA_EINVALID, function,
          absl::StrCat("unit is ", unit,
                       "; expected TESSERA_UNIT_DAYS (0) or TESSERA_UNIT_SECONDS (1)"));
    }
    auto days = std::make_shared<std::vector<tessera::Day>>(n);
    for (size_t i = 0; i < n; ++i) (*days)[i] = tessera::capi::ClampDay(dates[i]);
    builder->days = std::move(days);
    builder->epoch_seconds.reset();
    return TESSERA_OK;
  });
}

int tessera_dataset_builder_set_amounts(tessera_dataset_builder* builder, const double* amounts,
                                        size_t n) {
  const char* function = "tessera_dataset_builder_set_amounts";
  return Setter(function, builder, "amounts", amounts, n, [&]() -> int {
    builder->amounts = CopyNumbers(amounts, n);
    return TESSERA_OK;
  });
}

int tessera_dataset_builder_set_quantities(tessera_dataset_builder* builder,
                                           const double* quantities, size_t n) {
  return Setter("tessera_dataset_builder_set_quantities", builder, "quantities", quantities, n,
                [&]() -> int {
                  builder->quantities = CopyNumbers(quantities, n);
                  return TESSERA_OK;
                });
}

int tessera_dataset_builder_set_categories(tessera_dataset_builder* builder,
                                           const char* const* categories, size_t n) {
  return Setter("tessera_dataset_builder_set_categories", builder, "categories", categories, n,
                [&]() -> int {
                  builder->categories = CopyText(categories, n);
                  return TESSERA_OK;
                });
}

int tessera_dataset_builder_set_order_ids(tessera_dataset_builder* builder,
                                          const char* const* order_ids, size_t n) {
  return Setter("tessera_dataset_builder_set_order_ids", builder, "order_ids", order_ids, n,
                [&]() -> int {
                  builder->order_ids = CopyText(order_ids, n);
                  return TESSERA_OK;
                });
}

int tessera_dataset_builder_set_customer_int_keys(tessera_dataset_builder* builder,
                                                  const int64_t* keys, size_t n) {
  const char* function = "tessera_dataset_builder_set_customer_int_keys";
  return Setter(function, builder, "keys", keys, n, [&]() -> int {
    builder->customer_int_keys.assign(keys, keys + n);
    return TESSERA_OK;
  });
}

int tessera_dataset_builder_set_customer_string_keys(tessera_dataset_builder* builder,
                                                     const char* const* keys, size_t n) {
  return Setter("tessera_dataset_builder_set_customer_string_keys", builder, "keys", keys, n,
                [&]() -> int {
                  builder->customer_string_keys = CopyText(keys, n);
                  return TESSERA_OK;
                });
}

int tessera_dataset_builder_add_text_attribute(tessera_dataset_builder* builder,
                                               const char* name, const char* const* values,
                                               size_t n) {
  const char* function = "tessera_dataset_builder_add_text_attribute";
  return Setter(function, builder, "values", values, n, [&]() -> int {
    if (int rc = tessera::capi::AttributeName(function, *builder, name)) return rc;
    builder->text_attributes.push_back({name, CopyText(values, n)});
    return TESSERA_OK;
  });
}

int tessera_dataset_builder_add_number_attribute(tessera_dataset_builder* builder,
                                                 const char* name, const double* values,
                                                 size_t n) {
  const char* function = "tessera_dataset_builder_add_number_attribute";
  return Setter(function, builder, "values", values, n, [&]() -> int {
    if (int rc = tessera::capi::AttributeName(function, *builder, name)) return rc;
    builder->number_attributes.push_back({name, std::vector<double>(values, values + n)});
    return TESSERA_OK;
  });
}

}  // extern "C"
