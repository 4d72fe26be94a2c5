// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the
// Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science
// 24(2)): while alive a customer buys at Poisson rate lambda ~ Gamma(r,
// alpha), and after each repeat purchase dies with probability
// p ~ Beta(a, b). Parameters in the order {r, alpha, a, b}.
#ifndef TESSERA_BTYD_BGNBD_MODEL_H_
#define TESSERA_BTYD_BGNBD_MODEL_H_

#include <memory>

#include "btyd/count_model.h"

namespace tessera {
namespace btyd {

// Likelihood and predictions of the paper's equations 6, 8, 9 and 10, with
// P(alive) from Fader, Hardie & Lee (2008), "Computing P(alive) Using the
// BG/NBD Model"; see beta_geo.h for how they are kept finite.
std::unique_ptr<CountModel> MakeBgNbdModel();

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_BGNBD_MODEL_H_
