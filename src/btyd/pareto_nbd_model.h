// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) of repeat
// purchases in continuous time: while alive a customer buys at Poisson rate
// lambda ~ Gamma(r, alpha) and dies at exponential rate mu ~ Gamma(s, beta).
// Parameters in the order {r, alpha, s, beta}.
#ifndef TESSERA_BTYD_PARETO_NBD_MODEL_H_
#define TESSERA_BTYD_PARETO_NBD_MODEL_H_

#include <memory>

#include "btyd/count_model.h"

namespace tessera {
namespace btyd {

// The likelihood follows Fader, Hardie & Lee (2005), "RFM and CLV: Using
// Iso-Value Curves", and Fader & Hardie (2005), "A Note on Deriving the
// Pareto/NBD Model and Related Expressions". Rows with x = 0 are read with
// t_x = 0 (the last purchase is then the first one). Predictions return NaN
// for parameters or rows outside the model's domain.
std::unique_ptr<CountModel> MakeParetoNbdModel();

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_PARETO_NBD_MODEL_H_
