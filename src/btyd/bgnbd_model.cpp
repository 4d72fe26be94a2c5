#include "btyd/bgnbd_model.h"

#include <string_view>

#include "btyd/beta_geo.h"

namespace tessera {
namespace btyd {

namespace {

class BgNbdModel final : public BetaGeoFamily {
 public:
  BgNbdModel() : BetaGeoFamily(/*extra_deaths=*/0) {}
  std::string_view name() const override { return "bgnbd"; }
};

}  // namespace

std::unique_ptr<CountModel> MakeBgNbdModel() { return std::make_unique<BgNbdModel>(); }

}  // namespace btyd
}  // namespace tessera
