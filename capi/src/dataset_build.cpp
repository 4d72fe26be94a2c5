// tessera_dataset_builder_build: the builder's columns as the core's
// TransactionColumns and CustomerColumns.
#include <memory>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"
#include "options.h"

namespace tessera::capi {
namespace {

constexpr const char kFunction[] = "tessera_dataset_builder_build";

template <typename T>
absl::Span<const T> SpanOf(const std::shared_ptr<const std::vector<T>>& column) {
  return column == nullptr ? absl::Span<const T>() : absl::Span<const T>(*column);
}

// Columns the dataset may borrow, kept alive with it.
std::shared_ptr<const void> KeepAlive(const tessera_dataset_builder& builder) {
  auto columns = std::make_shared<std::vector<std::shared_ptr<const void>>>();
  columns->push_back(builder.int_keys);
  columns->push_back(builder.days);
  columns->push_back(builder.epoch_seconds);
  columns->push_back(builder.amounts);
  columns->push_back(builder.quantities);
  return columns;
}

TransactionColumns Transactions(const tessera_dataset_builder& builder) {
  TransactionColumns columns;
  columns.int_keys = SpanOf(builder.int_keys);
  columns.string_keys = builder.string_keys.views;
  columns.days = SpanOf(builder.days);
  columns.epoch_seconds = SpanOf(builder.epoch_seconds);
  columns.amounts = SpanOf(builder.amounts);
  columns.quantities = SpanOf(builder.quantities);
  columns.categories = builder.categories.views;
  columns.order_ids = builder.order_ids.views;
  columns.keepalive = KeepAlive(builder);
  return columns;
}

CustomerColumns Customers(const tessera_dataset_builder& builder) {
  CustomerColumns columns;
  columns.int_keys = builder.customer_int_keys;
  columns.string_keys = builder.customer_string_keys.views;
  for (const auto& attribute : builder.text_attributes) {
    columns.categorical.push_back({attribute.name, attribute.values.views});
  }
  for (const auto& attribute : builder.number_attributes) {
    columns.numeric.push_back({attribute.name, attribute.values});
  }
  return columns;
}

// The core names a missing column in its own words ("no amount column"); a C
// host knows the setter.
int RequiredColumns(const TransactionColumns& columns) {
  const bool any = !columns.int_keys.empty() || !columns.string_keys.empty() ||
                   !columns.days.empty() || !columns.epoch_seconds.empty() ||
                   !columns.amounts.empty() || !columns.quantities.empty() ||
                   !columns.categories.empty() || !columns.order_ids.empty();
  if (!any) return TESSERA_OK;
  const char* missing = nullptr;
  if (columns.int_keys.empty() && columns.string_keys.empty()) {
    missing = "customer keys (tessera_dataset_builder_set_int_keys or _set_string_keys)";
  } else if (columns.days.empty() && columns.epoch_seconds.empty()) {
    missing = "dates (tessera_dataset_builder_set_dates)";
  } else if (columns.amounts.empty()) {
    missing = "amounts (tessera_dataset_builder_set_amounts)";
  }
  if (missing == nullptr) return TESSERA_OK;
  return Fail(TESSERA_EINVALID, kFunction,
              absl::StrCat("the transactions have no ", missing, "; they are required"));
}

int Build(tessera_dataset** out, const tessera_dataset_builder* builder,
          const tessera_ingest_options* opts) {
  if (int rc = NotNull(kFunction, "out", out)) return rc;
  *out = nullptr;
  if (int rc = NotNull(kFunction, "builder", builder)) return rc;
  IngestOptions options;
  if (opts != nullptr) {
    if (int rc = ToIngestOptions(kFunction, "opts", *opts, options)) return rc;
  }
  const bool customer_table =
      !builder->customer_int_keys.empty() || !builder->customer_string_keys.views.empty();
  if (!customer_table &&
      (!builder->text_attributes.empty() || !builder->number_attributes.empty())) {
    return Fail(TESSERA_EINVALID, kFunction,
                "attributes were added but no customer keys were set "
                "(tessera_dataset_builder_set_customer_int_keys or _string_keys)");
  }
  const TransactionColumns transactions = Transactions(*builder);
  if (int rc = RequiredColumns(transactions)) return rc;
  absl::StatusOr<Dataset> dataset = customer_table
                                        ? BuildDataset(Customers(*builder), transactions, options)
                                        : BuildDataset(transactions, options);
  if (!dataset.ok()) {
    // The strict policy's first bad row reads "row N: column 'x': ...".
    const bool bad_row = options.policy == IngestPolicy::kStrict &&
                         dataset.status().code() == absl::StatusCode::kInvalidArgument &&
                         absl::StartsWith(dataset.status().message(), "row ");
    return bad_row ? FailWith(TESSERA_EPARSE, kFunction, dataset.status())
                   : FailWith(kFunction, dataset.status());
  }
  *out = MakeDatasetHandle(*std::move(dataset)).release();
  return TESSERA_OK;
}

}  // namespace
}  // namespace tessera::capi

extern "C" int tessera_dataset_builder_build(tessera_dataset** out,
                                             const tessera_dataset_builder* builder,
                                             const tessera_ingest_options* opts) {
  return tessera::capi::Guard(tessera::capi::kFunction,
                              [&]() -> int { return tessera::capi::Build(out, builder, opts); });
}
