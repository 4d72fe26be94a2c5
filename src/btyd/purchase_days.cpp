#include "btyd/purchase_days.h"

#include "group_by_customer.h"

namespace tessera {
namespace internal {

void ForEachCustomerPurchaseDays(
    const Dataset& dataset, const FeatureOptions& options,
    const std::function<void(size_t customer, const std::vector<DayTotal>& days)>& visit) {
  const TransactionTable& table = dataset.transactions;
  ForEachCustomer<CustomerRows>(
      table, dataset.customer_count(), options.num_threads,
      [&](size_t c, const CustomerRowsView& view, CustomerRows& rows) {
        CustomerSummary summary;
        CollectCustomerRows(table, options, view, rows, summary);
        visit(c, rows.days);
      });
}

}  // namespace internal
}  // namespace tessera
