#include "tessera/strategy.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/pipeline.h"

namespace tessera {
namespace {

TEST(StrategyParams, ParsesPairsAndRejectsMalformedText) {
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(" bins = 4 ,binning=tie_aware, r_breaks=1;2;3 ");
  ASSERT_TRUE(params.ok()) << params.status();
  EXPECT_EQ(params->values(), (std::map<std::string, std::string>{
                                  {"bins", "4"}, {"binning", "tie_aware"}, {"r_breaks", "1;2;3"}}));
  EXPECT_TRUE(StrategyParams::Parse("").ok());
  EXPECT_EQ(StrategyParams::Parse("bins").status().message(),
            "parameter 'bins' is not of the form name=value");
  EXPECT_EQ(StrategyParams::Parse("=4").status().message(),
            "parameter '=4' is not of the form name=value");
  EXPECT_EQ(StrategyParams::Parse("a=1,a=2").status().message(), "parameter 'a' given twice");
}

TEST(ParamReader, ReadsValuesAndNamesEveryProblem) {
  StrategyParams params = *StrategyParams::Parse("n=7, x=0.5, mode=fast, list=1;2.5;9");
  ParamReader reader("demo", params);
  EXPECT_EQ(reader.Int("n", 3, 1, 9), 7);
  EXPECT_EQ(reader.Double("x", 1, 0, 1), 0.5);
  EXPECT_EQ(reader.Choice("mode", "slow", {"slow", "fast"}), "fast");
  EXPECT_EQ(reader.DoubleList("list"), (std::vector<double>{1, 2.5, 9}));
  EXPECT_EQ(reader.Int("absent", 3, 1, 9), 3);
  EXPECT_TRUE(reader.Finish().ok()) << reader.Finish();

  struct Case {
    const char* text;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"n=12", "demo: parameter 'n' must be an integer in [1, 9], got '12'"},
           {"n=2.5", "demo: parameter 'n' must be an integer in [1, 9], got '2.5'"},
           {"x=nan", "demo: parameter 'x' must be a number in [0, 1], got 'nan'"},
           {"mode=quick", "demo: parameter 'mode' must be one of slow, fast, got 'quick'"},
           {"list=3;2", "demo: parameter 'list' must be increasing numbers separated by ';', got '3;2'"},
           {"list=1;;2", "demo: parameter 'list' must be increasing numbers separated by ';', got '1;;2'"},
           {"nn=1", "demo: unknown parameter 'nn'; accepted: n, x, mode, list"},
           {"nn=1, zz=2", "demo: unknown parameters 'nn', 'zz'; accepted: n, x, mode, list"},
       }) {
    StrategyParams bad = *StrategyParams::Parse(c.text);
    ParamReader check("demo", bad);
    check.Int("n", 3, 1, 9);
    check.Double("x", 1, 0, 1);
    check.Choice("mode", "slow", {"slow", "fast"});
    check.DoubleList("list");
    EXPECT_EQ(check.Finish().message(), c.message) << c.text;
  }
}

// A strategy defined outside the library: the share of a customer's spend
// above a threshold taken from its parameters.
class BigSpender : public Strategy {
 public:
  explicit BigSpender(double threshold) : threshold_(threshold) {}
  std::string_view name() const override { return "big_spender"; }
  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override {
    absl::StatusOr<const std::vector<double>*> monetary = input.features.Get("monetary");
    if (!monetary.ok()) return monetary.status();
    std::vector<int32_t>& codes = out.AddCategorical("big_spender.flag", {"no", "yes"});
    for (size_t c = 0; c < codes.size(); ++c) codes[c] = (**monetary)[c] > threshold_ ? 1 : 0;
    if (input.features.customer_count() == 0) warnings.push_back("big_spender: nobody to score");
    return absl::OkStatus();
  }

 private:
  double threshold_;
};

TEST(StrategyRegistry, AHostRegistersItsOwnStrategyAndRunsIt) {
  StrategyRegistry registry;
  ASSERT_TRUE(registry
                  .Register("big_spender", "flags customers above a spend threshold",
                            [](const StrategyParams& params)
                                -> absl::StatusOr<std::unique_ptr<Strategy>> {
                              ParamReader reader("big_spender", params);
                              double threshold = reader.Double("threshold", 100, 0, 1e12);
                              if (absl::Status s = reader.Finish(); !s.ok()) return s;
                              return std::make_unique<BigSpender>(threshold);
                            })
                  .ok());
  EXPECT_EQ(registry.Register("big_spender", "again", [](const StrategyParams&) {
                      return absl::StatusOr<std::unique_ptr<Strategy>>(nullptr);
                    }).code(),
            absl::StatusCode::kAlreadyExists);

  std::vector<int64_t> keys = {1, 2, 1};
  std::vector<Day> days = {10, 11, 12};
  std::vector<double> amounts = {40, 90, 30};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok());
  RunOptions options;
  options.features.as_of = 20;
  options.strategies = {{"big_spender", *StrategyParams::Parse("threshold=60")}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options, registry);
  ASSERT_TRUE(result.ok()) << result.status();
  const ScoreColumn* flag = result->scores.Find("big_spender.flag");
  ASSERT_NE(flag, nullptr);
  EXPECT_EQ(flag->codes, (std::vector<int32_t>{1, 1}));  // 70 and 90 are both above 60

  options.strategies = {{"big_spender", *StrategyParams::Parse("treshold=60")}};
  EXPECT_EQ(tessera::Run(*dataset, options, registry).status().message(),
            "big_spender: unknown parameter 'treshold'; accepted: threshold");
  options.strategies = {{"rfm", {}}};
  absl::Status unknown = tessera::Run(*dataset, options, registry).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(unknown.message(), "no strategy named 'rfm'; registered: big_spender");
  options.strategies = {{"big_spender", {}}, {"big_spender", {}}};
  EXPECT_EQ(tessera::Run(*dataset, options, registry).status().message(),
            "big_spender: two strategies write a column named 'big_spender.flag'");
}

TEST(StrategyRegistry, ACopyStartsWithTheBaseStrategiesAndGrowsAlone) {
  StrategyRegistry local(StrategyRegistry::Global());
  ASSERT_TRUE(local
                  .Register("host_only", "a host's own strategy",
                            [](const StrategyParams&) {
                              return absl::StatusOr<std::unique_ptr<Strategy>>(
                                  std::make_unique<BigSpender>(1.0));
                            })
                  .ok());
  EXPECT_TRUE(local.Create("rfm").ok());
  EXPECT_TRUE(local.Create("host_only").ok());
  EXPECT_EQ(StrategyRegistry::Global().Create("host_only").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(local.List().size(), StrategyRegistry::Global().List().size() + 1);
}

TEST(StrategyRegistry, GlobalHasTheBuiltins) {
  std::vector<StrategyRegistry::Entry> entries = StrategyRegistry::Global().List();
  ASSERT_FALSE(entries.empty());
  bool has_rfm = false;
  for (const StrategyRegistry::Entry& entry : entries) has_rfm |= entry.name == "rfm";
  EXPECT_TRUE(has_rfm);
}

}  // namespace
}  // namespace tessera
