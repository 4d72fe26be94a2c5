#include "tessera/tier_history.h"

#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/tier_grace.h"
#include "tessera/dates.h"
#include "tessera/rules.h"

namespace tessera {
namespace {

Day D(const char* text) { return *ParseDay(text); }

// A file name unique to the running test, in the test's temporary folder.
std::string TempPath(const std::string& suffix) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "tier_history_" + std::to_string(::getpid()) + "_" +
         info->test_suite_name() + "_" + info->name() + suffix;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

TierSnapshot Snapshot(std::vector<std::string> tiers,
                      std::vector<std::pair<std::string, int32_t>> customers,
                      std::string fingerprint = "0123456789abcdef") {
  TierSnapshot s;
  s.rule_set = "service";
  s.fingerprint = std::move(fingerprint);
  s.as_of = D("2024-01-31");
  s.tiers = std::move(tiers);
  for (auto& [key, tier] : customers) {
    s.keys.push_back(key);
    s.tier.push_back(tier);
    s.held_periods.push_back(0);
  }
  return s;
}

void ExpectSameSnapshot(const TierSnapshot& a, const TierSnapshot& b) {
  EXPECT_EQ(a.rule_set, b.rule_set);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.as_of, b.as_of);
  EXPECT_EQ(a.tiers, b.tiers);
  EXPECT_EQ(a.keys, b.keys);
  EXPECT_EQ(a.tier, b.tier);
  EXPECT_EQ(a.held_periods, b.held_periods);
}

TEST(TierSnapshotFile, WritesTheDocumentedFormat) {
  TierSnapshot s = Snapshot({"VIP", "Key, large", "Standard"}, {{"17850", 1}, {"say \"hi\"", 2}},
                            "00ff00ff00ff00ff");
  s.held_periods = {0, 2};
  std::string path = TempPath(".csv");
  ASSERT_TRUE(WriteTierSnapshot(s, path).ok());
  EXPECT_EQ(ReadAll(path),
            "# tessera tier snapshot 1\n"
            "# rule_set: service\n"
            "# fingerprint: 00ff00ff00ff00ff\n"
            "# as_of: 2024-01-31\n"
            "# tiers: VIP,\"Key, large\",Standard\n"
            "customer,tier,held_periods\n"
            "17850,\"Key, large\",0\n"
            "\"say \"\"hi\"\"\",Standard,2\n");
  EXPECT_FALSE(Exists(path + ".tmp"));
}

TEST(TierSnapshotFile, AwkwardKeysAndTierNamesRoundTrip) {
  TierSnapshot s =
      Snapshot({"VIP, \"top\"", "Key\naccount", "", " padded ", "na\xC3\xAFve", "unassigned"},
               {{"C-1", 0},
                {"a,b", 1},
                {"say \"hi\"", 2},
                {"two\nlines", 3},
                {"", 4},
                {" spaced ", 5},
                {"#hash", 0},
                {"cr\r\nlf", 1},
                {"\"", 2},
                {"tab\tkey", 3}});
  s.rule_set = "odd, \"set\" name";
  s.held_periods = {0, 1, 2, 3, 4, 5, 6, 7, 2147483647, 0};
  std::string path = TempPath(".csv");
  ASSERT_TRUE(WriteTierSnapshot(s, path).ok());
  absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameSnapshot(*read, s);
}

TEST(TierSnapshotFile, EmptySnapshotRoundTrips) {
  TierSnapshot s = Snapshot({"Only"}, {});
  std::string path = TempPath(".csv");
  ASSERT_TRUE(WriteTierSnapshot(s, path).ok());
  absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameSnapshot(*read, s);
}

TEST(TierSnapshotFile, ReadsCrLfLineEndings) {
  std::string path = TempPath(".csv");
  WriteAll(path,
           "# tessera tier snapshot 1\r\n# rule_set: service\r\n# fingerprint: 0123456789ABCDEF\r\n"
           "# as_of: 2024-01-31\r\n# tiers: VIP,\"Std\"\r\ncustomer,tier,held_periods\r\n"
           "A,VIP,1\r\n\"B\",Std,0\r\n");
  absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->tiers, (std::vector<std::string>{"VIP", "Std"}));
  EXPECT_EQ(read->keys, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(read->tier, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(read->held_periods, (std::vector<int32_t>{1, 0}));
}

TEST(TierSnapshotFile, WriteReplacesAnOldSnapshotWhole) {
  std::string path = TempPath(".csv");
  WriteAll(path, "old contents\n");
  TierSnapshot s = Snapshot({"VIP", "Standard"}, {{"A", 0}});
  ASSERT_TRUE(WriteTierSnapshot(s, path).ok());
  EXPECT_FALSE(Exists(path + ".tmp"));
  absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameSnapshot(*read, s);
}

TEST(TierSnapshotFile, RefusesToWriteAnInconsistentSnapshotAndLeavesTheOldFile) {
  std::string path = TempPath(".csv");
  WriteAll(path, "old contents\n");
  TierSnapshot bad_tier = Snapshot({"VIP", "Standard"}, {{"A", 2}});
  absl::Status status = WriteTierSnapshot(bad_tier, path);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("customer 'A' has tier 2"), absl::string_view::npos) << status;

  TierSnapshot duplicate = Snapshot({"VIP"}, {{"A", 0}, {"A", 0}});
  status = WriteTierSnapshot(duplicate, path);
  EXPECT_NE(status.message().find("customer 'A' appears twice"), absl::string_view::npos) << status;

  TierSnapshot newline_set = Snapshot({"VIP"}, {});
  newline_set.rule_set = "two\nlines";
  EXPECT_EQ(WriteTierSnapshot(newline_set, path).code(), absl::StatusCode::kInvalidArgument);
  TierSnapshot no_date = Snapshot({"VIP"}, {});
  no_date.as_of = kNoDay;
  EXPECT_EQ(WriteTierSnapshot(no_date, path).code(), absl::StatusCode::kInvalidArgument);
  TierSnapshot short_fingerprint = Snapshot({"VIP"}, {}, "abc");
  EXPECT_EQ(WriteTierSnapshot(short_fingerprint, path).code(), absl::StatusCode::kInvalidArgument);
  TierSnapshot twice = Snapshot({"VIP", "VIP"}, {});
  EXPECT_EQ(WriteTierSnapshot(twice, path).code(), absl::StatusCode::kInvalidArgument);
  TierSnapshot negative = Snapshot({"VIP"}, {{"A", 0}});
  negative.held_periods = {-1};
  EXPECT_EQ(WriteTierSnapshot(negative, path).code(), absl::StatusCode::kInvalidArgument);

  EXPECT_EQ(ReadAll(path), "old contents\n");
  EXPECT_FALSE(Exists(path + ".tmp"));
}

TEST(TierSnapshotFile, WriteIntoAMissingFolderFailsWithoutLeftovers) {
  std::string path = TempPath("_no_such_folder/snapshot.csv");
  absl::Status status = WriteTierSnapshot(Snapshot({"VIP"}, {{"A", 0}}), path);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path + ".tmp"), absl::string_view::npos) << status;
  EXPECT_FALSE(Exists(path));
}

