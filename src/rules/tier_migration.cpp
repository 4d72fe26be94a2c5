// How customers moved between the tiers of two snapshots of one rule set,
// and that movement as a table for people.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "tessera/tier_history.h"

namespace tessera {
namespace {

// Sizes agree and every tier indexes the tier list, so the comparison below
// never reads out of bounds whatever a caller built by hand.
absl::Status CheckShape(const TierSnapshot& s, const char* which) {
  if (s.tier.size() != s.keys.size()) {
    return absl::InvalidArgumentError(absl::StrCat("the ", which, " snapshot has ", s.keys.size(),
                                                   " keys but ", s.tier.size(), " tiers"));
  }
  for (int32_t t : s.tier) {
    if (t < 0 || static_cast<size_t>(t) >= s.tiers.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the ", which, " snapshot gives a customer tier ", t, " of ", s.tiers.size()));
    }
  }
  return absl::OkStatus();
}

// Key text to position, refusing duplicates: a key in a snapshot twice has
// no single tier to move from.
absl::StatusOr<absl::flat_hash_map<absl::string_view, size_t>> IndexKeys(const TierSnapshot& s,
                                                                         const char* which) {
  absl::flat_hash_map<absl::string_view, size_t> index;
  index.reserve(s.keys.size());
  for (size_t i = 0; i < s.keys.size(); ++i) {
    if (!index.emplace(s.keys[i], i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer '", s.keys[i], "' appears twice in the ", which, " snapshot"));
    }
  }
  return index;
}

// The union of both tier lists, ranked best first: the later order, then
// tiers only the earlier one had, with kUnassignedTier last of all.
std::vector<std::string> UnionTiers(const TierSnapshot& before, const TierSnapshot& after) {
  std::vector<std::string> tiers;
  bool unassigned = false;
  auto add = [&](const std::string& label) {
    if (label == kUnassignedTier) {
      unassigned = true;
    } else if (std::find(tiers.begin(), tiers.end(), label) == tiers.end()) {
      tiers.push_back(label);
    }
  };
  for (const std::string& label : after.tiers) add(label);
  for (const std::string& label : before.tiers) add(label);
  if (unassigned) tiers.emplace_back(kUnassignedTier);
  return tiers;
}

// Maps a snapshot's tier indices to rows of the union.
std::vector<size_t> RowsOf(const TierSnapshot& s, const std::vector<std::string>& tiers) {
  std::vector<size_t> rows;
  for (const std::string& label : s.tiers) {
    rows.push_back(
        static_cast<size_t>(std::find(tiers.begin(), tiers.end(), label) - tiers.begin()));
  }
  return rows;
}

// Columns are aligned by code points, so labels in any script line up; line
// breaks and tabs in a label would break the table and become spaces.
std::string CellText(const std::string& text) {
  std::string out = text;
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return out;
}

size_t Width(const std::string& text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

void Pad(const std::string& text, size_t width, bool left, std::string& out) {
  size_t fill = width > Width(text) ? width - Width(text) : 0;
  if (!left) out.append(fill, ' ');
  out += text;
  if (left) out.append(fill, ' ');
}

}  // namespace

absl::StatusOr<TierMigration> CompareTierSnapshots(const TierSnapshot& before,
                                                   const TierSnapshot& after) {
  if (before.rule_set != after.rule_set) {
    return absl::InvalidArgumentError(absl::StrCat("the snapshots are of different rule sets ('",
                                                   before.rule_set, "' and '", after.rule_set,
                                                   "'); compare two snapshots of one rule set"));
  }
  for (absl::Status status : {CheckShape(before, "earlier"), CheckShape(after, "later")}) {
    if (!status.ok()) return status;
  }
  absl::StatusOr<absl::flat_hash_map<absl::string_view, size_t>> before_index =
      IndexKeys(before, "earlier");
  if (!before_index.ok()) return before_index.status();
  absl::StatusOr<absl::flat_hash_map<absl::string_view, size_t>> after_index =
      IndexKeys(after, "later");
  if (!after_index.ok()) return after_index.status();

  TierMigration m;
  m.tiers = UnionTiers(before, after);
  size_t n = m.tiers.size();
  m.counts.assign(n, std::vector<int64_t>(n, 0));
  m.new_by_tier.assign(n, 0);
  m.gone_by_tier.assign(n, 0);
  m.rules_changed = before.fingerprint != after.fingerprint;
  std::vector<size_t> before_rows = RowsOf(before, m.tiers);
  std::vector<size_t> after_rows = RowsOf(after, m.tiers);

  for (size_t i = 0; i < after.keys.size(); ++i) {
    size_t to = after_rows[static_cast<size_t>(after.tier[i])];
    auto found = before_index->find(after.keys[i]);
    if (found == before_index->end()) {
      ++m.new_by_tier[to];
      m.added.push_back(after.keys[i]);
      continue;
    }
    size_t from = before_rows[static_cast<size_t>(before.tier[found->second])];
    ++m.counts[from][to];
    // Rows are ranks: a smaller row is a better tier.
    std::vector<std::string>& list = to < from   ? m.upgraded
                                     : to > from ? m.downgraded
                                                 : m.unchanged;
    list.push_back(after.keys[i]);
  }
  for (size_t i = 0; i < before.keys.size(); ++i) {
    if (after_index->contains(before.keys[i])) continue;
    ++m.gone_by_tier[before_rows[static_cast<size_t>(before.tier[i])]];
    m.gone.push_back(before.keys[i]);
  }
  return m;
}

std::string FormatTierMigration(const TierMigration& migration) {
  size_t n = migration.tiers.size();
  // Rows of text cells: the header, one per tier, then totals, new and gone.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"from \\ to"};
  for (const std::string& label : migration.tiers) header.push_back(CellText(label));
  header.emplace_back("total");
  rows.push_back(std::move(header));
  std::vector<int64_t> column_totals(n + 1, 0);
  for (size_t from = 0; from < n; ++from) {
    std::vector<std::string> row = {CellText(migration.tiers[from])};
    int64_t total = 0;
    for (size_t to = 0; to < n; ++to) {
      int64_t count = from < migration.counts.size() && to < migration.counts[from].size()
                          ? migration.counts[from][to]
                          : 0;
      row.push_back(absl::StrCat(count));
      total += count;
      column_totals[to] += count;
    }
    column_totals[n] += total;
    row.push_back(absl::StrCat(total));
    rows.push_back(std::move(row));
  }
  auto summary_row = [&](const char* name, const std::vector<int64_t>* values) {
    std::vector<std::string> row = {name};
    int64_t total = 0;
    for (size_t t = 0; t < n; ++t) {
      int64_t value = values == nullptr ? column_totals[t] : t < values->size() ? (*values)[t] : 0;
      row.push_back(absl::StrCat(value));
      total += value;
    }
    row.push_back(absl::StrCat(values == nullptr ? column_totals[n] : total));
    rows.push_back(std::move(row));
  };
  summary_row("total", nullptr);
  summary_row("new", &migration.new_by_tier);
  summary_row("gone", &migration.gone_by_tier);

  std::vector<size_t> widths(n + 2, 0);
  for (const std::vector<std::string>& row : rows) {
    for (size_t j = 0; j < row.size(); ++j) widths[j] = std::max(widths[j], Width(row[j]));
  }
  std::string out;
  for (const std::vector<std::string>& row : rows) {
    for (size_t j = 0; j < row.size(); ++j) {
      if (j > 0) out += "  ";
      // Labels align left and counts right, so no line ends in blanks.
      Pad(row[j], widths[j], j == 0, out);
    }
    out.push_back('\n');
  }
  if (migration.rules_changed) {
    out +=
        "The rules changed between the two snapshots (the fingerprints differ), so these "
        "moves mix changes in customers with changes in the rules.\n";
  }
  return out;
}

}  // namespace tessera
