// Pluggable scoring strategies. A strategy reads whole feature columns and
// writes whole score columns (never one customer per virtual call), and is
// created by name from text parameters through a registry that hosts extend.
#ifndef TESSERA_STRATEGY_H_
#define TESSERA_STRATEGY_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/scores.h"

namespace tessera {

// Text parameters as "name=value" pairs, e.g. "bins=4, ties=rank".
class StrategyParams {
 public:
  StrategyParams() = default;
  // Parses "a=1, b=x;y;z". Values may not contain ',' or '='.
  static absl::StatusOr<StrategyParams> Parse(std::string_view text);

  void Set(std::string name, std::string value);
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

// Reads and validates a strategy's parameters, so that every strategy reports
// bad values the same way: "rfm: parameter 'bins' must be an integer in
// [2, 9], got '12'". Finish() fails on names that were never read.
class ParamReader {
 public:
  ParamReader(std::string strategy, const StrategyParams& params);

  int Int(std::string_view name, int fallback, int min, int max);
  double Double(std::string_view name, double fallback, double min, double max);
  std::string Choice(std::string_view name, std::string fallback,
                     const std::vector<std::string>& allowed);
  // ';'-separated numbers, strictly increasing; empty when absent.
  std::vector<double> DoubleList(std::string_view name);
  std::string String(std::string_view name, std::string fallback);

  // The first error met, or an InvalidArgument naming unknown parameters and
  // the accepted ones.
  absl::Status Finish() const;

 private:
  const std::string* Lookup(std::string_view name);
  void Fail(std::string_view name, std::string_view expected,
            const std::string& got);

  std::string strategy_;
  const StrategyParams& params_;
  std::vector<std::string> known_;
  absl::Status status_;
};

// What a strategy may read. Scores of strategies that ran earlier in the same
// run are visible, so one strategy can build on another.
struct StrategyInput {
  const Dataset& dataset;
  const FeatureOptions& feature_options;
  const FeatureTable& features;
  const ScoreTable& scores;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string_view name() const = 0;
  // Appends this strategy's columns ("<name>.<output>") to `out`. Warnings a
  // person should see (a collapsed bin, an empty segment) go to `warnings`.
  virtual absl::Status Score(const StrategyInput& input, ScoreTable& out,
                             std::vector<std::string>& warnings) const = 0;
};

using StrategyFactory = std::function<absl::StatusOr<std::unique_ptr<Strategy>>(
    const StrategyParams& params)>;

// Thread-safe. Global() comes with the built-in strategies registered.
class StrategyRegistry {
 public:
  StrategyRegistry() = default;
  // A registry that starts with every strategy `base` has now, so a host can
  // add its own strategies for one pipeline without touching Global().
  StrategyRegistry(const StrategyRegistry& base);
  StrategyRegistry& operator=(const StrategyRegistry&) = delete;

  static StrategyRegistry& Global();

  // Fails with AlreadyExists when the name is taken.
  absl::Status Register(std::string name, std::string description,
                        StrategyFactory factory);
  // NotFound lists the registered names.
  absl::StatusOr<std::unique_ptr<Strategy>> Create(
      std::string_view name, const StrategyParams& params = {}) const;

  struct Entry {
    std::string name;
    std::string description;
  };
  std::vector<Entry> List() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::string, StrategyFactory>, std::less<>>
      factories_;
};

}  // namespace tessera

#endif  // TESSERA_STRATEGY_H_
