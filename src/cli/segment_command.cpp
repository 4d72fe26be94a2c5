#include "segment_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "exit_codes.h"
#include "progress.h"
#include "rule_inputs.h"
#include "tessera/csv.h"
#include "tessera/dates.h"
#include "tessera/output.h"
#include "tessera/pipeline.h"
#include "tessera/rules.h"
#include "tessera/tier_history.h"

namespace tessera::cli {
namespace {

// Rejected lines shown in the report; --rejects writes all of them.
constexpr size_t kExamplesShown = 5;

// Where the human-readable report goes; nowhere with --quiet.
class Report {
 public:
  explicit Report(std::ostream* stream) : stream_(stream) {}
  template <typename... Parts>
  void Line(const Parts&... parts) {
    if (stream_ != nullptr) *stream_ << absl::StrCat(parts...) << '\n';
  }

 private:
  std::ostream* stream_;
};

int Fail(std::ostream& err, int code, absl::string_view message) {
  err << "tessera: " << message << '\n';
  return code;
}

void ReportIngest(const IngestReport& ingest, bool lenient,
                  const std::string& rejects_path, Report& report) {
  report.Line(ingest.Summary());
  for (size_t i = 0; i < std::min(kExamplesShown, ingest.examples.size()); ++i) {
    const RejectedRow& row = ingest.examples[i];
    report.Line("  line ", row.line,
                row.column.empty() ? "" : absl::StrCat(", column '", row.column, "'"),
                ": ", std::string(RejectReasonName(row.reason)),
                row.detail.empty() ? "" : absl::StrCat(" (", row.detail, ")"));
  }
  uint64_t rejected = ingest.rows_rejected();
  if (!lenient || rejected == 0) return;
  if (!rejects_path.empty()) {
    report.Line("  every skipped line is in ", rejects_path);
  } else {
    report.Line("  ", rejected > kExamplesShown ? "and more; " : "",
                "write every skipped line with --rejects FILE, or stop at the "
                "first with --strict");
  }
}

// Opens `path` ("-" = stdout) and writes results with `write`.
int WriteTo(const std::string& path, std::ostream& stdout_stream, std::ostream& err,
            const std::function<absl::Status(std::ostream&)>& write) {
  if (path == "-") {
    absl::Status s = write(stdout_stream);
    return s.ok() ? kExitSuccess : Fail(err, kExitFailure, s.message());
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    return Fail(err, kExitFailure,
                absl::StrCat("cannot write '", path, "': ", std::strerror(errno)));
  }
  absl::Status s = write(file);
  if (!s.ok()) {
    return Fail(err, kExitFailure, absl::StrCat("writing '", path, "': ", s.message()));
  }
  return kExitSuccess;
}

// The column the table groups by: the one asked for, else the first rule
// set's tiers, else rfm.segment, else the first categorical score; empty when
// there is none.
std::string SummaryColumn(const SegmentOptions& o, const RunOptions& run,
                          const RunResult& result) {
  if (!o.summary_by.empty()) return o.summary_by;
  if (!run.rules.empty() && !run.rules.front().sets().empty()) {
    return run.rules.front().sets().front().name;
  }
  if (result.scores.Find("rfm.segment") != nullptr) return "rfm.segment";
  for (const ScoreColumn& column : result.scores.columns()) {
    if (column.kind == ScoreColumn::Kind::kCategorical) return column.name;
  }
  return "";
}

std::string Customers(size_t count) {
  return absl::StrCat(count, count == 1 ? " customer" : " customers");
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Prints why each --explain customer has its tier in every rule set.
int Explain(const SegmentOptions& o, const Dataset& dataset, const RunOptions& run,
            const RunResult& result, Report& report, std::ostream& err) {
  bool first = true;  // the segment table already ends with a blank line
  for (const std::string& key : o.explain_keys) {
    absl::StatusOr<uint32_t> customer = FindCustomer(dataset.customers, key);
    if (!customer.ok()) {
      return Fail(err, kExitInput, absl::StrCat("--explain: ", customer.status().message()));
    }
    for (const RuleFile& file : run.rules) {
      for (const RuleFile::RuleSetInfo& set : file.sets()) {
        absl::StatusOr<std::string> text = ExplainTier(
            file, set.name, RuleInputs{dataset, result.features}, result.scores, *customer);
        if (!text.ok()) return Fail(err, kExitFailure, text.status().message());
        if (!first) report.Line();
        first = false;
        report.Line(*text);
      }
    }
  }
  return kExitSuccess;
}

// Writes one snapshot per rule set for --save-tiers.
int SaveTiers(const SegmentOptions& o, const Dataset& dataset, const RunOptions& run,
              const RunResult& result, Report& report, std::ostream& err) {
  size_t set_count = 0;
  for (const RuleFile& file : run.rules) set_count += file.sets().size();
  for (const RuleFile& file : run.rules) {
    for (const RuleFile::RuleSetInfo& set : file.sets()) {
      absl::StatusOr<TierSnapshot> snapshot =
          MakeTierSnapshot(file, set.name, dataset, result.scores, run.features.as_of);
      std::string path = SnapshotPath(o.save_tiers, set.name, set_count);
      absl::Status s = snapshot.ok() ? WriteTierSnapshot(*snapshot, path) : snapshot.status();
      if (!s.ok()) {
        return Fail(err, kExitFailure, absl::StrCat("--save-tiers: ", s.message()));
      }
      report.Line("Saved the tiers of rule set '", set.name, "' to ", path,
                  "; give it to the next period's run with --previous-tiers.");
    }
  }
  return kExitSuccess;
}

}  // namespace

int RunSegment(const SegmentOptions& o, std::ostream& out, std::ostream& err) {
  bool results_to_stdout = o.output == "-" || o.jsonl == "-";
  Report report(o.quiet ? nullptr : results_to_stdout ? &err : &out);

  // Rules and snapshots are read first: a typo in a rule should not wait for
  // a large input file.
  RunOptions run = o.run;
  absl::StatusOr<std::vector<RuleFile>> rules = LoadRuleFiles(o.rule_paths);
  if (!rules.ok()) return Fail(err, kExitInput, rules.status().message());
  run.rules = *std::move(rules);
  absl::StatusOr<std::map<std::string, TierSnapshot, std::less<>>> previous =
      LoadPreviousTiers(o.previous_tier_paths);
  if (!previous.ok()) return Fail(err, kExitInput, previous.status().message());
  run.previous_tiers = *std::move(previous);

  CsvOptions csv = o.csv;
  ProgressBar progress(stderr, absl::StrCat("reading ", BaseName(o.input)), !o.quiet);
  csv.progress = [&progress](uint64_t done, uint64_t total) {
    progress.Update(done, total);
  };
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(o.input, csv);
  progress.Finish();
  if (!dataset.ok()) return Fail(err, kExitInput, dataset.status().message());

  bool lenient = csv.ingest.policy == IngestPolicy::kLenient;
  ReportIngest(dataset->report, lenient, csv.rejects_path, report);
  if (dataset->transactions.size() == 0) {
    return Fail(err, kExitInput,
                absl::StrCat("no usable transaction in '", o.input,
                             "'; check the column options and --delimiter"));
  }

  if (o.as_of) {
    run.features.as_of = *o.as_of;
    report.Line("As of ", FormatDay(run.features.as_of),
                " (--as-of); later transactions are left out.");
  } else {
    run.features.as_of = DayAfterLastTransaction(*dataset);
    report.Line("As of ", FormatDay(run.features.as_of),
                ", the day after the last transaction (choose with --as-of).");
  }

  absl::StatusOr<RunResult> result = Run(*dataset, run);
  if (!result.ok()) return Fail(err, kExitFailure, result.status().message());
  report.Line("Scored ", Customers(dataset->customer_count()), " with ",
              absl::StrJoin(o.strategy_texts, ", "), ".");
  for (const std::string& warning : result->warnings) report.Line("warning: ", warning);

  std::optional<SegmentSummary> summary;
  if (std::string column = SummaryColumn(o, run, *result); !column.empty()) {
    absl::StatusOr<SegmentSummary> summarized = SummarizeSegments(*dataset, *result, column);
    if (!summarized.ok()) {
      return Fail(err, kExitUsage, absl::StrCat("--summary-by ", column, ": ",
                                                summarized.status().message()));
    }
    summary = *std::move(summarized);
  }

  OutputOptions output;
  output.num_threads = o.num_threads;
  if (!o.output.empty()) {
    int code = WriteTo(o.output, out, err, [&](std::ostream& stream) {
      return WriteResultsCsv(*dataset, *result, stream, output);
    });
    if (code != kExitSuccess) return code;
  }
  if (!o.jsonl.empty()) {
    int code = WriteTo(o.jsonl, out, err, [&](std::ostream& stream) {
      return WriteResultsJsonl(*dataset, *result, stream, output);
    });
    if (code != kExitSuccess) return code;
  }

  report.Line();
  if (summary) {
    report.Line(FormatSummaryTable(*summary));
  } else {
    report.Line("No categorical score to summarize; the strategies wrote only numbers.");
  }
  if (int code = Explain(o, *dataset, run, *result, report, err); code != kExitSuccess) {
    return code;
  }
  if (!o.save_tiers.empty()) {
    report.Line();
    if (int code = SaveTiers(o, *dataset, run, *result, report, err); code != kExitSuccess) {
      return code;
    }
  }
  for (const std::string* path : {&o.output, &o.jsonl}) {
    if (!path->empty() && *path != "-") {
      report.Line("Wrote ", Customers(dataset->customer_count()), " to ", *path, ".");
    }
  }
  if (o.output.empty() && o.jsonl.empty()) {
    report.Line("To keep each customer's features and scores, add --output FILE.csv "
                "or --jsonl FILE.jsonl.");
  }
  return kExitSuccess;
}

}  // namespace tessera::cli
