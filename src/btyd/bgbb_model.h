// The BG/BB model (Fader, Hardie & Shang 2010, "Customer-Base Analysis in a
// Discrete-Time Noncontractual Setting", Marketing Science 29(6)) of
// transactions at discrete opportunities: while alive a customer transacts
// at each opportunity with probability p ~ Beta(alpha, beta) and, at the
// start of each opportunity, dies with probability theta ~ Beta(gamma,
// delta). Parameters in the order {alpha, beta, gamma, delta}.
#ifndef TESSERA_BTYD_BGBB_MODEL_H_
#define TESSERA_BTYD_BGBB_MODEL_H_

#include <memory>

#include "btyd/count_model.h"

namespace tessera {
namespace btyd {

// Rows are (x transactions, t_x the last opportunity with one, T = n
// opportunities), whole numbers with 0 <= x <= t_x <= n and t_x = 0 exactly
// when x = 0; other rows make the log-likelihood -infinity and the
// predictions NaN. A time span t in the predictions is a number of
// opportunities (rounded down).
//
// ProbabilityAlive is the probability of being alive at opportunity n, so a
// customer who transacted at n is alive with probability 1. Fader, Hardie &
// Shang's P(alive in n+1) (their expression with B(gamma, delta+n+1)) is that
// times (delta+n)/(gamma+delta+n), the posterior chance of surviving one
// more opportunity.
std::unique_ptr<CountModel> MakeBgBbModel();

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_BGBB_MODEL_H_
