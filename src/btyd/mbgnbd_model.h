// The MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical
// validation and comparison of models for customer base analysis",
// International Journal of Research in Marketing 24(3); corrected by Wagner &
// Hoppe 2008): BG/NBD, except that a customer may also die right after the
// first purchase, so that a customer who never came back is not certainly
// alive. Parameters in the order {r, alpha, a, b}.
#ifndef TESSERA_BTYD_MBGNBD_MODEL_H_
#define TESSERA_BTYD_MBGNBD_MODEL_H_

#include <memory>

#include "btyd/count_model.h"

namespace tessera {
namespace btyd {

// The BG/NBD formulas with x + 1 chances to die instead of x (beta_geo.h).
// E[X(t)] for a new customer is b/(a-1) [1 - (alpha/(alpha+t))^r
// 2F1(r, b+1; a+b; t/(alpha+t))], which is the conditional expectation at
// x = t_x = T = 0; P(X(t) = n) mixes "dead at once" (probability a/(a+b))
// with a BG/NBD customer whose p follows Beta(a, b+1).
std::unique_ptr<CountModel> MakeMbgNbdModel();

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_MBGNBD_MODEL_H_
