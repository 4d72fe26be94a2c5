// Readers for the CDNOW files in ../shared/data/cdnow shared by the lifetime
// tests (see /work/shared/data/README.md for their layout).
#ifndef TESSERA_TESTS_LIFETIME_CDNOW_H_
#define TESSERA_TESTS_LIFETIME_CDNOW_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "tessera/lifetime.h"
#include "test_support.h"

namespace tessera::testing {

// cdnow_summary_full_precision.csv: rowname,x,t.x,T.cal,x.star,m.x, the
// 39-week calibration summary of the 2,357 sample customers.
struct CdnowSummary {
  std::vector<int64_t> id;
  LifetimeSummary summary;     // x, t_x, T, monetary = m.x
  std::vector<double> x_star;  // repeat transactions in the 39-week holdout
};

inline CdnowSummary ReadCdnowSummary(const std::string& path) {
  CdnowSummary out;
  std::vector<std::vector<std::string>> rows = ReadTable(path, ',');
  for (size_t row = 1; row < rows.size(); ++row) {
    out.id.push_back(std::stoll(rows[row][0]));
    out.summary.x.push_back(std::stod(rows[row][1]));
    out.summary.t_x.push_back(std::stod(rows[row][2]));
    out.summary.T.push_back(std::stod(rows[row][3]));
    out.x_star.push_back(std::stod(rows[row][4]));
    out.summary.monetary.push_back(std::stod(rows[row][5]));
  }
  return out;
}

// CDNOW_sample.txt: master_id sample_id YYYYMMDD cds dollars; the dataset
// is keyed by the sample id (the rowname of the summary file).
struct CdnowSample {
  std::vector<int64_t> keys;
  std::vector<Day> days;
  std::vector<double> amounts;

  absl::StatusOr<Dataset> Build() const {
    TransactionColumns columns;
    columns.int_keys = keys;
    columns.days = days;
    columns.amounts = amounts;
    return BuildDataset(columns);
  }
};

inline std::unique_ptr<CdnowSample> ReadCdnowSample(const std::string& path) {
  auto out = std::make_unique<CdnowSample>();
  for (const std::vector<std::string>& row : ReadTable(path, ' ')) {
    out->keys.push_back(std::stoll(row[1]));
    out->days.push_back(*ParseDay(row[2]));
    out->amounts.push_back(std::stod(row[4]));
  }
  return out;
}

}  // namespace tessera::testing

#endif  // TESSERA_TESTS_LIFETIME_CDNOW_H_
