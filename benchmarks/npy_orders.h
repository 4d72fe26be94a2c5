// Reads the columns the peer scripts' gen_data.py writes (data/SIZE_*.npy and
// data/SIZE_meta.json), so that tessera can be timed on exactly the rows
// pandas and DuckDB see.
#ifndef TESSERA_BENCHMARKS_NPY_ORDERS_H_
#define TESSERA_BENCHMARKS_NPY_ORDERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "synthetic_orders.h"

namespace tessera::bench {

// Reads `dir`/`size`_{customer_id,day,amount,category}.npy (int64, int32 days
// since 2022-01-01, float64, int32; little-endian, one dimension) and the
// customer count and as-of day from `dir`/`size`_meta.json.
absl::StatusOr<SyntheticOrders> ReadPeerOrders(const std::string& dir,
                                               const std::string& size);

}  // namespace tessera::bench

#endif  // TESSERA_BENCHMARKS_NPY_ORDERS_H_
