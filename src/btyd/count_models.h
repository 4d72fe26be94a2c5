// The one place where a CountModelKind becomes a CountModel: every fitter,
// scorer and strategy goes through here, so a new model plugs in by adding
// its case below.
#ifndef TESSERA_BTYD_COUNT_MODELS_H_
#define TESSERA_BTYD_COUNT_MODELS_H_

#include <memory>

#include "btyd/count_model.h"
#include "tessera/lifetime.h"

namespace tessera {
namespace btyd {

// Never null for a valid kind.
std::unique_ptr<CountModel> MakeCountModel(CountModelKind kind);

// BG/BB counts transactions at discrete opportunities; the others run in
// continuous time.
bool IsDiscreteTime(CountModelKind kind);

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_COUNT_MODELS_H_
