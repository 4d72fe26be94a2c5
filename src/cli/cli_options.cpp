#include "cli_options.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nearest_name.h"
#include "tessera/dates.h"
#include "tessera/strategy.h"

namespace tessera::cli {
namespace {

absl::Status Usage(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

// Flag handlers return messages that read well after the flag's name.
absl::Status BadValue(const std::string& value, const std::string& expected) {
  return Usage(absl::StrCat("must be ", expected, ", got '", value, "'"));
}

// Looks `value` up in a list of (name, result) pairs.
template <typename T>
absl::Status Choose(const std::string& value,
                    const std::vector<std::pair<std::string, T>>& choices, T& out) {
  std::vector<std::string> names;
  for (const auto& [name, result] : choices) {
    if (value == name) {
      out = result;
      return absl::OkStatus();
    }
    names.push_back(name);
  }
  return BadValue(value, absl::StrCat("one of ", absl::StrJoin(names, ", ")));
}

absl::Status ParseDelimiter(const std::string& value, char& out) {
  if (value == "tab" || value == "\\t" || value == "\t") {
    out = '\t';
  } else if (value == "space" || value == " ") {
    out = ' ';
  } else if (value.size() == 1 && value != "\"" && value != "\n" && value != "\r") {
    out = value[0];
  } else {
    return BadValue(value,
                    "one character such as ',' ';' '|', or 'tab', or 'space' "
                    "(runs of blanks)");
  }
  return absl::OkStatus();
}

absl::Status ParseStrategy(const std::string& value, SegmentOptions& options,
                           bool& first_strategy) {
  size_t colon = value.find(':');
  StrategySpec spec;
  spec.name = value.substr(0, colon);
  if (spec.name.empty()) {
    return BadValue(value, "NAME or NAME:param=value,param=value");
  }
  if (colon != std::string::npos) {
    absl::StatusOr<StrategyParams> params = StrategyParams::Parse(value.substr(colon + 1));
    if (!params.ok()) return Usage(absl::StrCat(value, ": ", params.status().message()));
    spec.params = *std::move(params);
  }
  // Creating the strategy now reports an unknown name or a bad parameter as
  // a usage error, before any input is read.
  absl::StatusOr<std::unique_ptr<Strategy>> strategy =
      StrategyRegistry::Global().Create(spec.name, spec.params);
  if (!strategy.ok()) {
    bool unknown_name = absl::IsNotFound(strategy.status());
    return Usage(absl::StrCat(value, ": ", strategy.status().message(),
                              unknown_name ? " (see 'tessera strategies')" : ""));
  }
  if (first_strategy) {
    options.run.strategies.clear();
    options.strategy_texts.clear();
    first_strategy = false;
  }
  for (const StrategySpec& earlier : options.run.strategies) {
    if (earlier.name == spec.name) {
      // Both would write the same columns ("rfm.segment"...).
      return Usage(absl::StrCat(value, ": strategy '", spec.name,
                                "' is already chosen; each strategy runs once"));
    }
  }
  options.run.strategies.push_back(std::move(spec));
  options.strategy_texts.push_back(value);
  return absl::OkStatus();
}

struct Flag {
  std::string name;
  std::string value_name;  // empty for switches
  std::function<absl::Status(const std::string& value)> apply;
};

std::vector<Flag> SegmentFlags(SegmentOptions& o, bool& first_strategy) {
  CsvOptions& csv = o.csv;
  FeatureOptions& features = o.run.features;
  auto column = [](std::string& field) {
    return [&field](const std::string& value) {
      field = value;
      return value.empty() ? Usage("needs a column name, got an empty one")
                           : absl::OkStatus();
    };
  };
  auto path = [](std::string& field) {
    return [&field](const std::string& value) {
      field = value;
      return value.empty() ? Usage("needs a file name, got an empty one")
                           : absl::OkStatus();
    };
  };
  auto append = [](std::vector<std::string>& field, const char* what) {
    return [&field, what](const std::string& value) {
      if (value.empty()) return Usage(absl::StrCat("needs ", what, ", got an empty one"));
      field.push_back(value);
      return absl::OkStatus();
    };
  };
  auto set = [](bool& field, bool to) {
    return [&field, to](const std::string&) {
      field = to;
      return absl::OkStatus();
    };
  };
  return {
      {"--customer", "COLUMN", column(csv.customer)},
      {"--date", "COLUMN", column(csv.date)},
      {"--amount", "COLUMN", column(csv.amount)},
      {"--quantity", "COLUMN", column(csv.quantity)},
      {"--unit-price", "COLUMN", column(csv.unit_price)},
      {"--category", "COLUMN", column(csv.category)},
      {"--order-id", "COLUMN", column(csv.order_id)},
      {"--delimiter", "CHAR",
       [&csv](const std::string& v) { return ParseDelimiter(v, csv.delimiter); }},
      {"--no-header", "", set(csv.has_header, false)},
      {"--date-format", "auto|iso|iso-datetime|yyyymmdd",
       [&csv](const std::string& v) {
         return Choose<DateFormat>(v,
                                   {{"auto", DateFormat::kAuto},
                                    {"iso", DateFormat::kIsoDate},
                                    {"iso-datetime", DateFormat::kIsoDateTime},
                                    {"yyyymmdd", DateFormat::kYyyymmdd}},
                                   csv.date_format);
       }},
      {"--key-kind", "auto|integer|string",
       [&csv](const std::string& v) {
         return Choose<KeyKindOption>(v,
                                      {{"auto", KeyKindOption::kAuto},
                                       {"integer", KeyKindOption::kInteger},
                                       {"string", KeyKindOption::kString}},
                                      csv.key_kind);
       }},
      {"--as-of", "YYYY-MM-DD",
       [&o](const std::string& v) {
         o.as_of = ParseDay(v);
         return o.as_of ? absl::OkStatus()
                        : BadValue(v, "a date as YYYY-MM-DD (or YYYYMMDD)");
       }},
      {"--frequency", "auto|rows|orders|days",
       [&features](const std::string& v) {
         return Choose<FrequencyMode>(v,
                                      {{"auto", FrequencyMode::kAuto},
                                       {"rows", FrequencyMode::kRows},
                                       {"orders", FrequencyMode::kOrders},
                                       {"days", FrequencyMode::kDays}},
                                      features.frequency);
       }},
      {"--returns", "net|exclude",
       [&features](const std::string& v) {
         return Choose<ReturnPolicy>(v,
                                     {{"net", ReturnPolicy::kNetIntoMonetary},
                                      {"exclude", ReturnPolicy::kExclude}},
                                     features.returns);
       }},
      {"--btyd-period", "days|weeks|DAYS",
       [&features](const std::string& v) {
         double days = 0;
         if (v == "days") {
           days = 1;
         } else if (v == "weeks") {
           days = 7;
         } else if (!absl::SimpleAtod(v, &days) || !std::isfinite(days) || days <= 0) {
           return BadValue(v, "days, weeks, or a positive number of days");
         }
         features.btyd_period_days = days;
         return absl::OkStatus();
       }},
      {"--strategy", "NAME[:param=value,...]",
       [&o, &first_strategy](const std::string& v) {
         return ParseStrategy(v, o, first_strategy);
       }},
      {"--strict", "",
       [&csv](const std::string&) {
         csv.ingest.policy = IngestPolicy::kStrict;
         return absl::OkStatus();
       }},
      {"--lenient", "",
       [&csv](const std::string&) {
         csv.ingest.policy = IngestPolicy::kLenient;
         return absl::OkStatus();
       }},
      {"--rejects", "FILE", path(csv.rejects_path)},
      {"--rules", "FILE|builtin:NAME", append(o.rule_paths, "a rule file")},
      {"--previous-tiers", "FILE", append(o.previous_tier_paths, "a tier snapshot file")},
      {"--save-tiers", "FILE", path(o.save_tiers)},
      {"--explain", "KEY", append(o.explain_keys, "a customer key")},
      {"--threads", "N",
       [&o](const std::string& v) {
         if (!absl::SimpleAtoi(v, &o.num_threads) || o.num_threads < 0) {
           return BadValue(v, "a whole number, 0 for every core");
         }
         return absl::OkStatus();
       }},
      {"--output", "FILE", path(o.output)},
      {"-o", "FILE", path(o.output)},
      {"--jsonl", "FILE", path(o.jsonl)},
      {"--summary-by", "COLUMN", column(o.summary_by)},
      {"--quiet", "", set(o.quiet, true)},
      {"-q", "", set(o.quiet, true)},
  };
}

std::string UnknownFlagMessage(const std::string& arg, const std::vector<Flag>& flags) {
  std::vector<std::string> names;
  for (const Flag& flag : flags) names.push_back(flag.name);
  const std::string* best = internal::NearestName(arg, names);
  return absl::StrCat("unknown option '", arg, "'",
                      best ? absl::StrCat(" (did you mean ", *best, "?)") : "");
}

// Checks that need every flag: what is required, what goes together.
absl::Status CheckSegment(const SegmentOptions& o) {
  const CsvOptions& csv = o.csv;
  std::string columns_hint = csv.has_header
                                 ? "a column name from the header line"
                                 : "a 0-based position such as '#2' (--no-header)";
  if (o.input.empty()) {
    return Usage("missing INPUT: give the transaction file to read, e.g. "
                 "'tessera segment orders.csv --customer id --date day --amount total'");
  }
  if (csv.customer.empty()) {
    return Usage(absl::StrCat("missing --customer COLUMN: the column with the customer id (",
                              columns_hint, ")"));
  }
  if (csv.date.empty()) {
    return Usage(absl::StrCat("missing --date COLUMN: the column with the purchase date (",
                              columns_hint, ")"));
  }
  if (csv.amount.empty() && (csv.quantity.empty() || csv.unit_price.empty())) {
    return Usage(
        "missing --amount COLUMN (the money spent per line), or both --quantity "
        "COLUMN and --unit-price COLUMN to compute it");
  }
  if (o.run.features.frequency == FrequencyMode::kOrders && csv.order_id.empty()) {
    return Usage("--frequency orders counts distinct orders: add --order-id COLUMN, "
                 "or count rows or days (--frequency rows|days)");
  }
  if (!csv.rejects_path.empty() && csv.ingest.policy == IngestPolicy::kStrict) {
    return Usage("--rejects writes the lines lenient mode skips; --strict stops at "
                 "the first bad line instead, so use one or the other");
  }
  const char* needs_rules = !o.previous_tier_paths.empty() ? "--previous-tiers"
                            : !o.save_tiers.empty()          ? "--save-tiers"
                            : !o.explain_keys.empty()        ? "--explain"
                                                             : nullptr;
  if (o.rule_paths.empty() && needs_rules != nullptr) {
    return Usage(absl::StrCat(needs_rules, " works on rule-set tiers: add --rules FILE "
                                           "(or --rules builtin:rfm_segments)"));
  }
  if (o.output == "-" && o.jsonl == "-") {
    return Usage("--output - and --jsonl - would both write to stdout; send one "
                 "of them to a file");
  }
  return absl::OkStatus();
}

absl::StatusOr<Command> ParseSegment(const std::vector<std::string>& args) {
  Command command;
  command.kind = CommandKind::kSegment;
  SegmentOptions& o = command.segment;
  bool first_strategy = true;
  std::vector<Flag> flags = SegmentFlags(o, first_strategy);
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      command.kind = CommandKind::kSegmentHelp;
      return command;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      if (!o.input.empty()) {
        return Usage(absl::StrCat("more than one INPUT given ('", o.input, "' and '",
                                  arg, "'); segment reads one file"));
      }
      o.input = arg;
      continue;
    }
    size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    auto flag = std::find_if(flags.begin(), flags.end(),
                             [&](const Flag& f) { return f.name == name; });
    if (flag == flags.end()) return Usage(UnknownFlagMessage(name, flags));
    std::string value;
    if (equals != std::string::npos) {
      if (flag->value_name.empty()) return Usage(absl::StrCat(name, " takes no value"));
      value = arg.substr(equals + 1);
    } else if (!flag->value_name.empty()) {
      if (i + 1 == args.size()) {
        return Usage(absl::StrCat(name, " needs a value: ", name, " ", flag->value_name));
      }
      value = args[++i];
    }
    if (absl::Status s = flag->apply(value); !s.ok()) {
      return Usage(absl::StrCat(name, " ", s.message()));
    }
  }
  if (absl::Status s = CheckSegment(o); !s.ok()) return s;
  o.csv.ingest.num_threads = o.num_threads;
  o.run.features.num_threads = o.num_threads;
  return command;
}

absl::StatusOr<Command> ParseRules(const std::vector<std::string>& args) {
  Command command;
  command.kind = CommandKind::kRules;
  if (args.size() == 2) {
    command.rules.show = args[1];
  } else if (args.size() == 3 && args[1] == "check") {
    command.rules.check = args[2];
  } else if (args.size() != 1) {
    return Usage("usage: 'tessera rules' lists the built-in rule files, 'tessera rules "
                 "NAME' prints one, 'tessera rules check FILE' checks a rule file");
  }
  return command;
}

absl::StatusOr<Command> ParseCompareTiers(const std::vector<std::string>& args) {
  Command command;
  command.kind = CommandKind::kCompareTiers;
  CompareOptions& o = command.compare;
  std::vector<std::string> files;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--moves") {
      if (i + 1 == args.size()) return Usage("--moves needs a value: --moves FILE");
      o.moves = args[++i];
    } else if (args[i].rfind("--moves=", 0) == 0) {
      o.moves = args[i].substr(8);
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return Usage(absl::StrCat("unknown option '", args[i],
                                "'; compare-tiers takes BEFORE AFTER [--moves FILE]"));
    } else {
      files.push_back(args[i]);
    }
  }
  if (files.size() != 2) {
    return Usage("compare-tiers needs two snapshot files, BEFORE and AFTER (written by "
                 "'tessera segment ... --save-tiers FILE')");
  }
  o.before = files[0];
  o.after = files[1];
  return command;
}

}  // namespace

absl::StatusOr<Command> ParseCommandLine(const std::vector<std::string>& args) {
  Command command;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() >= 2 && args[0] == "help" && args[1] == "segment") {
      command.kind = CommandKind::kSegmentHelp;
    }
    return command;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    command.kind = CommandKind::kVersion;
    return command;
  }
  if (args[0] == "strategies") {
    if (args.size() > 1) {
      return Usage(absl::StrCat("'tessera strategies' takes no arguments, got '",
                                args[1], "'"));
    }
    command.kind = CommandKind::kStrategies;
    return command;
  }
  if (args[0] == "segment") return ParseSegment(args);
  if (args[0] == "rules") return ParseRules(args);
  if (args[0] == "compare-tiers") return ParseCompareTiers(args);
  if (args[0].rfind("-", 0) == 0) {
    return Usage(absl::StrCat("unknown option '", args[0],
                              "'; options come after the command, as in "
                              "'tessera segment INPUT --customer COL ...'"));
  }
  return Usage(absl::StrCat("unknown command '", args[0],
                            "'; the commands are segment and strategies"));
}

}  // namespace tessera::cli
