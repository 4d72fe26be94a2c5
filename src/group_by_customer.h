// Groups transaction rows by customer with a parallel counting sort: rows of
// customer c are order[start[c] .. start[c+1]), in ascending row order, so
// anything summed per customer is summed in input order for any thread count.
#ifndef TESSERA_SRC_GROUP_BY_CUSTOMER_H_
#define TESSERA_SRC_GROUP_BY_CUSTOMER_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace tessera::internal {

struct CustomerGroups {
  std::vector<uint64_t> start;  // customer_count + 1 offsets
  std::vector<uint32_t> order;  // row indices grouped by customer
};

CustomerGroups GroupByCustomer(absl::Span<const uint32_t> customer,
                               size_t customer_count, int num_threads);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_GROUP_BY_CUSTOMER_H_
