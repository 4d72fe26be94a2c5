// tessera_tier_migration: two snapshots compared, read as a matrix, counts
// and a text table.
#include <memory>
#include <string>
#include <vector>

#include "arguments.h"
#include "errors.h"
#include "getter.h"
#include "handles.h"
#include "tessera/tier_history.h"

namespace tessera::capi {
namespace {

int Compare(tessera_tier_migration** out, const tessera_tier_snapshot* before,
            const tessera_tier_snapshot* after) {
  const char* function = "tessera_tier_snapshot_compare";
  if (int rc = NotNull(function, "out", out)) return rc;
  *out = nullptr;
  if (int rc = NotNull(function, "before", before)) return rc;
  if (int rc = NotNull(function, "after", after)) return rc;
  absl::StatusOr<TierMigration> migration =
      CompareTierSnapshots(before->snapshot, after->snapshot);
  if (!migration.ok()) return FailWith(function, migration.status());
  auto handle = std::make_unique<tessera_tier_migration>();
  handle->text = FormatTierMigration(*migration);
  handle->migration = *std::move(migration);
  *out = handle.release();
  return TESSERA_OK;
}

int64_t Count(const std::vector<std::string>& keys) { return static_cast<int64_t>(keys.size()); }

}  // namespace
}  // namespace tessera::capi

using tessera::capi::Get;

extern "C" {

int tessera_tier_snapshot_compare(tessera_tier_migration** out,
                                  const tessera_tier_snapshot* before,
                                  const tessera_tier_snapshot* after) {
  return tessera::capi::Guard("tessera_tier_snapshot_compare",
                              [&]() -> int { return tessera::capi::Compare(out, before, after); });
}

void tessera_tier_migration_free(tessera_tier_migration* migration) { delete migration; }

int tessera_tier_migration_tier_count(const tessera_tier_migration* migration, size_t* count) {
  return Get("tessera_tier_migration_tier_count", migration, "migration", count, "count",
             size_t{0}, [](const tessera_tier_migration& m, size_t& out) -> int {
               out = m.migration.tiers.size();
               return TESSERA_OK;
             });
}

int tessera_tier_migration_tier(const tessera_tier_migration* migration, size_t i,
                                const char** name) {
  const char* function = "tessera_tier_migration_tier";
  return Get(function, migration, "migration", name, "name", static_cast<const char*>(nullptr),
             [&](const tessera_tier_migration& m, const char*& out) -> int {
               const auto& tiers = m.migration.tiers;
               if (int rc = tessera::capi::Index(function, "i", i, tiers.size(), "tiers")) {
                 return rc;
               }
               out = tiers[i].c_str();
               return TESSERA_OK;
             });
}

int tessera_tier_migration_count(const tessera_tier_migration* migration, size_t from, size_t to,
                                 int64_t* count) {
  const char* function = "tessera_tier_migration_count";
  return Get(function, migration, "migration", count, "count", int64_t{0},
             [&](const tessera_tier_migration& m, int64_t& out) -> int {
               const size_t tiers = m.migration.tiers.size();
               if (int rc = tessera::capi::Index(function, "from", from, tiers, "tiers")) {
                 return rc;
               }
               if (int rc = tessera::capi::Index(function, "to", to, tiers, "tiers")) return rc;
               out = m.migration.counts[from][to];
               return TESSERA_OK;
             });
}

int tessera_tier_migration_counts(const tessera_tier_migration* migration,
                                  tessera_migration_counts* counts) {
  const char* function = "tessera_tier_migration_counts";
  return tessera::capi::Guard(function, [&]() -> int {
    if (int rc = tessera::capi::NotNull(function, "counts", counts)) return rc;
    if (int rc = tessera::capi::KnownVersion(function, "tessera_migration_counts",
                                             counts->version, TESSERA_MIGRATION_COUNTS_VERSION)) {
      return rc;
    }
    *counts = tessera_migration_counts{};
    counts->version = TESSERA_MIGRATION_COUNTS_VERSION;
    if (int rc = tessera::capi::NotNull(function, "migration", migration)) return rc;
    const tessera::TierMigration& m = migration->migration;
    counts->upgraded = tessera::capi::Count(m.upgraded);
    counts->downgraded = tessera::capi::Count(m.downgraded);
    counts->unchanged = tessera::capi::Count(m.unchanged);
    counts->added = tessera::capi::Count(m.added);
    counts->gone = tessera::capi::Count(m.gone);
    counts->rules_changed = m.rules_changed ? 1 : 0;
    return TESSERA_OK;
  });
}

int tessera_tier_migration_text(const tessera_tier_migration* migration, const char** text) {
  return Get("tessera_tier_migration_text", migration, "migration", text, "text",
             static_cast<const char*>(nullptr),
             [](const tessera_tier_migration& m, const char*& out) -> int {
               out = m.text.c_str();
               return TESSERA_OK;
             });
}

}  // extern "C"
