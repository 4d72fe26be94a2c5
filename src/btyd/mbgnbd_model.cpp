#include "btyd/mbgnbd_model.h"

#include <string_view>

#include "btyd/beta_geo.h"

namespace tessera {
namespace btyd {

namespace {

class MbgNbdModel final : public BetaGeoFamily {
 public:
  MbgNbdModel() : BetaGeoFamily(/*extra_deaths=*/1) {}
  std::string_view name() const override { return "mbgnbd"; }
};

}  // namespace

std::unique_ptr<CountModel> MakeMbgNbdModel() { return std::make_unique<MbgNbdModel>(); }

}  // namespace btyd
}  // namespace tessera