TEST(TierSnapshotFile, MissingFileIsNotFoundNamingThePath) {
  std::string path = TempPath("_missing.csv");
  absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find(path), absl::string_view::npos) << read.status();
}

// Header lines 1-6 of a valid snapshot; the records start on line 7.
const std::string kHeader =
    "# tessera tier snapshot 1\n# rule_set: service\n# fingerprint: 0123456789abcdef\n"
    "# as_of: 2024-01-31\n# tiers: VIP,Key,Standard\ncustomer,tier,held_periods\n";

struct Malformed {
  std::string text;
  std::string message;  // expected after "<path>:"
};

TEST(TierSnapshotFile, EachMalformedFileIsAnErrorNamingTheLine) {
  std::string header_without_tiers =
      "# tessera tier snapshot 1\n# rule_set: service\n# fingerprint: 0123456789abcdef\n"
      "# as_of: 2024-01-31\n";
  const std::vector<Malformed> cases = {
      {"", "1: not a tessera tier snapshot: the first line must be '# tessera tier snapshot 1'"},
      {"customer,tier\n", "1: not a tessera tier snapshot"},
      {"# tessera tier snapshot 2\n", "1: snapshot format version '2' is not supported"},
      {"# tessera tier snapshot 1\n# fingerprint: 0123456789abcdef\n",
       "2: expected a line starting with '# rule_set: '"},
      {"# tessera tier snapshot 1\n# rule_set: \n", "2: the rule set name is empty"},
      {"# tessera tier snapshot 1\n# rule_set: service\n# fingerprint: 0123456789abcdeg\n",
       "3: the fingerprint '0123456789abcdeg' is not 16 hex digits"},
      {"# tessera tier snapshot 1\n# rule_set: service\n# fingerprint: 0123456789abcdef\n"
       "# as_of: 2024-02-30\n",
       "4: the as-of date '2024-02-30' is not a date written YYYY-MM-DD"},
      {"# tessera tier snapshot 1\n# rule_set: service\n# fingerprint: 0123456789abcdef\n"
       "# as_of: 20240131\n",
       "4: the as-of date '20240131' is not a date written YYYY-MM-DD"},
      {header_without_tiers, "5: expected a line starting with '# tiers: '"},
      {header_without_tiers + "# tiers: \n", "5: the tier list is empty"},
      {header_without_tiers + "# tiers: VIP,Key,VIP\n", "5: the tier 'VIP' is listed twice"},
      {header_without_tiers + "# tiers: VIP,\"Key\n", "5: a quoted field is never closed"},
      {header_without_tiers + "# tiers: VIP\n",
       "6: expected the column line 'customer,tier,held_periods'"},
      {header_without_tiers + "# tiers: VIP\ncustomer,tier\n",
       "6: expected the column line 'customer,tier,held_periods'"},
      {kHeader + "A,Gold,0\n", "7: the tier 'Gold' is not in the '# tiers:' list"},
      {kHeader + "A,VIP,0\nB,Key,-1\n", "8: held_periods '-1' is not a non-negative integer"},
      {kHeader + "A,VIP,1.5\n", "7: held_periods '1.5' is not a non-negative integer"},
      {kHeader + "A,VIP,\n", "7: held_periods '' is not a non-negative integer"},
      {kHeader + "A,VIP,2147483648\n",
       "7: held_periods '2147483648' is not a non-negative integer"},
      {kHeader + "A,VIP,0\nB,Key,0\nA,Key,1\n", "9: customer 'A' appears twice (first on line 7)"},
      {kHeader + "A,VIP\n", "7: expected 3 fields (customer,tier,held_periods), found 2"},
      {kHeader + "A,VIP,0,extra\n", "7: expected 3 fields (customer,tier,held_periods), found 4"},
      {kHeader + "A,VIP,0\n\nB,Key,0\n", "8: the line is empty"},
      {kHeader + "\"A,VIP,0\n", "7: a quoted field is never closed"},
      {kHeader + "A\"B,VIP,0\n", "7: a quote inside an unquoted field"},
      {kHeader + "\"A\"B,VIP,0\n", "7: unexpected text after a field"},
      {kHeader + "A,VIP,0\rB,Key,0\n", "7: unexpected text after a field"},
      // The record on lines 7-8 spans a line break inside quotes, so the bad
      // record after it is on line 9.
      {kHeader + "\"two\nlines\",VIP,0\nC,Gold,0\n",
       "9: the tier 'Gold' is not in the '# tiers:' list"},
  };
  std::string path = TempPath(".csv");
  for (const Malformed& c : cases) {
    WriteAll(path, c.text);
    absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
    EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    std::string expected = path + ":" + c.message;
    EXPECT_EQ(std::string(read.status().message()).substr(0, expected.size()), expected)
        << "file:\n"
        << c.text << "\nstatus: " << read.status();
  }
}

