#include "btyd/count_models.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "btyd/bgbb_model.h"
#include "btyd/bgnbd_model.h"
#include "btyd/mbgnbd_model.h"
#include "btyd/pareto_nbd_model.h"

namespace tessera {

namespace {

struct KindName {
  CountModelKind kind;
  std::string_view name;
};

constexpr KindName kKindNames[] = {
    {CountModelKind::kBgNbd, "bgnbd"},
    {CountModelKind::kMbgNbd, "mbgnbd"},
    {CountModelKind::kParetoNbd, "pareto_nbd"},
    {CountModelKind::kBgBb, "bgbb"},
};

}  // namespace

std::string_view CountModelName(CountModelKind kind) {
  for (const KindName& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

absl::StatusOr<CountModelKind> CountModelKindFromName(std::string_view name) {
  std::string known;
  for (const KindName& entry : kKindNames) {
    if (entry.name == name) return entry.kind;
    absl::StrAppend(&known, known.empty() ? "" : ", ", internal::ToAbsl(entry.name));
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown count model '", internal::ToAbsl(name),
                                                 "'; the models are ", known));
}

namespace btyd {

std::unique_ptr<CountModel> MakeCountModel(CountModelKind kind) {
  switch (kind) {
    case CountModelKind::kBgNbd: return MakeBgNbdModel();
    case CountModelKind::kMbgNbd: return MakeMbgNbdModel();
    case CountModelKind::kParetoNbd: return MakeParetoNbdModel();
    case CountModelKind::kBgBb: return MakeBgBbModel();
  }
  return nullptr;
}

bool IsDiscreteTime(CountModelKind kind) { return kind == CountModelKind::kBgBb; }

}  // namespace btyd
}  // namespace tessera
