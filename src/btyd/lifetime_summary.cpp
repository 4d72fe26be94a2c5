#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "btyd/lifetime_internal.h"
#include "tessera/lifetime.h"

namespace tessera {

absl::StatusOr<LifetimeSummary> LifetimeSummaryFromFeatures(const FeatureTable& features) {
  const std::vector<double>* columns[4] = {};
  const std::string_view names[4] = {feature::kBtydX, feature::kBtydTx, feature::kBtydT,
                                     feature::kRepeatSpend};
  for (size_t k = 0; k < 4; ++k) {
    absl::StatusOr<const std::vector<double>*> column = features.Get(names[k]);
    if (!column.ok()) return column.status();
    if ((*column)->size() != features.customer_count()) {
      return absl::InternalError("a buy-till-you-die feature column has the wrong length");
    }
    columns[k] = *column;
  }
  LifetimeSummary summary;
  for (size_t c = 0; c < features.customer_count(); ++c) {
    if (!std::isfinite((*columns[0])[c])) continue;  // never bought
    summary.x.push_back((*columns[0])[c]);
    summary.t_x.push_back((*columns[1])[c]);
    summary.T.push_back((*columns[2])[c]);
    summary.monetary.push_back((*columns[3])[c]);
    summary.customer.push_back(static_cast<uint32_t>(c));
  }
  return summary;
}

absl::StatusOr<LifetimePatterns> CompressPatterns(const LifetimeSummary& summary) {
  if (absl::Status status = internal::CheckSummaryColumns(summary, false); !status.ok()) {
    return status;
  }
  const size_t n = summary.size();
  struct Entry {
    double x, t_x, T;
    uint32_t row;
  };
  std::vector<Entry> entries(n);
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(summary.x[i]) || std::isnan(summary.t_x[i]) || std::isnan(summary.T[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("row ", i, " has a NaN value; patterns need numbers"));
    }
    entries[i] = {summary.x[i], summary.t_x[i], summary.T[i], static_cast<uint32_t>(i)};
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.x, a.t_x, a.T) < std::tie(b.x, b.t_x, b.T);
  });
  LifetimePatterns out;
  LifetimeSummary& patterns = out.patterns;
  out.pattern_of_row.resize(n);
  for (size_t k = 0; k < n; ++k) {
    const Entry& e = entries[k];
    if (k == 0 || e.x != patterns.x.back() || e.t_x != patterns.t_x.back() ||
        e.T != patterns.T.back()) {
      patterns.x.push_back(e.x);
      patterns.t_x.push_back(e.t_x);
      patterns.T.push_back(e.T);
      patterns.weight.push_back(0.0);
    }
    patterns.weight.back() += summary.weight.empty() ? 1.0 : summary.weight[e.row];
    out.pattern_of_row[e.row] = static_cast<uint32_t>(patterns.x.size() - 1);
  }
  return out;
}

namespace internal {

absl::Status CheckSummaryColumns(const LifetimeSummary& summary, bool need_monetary) {
  const size_t n = summary.size();
  const bool monetary_ok = need_monetary ? summary.monetary.size() == n
                                         : summary.monetary.empty() || summary.monetary.size() == n;
  if (summary.t_x.size() != n || summary.T.size() != n || !monetary_ok ||
      (!summary.weight.empty() && summary.weight.size() != n) ||
      (!summary.customer.empty() && summary.customer.size() != n)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the lifetime summary columns differ in length: x ", n, ", t_x ", summary.t_x.size(),
        ", T ", summary.T.size(), ", monetary ", summary.monetary.size(),
        need_monetary ? " (required)" : "", ", weight ", summary.weight.size(), ", customer ",
        summary.customer.size()));
  }
  if (n > UINT32_MAX) {
    return absl::InvalidArgumentError("a lifetime summary holds at most 2^32 - 1 rows");
  }
  return absl::OkStatus();
}

btyd::Summary ToCountSummary(const LifetimeSummary& summary) {
  btyd::Summary out;
  out.x = summary.x;
  out.t_x = summary.t_x;
  out.T = summary.T;
  out.weight = summary.weight;
  return out;
}

}  // namespace internal
}  // namespace tessera