// Every prefix of a valid file, and the file with each byte replaced by a
// troublesome one, reads as a snapshot or fails with InvalidArgument: never a
// crash or another kind of error.
TEST(TierSnapshotFile, DamagedFilesAreErrorsNeverCrashes) {
  TierSnapshot s = Snapshot({"VIP", "Key, \"large\"", "Std"},
                            {{"A", 0}, {"two\nlines", 1}, {"say \"hi\"", 2}});
  s.held_periods = {0, 12, 3};
  std::string path = TempPath(".csv");
  ASSERT_TRUE(WriteTierSnapshot(s, path).ok());
  const std::string text = ReadAll(path);
  std::vector<std::string> damaged;
  for (size_t n = 0; n < text.size(); ++n) damaged.push_back(text.substr(0, n));
  for (size_t i = 0; i < text.size(); ++i) {
    for (char c : {'"', ',', '\n', '\r', '\0'}) {
      std::string changed = text;
      changed[i] = c;
      damaged.push_back(changed);
    }
  }
  for (const std::string& d : damaged) {
    WriteAll(path, d);
    absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
    if (!read.ok()) {
      EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument) << read.status();
    }
  }
}

using Keys = std::vector<std::string>;

// Two periods of a three-tier set, worked by hand:
//   customer  before    after
//   A         VIP       VIP       unchanged
//   B         VIP       Key       downgraded
//   C         Key       Standard  downgraded
//   D         Key       VIP       upgraded
//   E         Standard  Standard  unchanged
//   F         Standard  VIP       upgraded (listed first in the later file)
//   G         Key       -         gone
//   H         -         Key       new
//   I         -         Standard  new
class TwoPeriods : public ::testing::Test {
 protected:
  TierSnapshot before_ =
      Snapshot({"VIP", "Key", "Standard"},
               {{"A", 0}, {"B", 0}, {"C", 1}, {"D", 1}, {"E", 2}, {"F", 2}, {"G", 1}});
  TierSnapshot after_ =
      Snapshot({"VIP", "Key", "Standard"},
               {{"F", 0}, {"A", 0}, {"B", 1}, {"C", 2}, {"D", 0}, {"E", 2}, {"H", 1}, {"I", 2}});
};

