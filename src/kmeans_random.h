// The random numbers of k-means: splitmix64 (Steele, Lea & Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014; the generator that
// seeds xoshiro), written out so that a seed gives the same clusters with
// every compiler and standard library, which <random>'s distributions do not.
#ifndef TESSERA_SRC_KMEANS_RANDOM_H_
#define TESSERA_SRC_KMEANS_RANDOM_H_

#include <cstddef>
#include <cstdint>

namespace tessera::internal {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1): the top 53 bits, so every value is a multiple of 2^-53.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n) for n > 0 (floor of Uniform() * n).
  size_t Below(size_t n) {
    const size_t i = static_cast<size_t>(Uniform() * static_cast<double>(n));
    return i < n ? i : n - 1;
  }

 private:
  uint64_t state_;
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_RANDOM_H_
