#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "tessera/rules.h"

namespace tessera {

namespace {

// The segment table of the R package rfm (0.3.0), from its
// tests/testthat/test-rfm-segment.R as copied into data/REFERENCE.md, in the
// package's priority order; the same table as DefaultRfmSegments(), so that
// this set gives exactly the rfm strategy's rfm.segment column.
constexpr std::string_view kRfmSegments =
    R"(# The R package rfm's segments (tests/testthat/test-rfm-segment.R; the
# table in REFERENCE.md), over the rfm strategy's scores 1..5. The first
# segment whose inclusive ranges hold a customer's R, F and M wins. As in
# the package, "New Customers" and "Promising" lie inside "Potential
# Loyalist", and "Can't Lose Them" inside "At Risk", so those three never
# match; they stay so that the table reads as the package's.
ruleset "rfm_segment"

tier "Champions"          when rfm.r between 4 and 5 and rfm.f between 4 and 5 and rfm.m between 4 and 5
tier "Loyal Customers"    when rfm.r between 2 and 5 and rfm.f between 3 and 5 and rfm.m between 3 and 5
tier "Potential Loyalist" when rfm.r between 3 and 5 and rfm.f between 1 and 3 and rfm.m between 1 and 3
tier "New Customers"      when rfm.r between 4 and 5 and rfm.f between 1 and 1 and rfm.m between 1 and 1
tier "Promising"          when rfm.r between 3 and 4 and rfm.f between 1 and 1 and rfm.m between 1 and 1
tier "Need Attention"     when rfm.r between 2 and 3 and rfm.f between 2 and 3 and rfm.m between 2 and 3
tier "About To Sleep"     when rfm.r between 2 and 3 and rfm.f between 1 and 2 and rfm.m between 1 and 2
tier "At Risk"            when rfm.r between 1 and 2 and rfm.f between 2 and 5 and rfm.m between 2 and 5
tier "Can't Lose Them"    when rfm.r between 1 and 1 and rfm.f between 4 and 5 and rfm.m between 4 and 5
tier "Lost"               when rfm.r between 1 and 2 and rfm.f between 1 and 2 and rfm.m between 1 and 2

# Customers who never bought have r = f = m = 0 (rfm.h), inside no range
# above. This rule comes after the segments so that the tier order, which
# ranks tiers best first when snapshots are compared, puts them last.
tier "Prospect"           when rfm.r == 0 and rfm.f == 0 and rfm.m == 0

# No segment matched: the package's "Others".
tier "Others"             otherwise
)";

struct BuiltinFile {
  std::string_view name;
  std::string_view text;
};

constexpr BuiltinFile kBuiltinFiles[] = {
    {"rfm_segments", kRfmSegments},
};

}  // namespace

absl::StatusOr<std::string_view> BuiltinRuleFile(std::string_view name) {
  for (const BuiltinFile& file : kBuiltinFiles) {
    if (file.name == name) return file.text;
  }
  return absl::NotFoundError(
      absl::StrCat("no built-in rule file named \"", internal::ToAbsl(name),
                   "\"; built-in rule files: ", absl::StrJoin(BuiltinRuleFileNames(), ", ")));
}

std::vector<std::string> BuiltinRuleFileNames() {
  std::vector<std::string> names;
  for (const BuiltinFile& file : kBuiltinFiles) names.emplace_back(file.name);
  return names;
}

}  // namespace tessera