TEST_F(TwoPeriods, CountsEveryMoveOnce) {
  absl::StatusOr<TierMigration> m = CompareTierSnapshots(before_, after_);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->tiers, (Keys{"VIP", "Key", "Standard"}));
  // Rows from, columns to: VIP->VIP A, VIP->Key B; Key->VIP D, Key->Standard
  // C; Standard->VIP F, Standard->Standard E.
  EXPECT_EQ(m->counts, (std::vector<std::vector<int64_t>>{{1, 1, 0}, {1, 0, 1}, {1, 0, 1}}));
  EXPECT_EQ(m->upgraded, (Keys{"F", "D"}));
  EXPECT_EQ(m->downgraded, (Keys{"B", "C"}));
  EXPECT_EQ(m->unchanged, (Keys{"A", "E"}));
  EXPECT_EQ(m->added, (Keys{"H", "I"}));
  EXPECT_EQ(m->gone, (Keys{"G"}));
  EXPECT_EQ(m->new_by_tier, (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(m->gone_by_tier, (std::vector<int64_t>{0, 1, 0}));
  EXPECT_FALSE(m->rules_changed);
}

TEST_F(TwoPeriods, FormatsAnAlignedTableWithTotals) {
  absl::StatusOr<TierMigration> m = CompareTierSnapshots(before_, after_);
  ASSERT_TRUE(m.ok()) << m.status();
  // Row totals: 2 2 2; column totals 3 1 2 of 6; new 0 1 1 of 2; gone 0 1 0.
  EXPECT_EQ(FormatTierMigration(*m),
            "from \\ to  VIP  Key  Standard  total\n"
            "VIP          1    1         0      2\n"
            "Key          1    0         1      2\n"
            "Standard     1    0         1      2\n"
            "total        3    1         2      6\n"
            "new          0    1         1      2\n"
            "gone         0    1         0      1\n");
}

TEST_F(TwoPeriods, ChangedRulesAreFlaggedAndNoted) {
  after_.fingerprint = "fedcba9876543210";
  absl::StatusOr<TierMigration> m = CompareTierSnapshots(before_, after_);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->rules_changed);
  std::string text = FormatTierMigration(*m);
  EXPECT_NE(text.find("gone         0    1         0      1\nThe rules changed between the two "
                      "snapshots"),
            std::string::npos)
      << text;
}

TEST_F(TwoPeriods, RefusesSnapshotsOfDifferentSetsOrWithDuplicates) {
  after_.rule_set = "marketing";
  absl::StatusOr<TierMigration> m = CompareTierSnapshots(before_, after_);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("'service' and 'marketing'"), absl::string_view::npos);

  after_.rule_set = "service";
  after_.keys[1] = "F";
  m = CompareTierSnapshots(before_, after_);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("customer 'F' appears twice"), absl::string_view::npos);

  after_.keys[1] = "A";
  after_.tier[0] = 3;
  EXPECT_EQ(CompareTierSnapshots(before_, after_).status().code(),
            absl::StatusCode::kInvalidArgument);
  after_.tier[0] = 0;
  after_.tier.pop_back();
  EXPECT_EQ(CompareTierSnapshots(before_, after_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The rules changed: Platinum is new, Silver was dropped. Ranks follow the
// later list (Platinum, Gold, Bronze), then Silver, then unassigned last
// although the later list has it before Silver would come.
TEST(TierMigration, RanksTheUnionOfDifferentTierLists) {
  TierSnapshot before = Snapshot(
      {"Gold", "Silver", "Bronze", "unassigned"},
      {{"A", 1}, {"B", 3}, {"C", 0}, {"D", 2}, {"E", 0}, {"F", 1}, {"G", 1}}, "1111111111111111");
  TierSnapshot after =
      Snapshot({"Platinum", "Gold", "Bronze", "unassigned"},
               {{"A", 2}, {"B", 2}, {"C", 0}, {"D", 2}, {"E", 2}, {"F", 3}}, "2222222222222222");
  absl::StatusOr<TierMigration> m = CompareTierSnapshots(before, after);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->tiers, (Keys{"Platinum", "Gold", "Bronze", "Silver", "unassigned"}));
  // A Silver->Bronze (3->2), B unassigned->Bronze (4->2), C Gold->Platinum
  // (1->0): up. D Bronze->Bronze: same. E Gold->Bronze (1->2), F
  // Silver->unassigned (3->4): down. G (Silver) gone.
  std::vector<std::vector<int64_t>> counts(5, std::vector<int64_t>(5, 0));
  counts[3][2] = 1;
  counts[4][2] = 1;
  counts[1][0] = 1;
  counts[2][2] = 1;
  counts[1][2] = 1;
  counts[3][4] = 1;
  EXPECT_EQ(m->counts, counts);
  EXPECT_EQ(m->upgraded, (Keys{"A", "B", "C"}));
  EXPECT_EQ(m->downgraded, (Keys{"E", "F"}));
  EXPECT_EQ(m->unchanged, (Keys{"D"}));
  EXPECT_TRUE(m->added.empty());
  EXPECT_EQ(m->gone, (Keys{"G"}));
  EXPECT_EQ(m->new_by_tier, (std::vector<int64_t>{0, 0, 0, 0, 0}));
  EXPECT_EQ(m->gone_by_tier, (std::vector<int64_t>{0, 0, 0, 1, 0}));
  EXPECT_TRUE(m->rules_changed);
}

TEST(TierMigration, FormatAlignsNonAsciiLabelsByCharacter) {
  TierMigration m;
  m.tiers = {"\xC3\xA9lite", "x"};  // "élite": 5 characters in 6 bytes
  m.counts = {{12, 0}, {3, 4}};
  m.new_by_tier = {1, 0};
  m.gone_by_tier = {0, 2};
  EXPECT_EQ(FormatTierMigration(m),
            "from \\ to  \xC3\xA9lite  x  total\n"
            "\xC3\xA9lite         12  0     12\n"
            "x              3  4      7\n"
            "total         15  4     19\n"
            "new            1  0      1\n"
            "gone           0  2      2\n");
}

const Keys kTiers = {"VIP", "Key", "Standard"};
constexpr int32_t kVip = 0, kKey = 1, kStandard = 2;

CustomerIndex StringIndex(const Keys& keys) {
  CustomerIndex index(KeyKind::kString);
  for (const std::string& key : keys) index.Intern(key);
  return index;
}

// Runs one period: `evaluated` in, the next period's snapshot out.
TierSnapshot NextPeriod(const TierSnapshot& previous, const CustomerIndex& customers,
                        const std::vector<int>& demote_after, std::vector<int32_t> evaluated,
                        int threads = 1) {
  std::vector<double> held;
  absl::Status status = rules_internal::ApplyDemotionDelay(previous, customers, kTiers,
                                                           demote_after, threads, evaluated, held);
  EXPECT_TRUE(status.ok()) << status;
  TierSnapshot next = Snapshot(kTiers, {});
  for (size_t c = 0; c < customers.size(); ++c) {
    next.keys.push_back(customers.KeyString(static_cast<uint32_t>(c)));
    next.tier.push_back(evaluated[c]);
    next.held_periods.push_back(static_cast<int32_t>(held[c]));
  }
  return next;
}

// VIP demotes after 3 failing periods, Key and Standard at once.
TEST(DemotionDelay, HoldsThroughFailingPeriodsAndDemotesInTheNth) {
  CustomerIndex customers = StringIndex({"A", "B", "C", "D"});
  const std::vector<int> demote_after = {3, 1, 1};
  TierSnapshot period = Snapshot(kTiers, {{"A", kVip}, {"B", kVip}, {"C", kKey}, {"D", kStandard}});

  // A, B fail VIP once and keep it; C fails Key and drops at once (N = 1);
  // D is promoted at once.
  period = NextPeriod(period, customers, demote_after, {kKey, kKey, kStandard, kVip});
  EXPECT_EQ(period.tier, (std::vector<int32_t>{kVip, kVip, kStandard, kVip}));
  EXPECT_EQ(period.held_periods, (std::vector<int32_t>{1, 1, 0, 0}));

  // A fails a second time; B meets VIP again, so its count resets; D fails
  // VIP for the first time.
  period = NextPeriod(period, customers, demote_after, {kStandard, kVip, kStandard, kKey});
  EXPECT_EQ(period.tier, (std::vector<int32_t>{kVip, kVip, kStandard, kVip}));
  EXPECT_EQ(period.held_periods, (std::vector<int32_t>{2, 0, 0, 1}));

  // A's third failing period demotes it to what it was evaluated at; B has
  // failed only once since its reset; C is promoted; D meets VIP again.
  period = NextPeriod(period, customers, demote_after, {kKey, kKey, kKey, kVip});
  EXPECT_EQ(period.tier, (std::vector<int32_t>{kKey, kVip, kKey, kVip}));
  EXPECT_EQ(period.held_periods, (std::vector<int32_t>{0, 1, 0, 0}));
}

// The previous snapshot lists its tiers in another order and has a tier the
// rules no longer have; previous tiers are matched by name.
TEST(DemotionDelay, MatchesTiersByNameAndIgnoresUnknownTiersAndNewCustomers) {
  CustomerIndex customers = StringIndex({"A", "B", "C", "D", "E"});
  TierSnapshot previous = Snapshot({"Gold", "VIP", "Standard", "Key"},
                                   {{"Z", 1}, {"E", 2}, {"C", 1}, {"B", 3}, {"A", 0}});
  previous.held_periods = {0, 5, 0, 0, 1};
  std::vector<int32_t> evaluated = {kStandard, kStandard, kKey, kKey, kStandard};
  std::vector<double> held;
  ASSERT_TRUE(
      rules_internal::ApplyDemotionDelay(previous, customers, kTiers, {3, 3, 1}, 2, evaluated, held)
          .ok());
  // A: Gold is unknown now, so Standard. B: kept Key (N = 3), first failure.
  // C: kept VIP, first failure. D: new. E: meets Standard, count reset.
  EXPECT_EQ(evaluated, (std::vector<int32_t>{kStandard, kKey, kVip, kKey, kStandard}));
  EXPECT_EQ(held, (std::vector<double>{0, 1, 1, 0, 0}));
}

TEST(DemotionDelay, MatchesIntegerKeysByTheirText) {
  CustomerIndex customers(KeyKind::kInteger);
  customers.Intern(int64_t{17850});
  customers.Intern(int64_t{-5});
  customers.Intern(int64_t{9223372036854775807});
  customers.Intern(int64_t{42});
  TierSnapshot previous = Snapshot(
      kTiers, {{"9223372036854775807", kVip}, {"-5", kVip}, {"17850", kVip}, {"042", kVip}});
  std::vector<int32_t> evaluated = {kKey, kKey, kKey, kKey};
  std::vector<double> held;
  ASSERT_TRUE(
      rules_internal::ApplyDemotionDelay(previous, customers, kTiers, {2, 1, 1}, 1, evaluated, held)
          .ok());
  // "042" is not the text of 42, so customer 42 is new.
  EXPECT_EQ(evaluated, (std::vector<int32_t>{kVip, kVip, kVip, kKey}));
  EXPECT_EQ(held, (std::vector<double>{1, 1, 1, 0}));
}

TEST(DemotionDelay, RejectsInconsistentInputs) {
  CustomerIndex customers = StringIndex({"A"});
  TierSnapshot previous = Snapshot(kTiers, {{"A", kVip}});
  std::vector<double> held;
  auto run = [&](const TierSnapshot& p, std::vector<int> demote_after,
                 std::vector<int32_t> evaluated) {
    return rules_internal::ApplyDemotionDelay(p, customers, kTiers, demote_after, 1, evaluated,
                                              held)
        .code();
  };
  const absl::StatusCode invalid = absl::StatusCode::kInvalidArgument;
  EXPECT_EQ(run(previous, {1, 1, 1}, {kKey}), absl::StatusCode::kOk);
  EXPECT_EQ(run(previous, {1, 1}, {kKey}), invalid);
  EXPECT_EQ(run(previous, {0, 1, 1}, {kKey}), invalid);
  EXPECT_EQ(run(previous, {1, 1, 1}, {3}), invalid);
  EXPECT_EQ(run(previous, {1, 1, 1}, {kKey, kKey}), invalid);
  TierSnapshot duplicate = Snapshot(kTiers, {{"A", kVip}, {"A", kKey}});
  EXPECT_EQ(run(duplicate, {1, 1, 1}, {kKey}), invalid);
  TierSnapshot out_of_range = Snapshot(kTiers, {{"A", 7}});
  EXPECT_EQ(run(out_of_range, {1, 1, 1}, {kKey}), invalid);
  TierSnapshot short_held = previous;
  short_held.held_periods.clear();
  EXPECT_EQ(run(short_held, {1, 1, 1}, {kKey}), invalid);
}

// Many customers with pseudo-random tiers: every thread count gives the same
// result, and that result matches a plain per-customer reading of the rule.
TEST(DemotionDelay, SameResultForAnyThreadCount) {
  constexpr size_t kCustomers = 40000;
  uint64_t state = 12345;
  auto next = [&state](uint32_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>((state >> 33) % bound);
  };
  Keys keys;
  for (size_t c = 0; c < kCustomers; ++c) keys.push_back("C" + std::to_string(c));
  CustomerIndex customers = StringIndex(keys);
  const Keys previous_tiers = {"Standard", "Gold", "Key", "VIP"};
  TierSnapshot previous = Snapshot(previous_tiers, {});
  for (size_t c = 0; c < kCustomers; ++c) {
    if (next(4) == 0) continue;  // a new customer
    previous.keys.push_back(keys[c]);
    previous.tier.push_back(static_cast<int32_t>(next(4)));
    previous.held_periods.push_back(static_cast<int32_t>(next(4)));
  }
  std::vector<int32_t> evaluated(kCustomers);
  for (int32_t& t : evaluated) t = static_cast<int32_t>(next(3));
  const std::vector<int> demote_after = {3, 2, 1};

  std::map<std::string, std::pair<std::string, int32_t>> before;
  for (size_t i = 0; i < previous.keys.size(); ++i) {
    before[previous.keys[i]] = {previous_tiers[static_cast<size_t>(previous.tier[i])],
                                previous.held_periods[i]};
  }
  std::vector<int32_t> expected_tier = evaluated;
  std::vector<double> expected_held(kCustomers, 0);
  for (size_t c = 0; c < kCustomers; ++c) {
    auto found = before.find(keys[c]);
    if (found == before.end() || found->second.first == "Gold") continue;
    int32_t kept = 0;
    while (kTiers[static_cast<size_t>(kept)] != found->second.first) ++kept;
    if (evaluated[c] <= kept) continue;
    int32_t failing = found->second.second + 1;
    if (failing >= demote_after[static_cast<size_t>(kept)]) continue;
    expected_tier[c] = kept;
    expected_held[c] = failing;
  }
  for (int threads : {1, 2, 4}) {
    std::vector<int32_t> tier = evaluated;
    std::vector<double> held;
    ASSERT_TRUE(rules_internal::ApplyDemotionDelay(previous, customers, kTiers, demote_after,
                                                   threads, tier, held)
                    .ok());
    EXPECT_EQ(tier, expected_tier) << threads << " threads";
    EXPECT_EQ(held, expected_held) << threads << " threads";
  }
}

class SnapshotFromScores : public ::testing::Test {
 protected:
  void SetUp() override {
    TransactionColumns columns;
    columns.string_keys = keys_;
    columns.days = days_;
    columns.amounts = amounts_;
    absl::StatusOr<Dataset> dataset = BuildDataset(columns);
    ASSERT_TRUE(dataset.ok()) << dataset.status();
    dataset_ = *std::move(dataset);
    absl::StatusOr<RuleFile> file = RuleFile::Parse(
        "ruleset \"service\"\n"
        "demote after 2 periods\n"
        "tier \"VIP\" when monetary >= 100\n"
        "tier \"Standard\" otherwise\n");
    ASSERT_TRUE(file.ok()) << file.status();
    file_ = *std::move(file);
  }

  std::vector<std::string_view> keys_ = {"C1", "C2", "C3", "C2"};
  std::vector<Day> days_ = {1, 2, 3, 4};
  std::vector<double> amounts_ = {10, 60, 5, 70};
  Dataset dataset_;
  RuleFile file_;
};

TEST_F(SnapshotFromScores, TakesTiersAndHeldPeriodsFromTheSetsColumns) {
  ScoreTable scores(3);
  scores.AddCategorical("service", {"VIP", "Standard"}) = {1, 0, 1};
  scores.AddNumeric("service.held") = {0, 1, 0};
  absl::StatusOr<TierSnapshot> s =
      MakeTierSnapshot(file_, "service", dataset_, scores, D("2024-01-31"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->rule_set, "service");
  EXPECT_EQ(s->fingerprint, file_.FindSet("service")->fingerprint);
  EXPECT_EQ(s->fingerprint.size(), 16u);
  EXPECT_EQ(s->as_of, D("2024-01-31"));
  EXPECT_EQ(s->tiers, (Keys{"VIP", "Standard"}));
  EXPECT_EQ(s->keys, (Keys{"C1", "C2", "C3"}));
  EXPECT_EQ(s->tier, (std::vector<int32_t>{1, 0, 1}));
  EXPECT_EQ(s->held_periods, (std::vector<int32_t>{0, 1, 0}));

  std::string path = TempPath(".csv");
  ASSERT_TRUE(WriteTierSnapshot(*s, path).ok());
  absl::StatusOr<TierSnapshot> read = ReadTierSnapshot(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameSnapshot(*read, *s);
}

TEST_F(SnapshotFromScores, HeldPeriodsAreZeroWithoutAHeldColumn) {
  ScoreTable scores(3);
  scores.AddCategorical("service", {"VIP", "Standard"}) = {0, 0, 1};
  absl::StatusOr<TierSnapshot> s =
      MakeTierSnapshot(file_, "service", dataset_, scores, D("2024-01-31"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->tier, (std::vector<int32_t>{0, 0, 1}));
  EXPECT_EQ(s->held_periods, (std::vector<int32_t>{0, 0, 0}));
}

TEST_F(SnapshotFromScores, ReportsWhatIsWrongWithTheScores) {
  Day as_of = D("2024-01-31");
  EXPECT_EQ(MakeTierSnapshot(file_, "nope", dataset_, ScoreTable(3), as_of).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(MakeTierSnapshot(file_, "service", dataset_, ScoreTable(3), as_of).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MakeTierSnapshot(file_, "service", dataset_, ScoreTable(2), as_of).status().code(),
            absl::StatusCode::kInvalidArgument);

  ScoreTable other_labels(3);
  other_labels.AddCategorical("service", {"Standard", "VIP"}) = {0, 0, 1};
  absl::Status status = MakeTierSnapshot(file_, "service", dataset_, other_labels, as_of).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("another rule file"), absl::string_view::npos) << status;

  ScoreTable no_tier(3);
  no_tier.AddCategorical("service", {"VIP", "Standard"}) = {0, -1, 1};
  status = MakeTierSnapshot(file_, "service", dataset_, no_tier, as_of).status();
  EXPECT_NE(status.message().find("customer 'C2' has no tier"), absl::string_view::npos) << status;

  ScoreTable fractional(3);
  fractional.AddCategorical("service", {"VIP", "Standard"}) = {0, 0, 1};
  fractional.AddNumeric("service.held") = {0, 1.5, 0};
  status = MakeTierSnapshot(file_, "service", dataset_, fractional, as_of).status();
  EXPECT_NE(status.message().find("customer 'C2' has 1.5 in column 'service.held'"),
            absl::string_view::npos)
      << status;

  ScoreTable fine(3);
  fine.AddCategorical("service", {"VIP", "Standard"}) = {0, 0, 1};
  EXPECT_EQ(MakeTierSnapshot(file_, "service", dataset_, fine, kNoDay).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tessera
