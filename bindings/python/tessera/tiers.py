"""Tiers over time: snapshots of a rule set's tiers, and how customers moved
between two of them.

::

    march = tessera.run(ds, rules=rules, as_of="2011-03-31").tier_snapshot()
    march.save("march.tiers")
    april = tessera.run(ds, rules=rules, as_of="2011-04-30",
                        previous_tiers=tessera.TierSnapshot.load("march.tiers"))
    tessera.compare_tiers(march, april.tier_snapshot()).matrix
"""
from __future__ import annotations

import html
import os
from typing import Any, Iterable, Mapping, Union

import numpy as np
import pandas as pd

from . import _core
from .dates import from_day
from .errors import InvalidInputError


class TierSnapshot:
    """Each customer's tier in one rule set as of one date, with how many
    periods it has failed its tier's rule (for ``demote after N periods``).
    Save it and pass it as ``previous_tiers`` to the next period's run."""

    def __init__(self, core: _core.TierSnapshot) -> None:
        self._core = core

    @property
    def core(self) -> _core.TierSnapshot:
        """The extension's snapshot object."""
        return self._core

    rule_set = property(lambda self: self._core.rule_set, doc="The rule set's name.")
    fingerprint = property(lambda self: self._core.fingerprint,
                           doc="Identifies the rule set's rules (not comments or spacing).")
    tiers = property(lambda self: list(self._core.tiers), doc="Tier names, best first.")

    @property
    def as_of(self) -> pd.Timestamp:
        """The as-of date of the run that made it."""
        return from_day(self._core.as_of_day)

    def __len__(self) -> int:
        return len(self._core.keys)

    def to_frame(self) -> pd.DataFrame:
        """One row per customer, indexed by key (as text): ``tier``
        (Categorical, best tier first) and ``held_periods``."""
        tier = pd.Categorical.from_codes(np.asarray(self._core.tier), categories=self.tiers)
        return pd.DataFrame(
            {"tier": tier, "held_periods": np.array(self._core.held_periods, dtype=np.int64)},
            index=pd.Index(list(self._core.keys), name="customer"))

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the snapshot to ``path`` (text; the format is the CLI's
        ``--save-tiers``)."""
        self._core.save(os.fspath(path))

    @classmethod
    def load(cls, path: Union[str, os.PathLike]) -> "TierSnapshot":
        """Reads a snapshot written by :meth:`save` or ``tessera segment
        --save-tiers``."""
        return cls(_core.TierSnapshot.load(os.fspath(path)))

    def __repr__(self) -> str:
        return (f"<tessera.TierSnapshot {self.rule_set!r} as of {self.as_of.date()}: "
                f"{len(self)} customers>")


class TierMigration:
    """How customers moved between two snapshots of one rule set."""

    def __init__(self, core: _core.TierMigration) -> None:
        self._core = core

    tiers = property(lambda self: list(self._core.tiers), doc="Tier names, best first.")
    upgraded = property(lambda self: list(self._core.upgraded), doc="Keys moved to a better tier.")
    downgraded = property(lambda self: list(self._core.downgraded),
                          doc="Keys moved to a worse tier.")
    unchanged = property(lambda self: list(self._core.unchanged), doc="Keys in the same tier.")
    added = property(lambda self: list(self._core.added), doc="Keys only in the later snapshot.")
    gone = property(lambda self: list(self._core.gone), doc="Keys only in the earlier snapshot.")
    rules_changed = property(lambda self: self._core.rules_changed,
                             doc="Whether the two snapshots' rule fingerprints differ.")

    @property
    def matrix(self) -> pd.DataFrame:
        """Customers by tier before (rows, "from") and after (columns, "to")."""
        return pd.DataFrame(np.asarray(self._core.counts, dtype=np.int64),
                            index=pd.Index(self.tiers, name="from"),
                            columns=pd.Index(self.tiers, name="to"))

    @property
    def new_by_tier(self) -> pd.Series:
        """Customers only in the later snapshot, by their tier there."""
        return pd.Series(np.asarray(self._core.new_by_tier, dtype=np.int64),
                         index=pd.Index(self.tiers, name="tier"), name="new")

    @property
    def gone_by_tier(self) -> pd.Series:
        """Customers only in the earlier snapshot, by their tier there."""
        return pd.Series(np.asarray(self._core.gone_by_tier, dtype=np.int64),
                         index=pd.Index(self.tiers, name="tier"), name="gone")

    def moves(self) -> pd.DataFrame:
        """Every customer key with its change: upgraded, downgraded,
        unchanged, added or gone."""
        groups = ["upgraded", "downgraded", "unchanged", "added", "gone"]
        keys = [key for group in groups for key in getattr(self._core, group)]
        change = [group for group in groups for _ in getattr(self._core, group)]
        return pd.DataFrame({"customer": keys,
                             "change": pd.Categorical(change, categories=groups)})

    def text(self) -> str:
        """The migration matrix and the counts as plain text (the CLI's
        ``compare-tiers`` output)."""
        return self._core.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        counts = (f"{len(self.upgraded)} upgraded, {len(self.downgraded)} downgraded, "
                  f"{len(self.unchanged)} unchanged, {len(self.added)} new, "
                  f"{len(self.gone)} gone.")
        note = " The rules changed between the snapshots." if self.rules_changed else ""
        return self.matrix.to_html() + f"<p>{html.escape(counts + note)}</p>"


SnapshotLike = Union[TierSnapshot, _core.TierSnapshot, str, os.PathLike]


def as_core_snapshot(snapshot: SnapshotLike) -> _core.TierSnapshot:
    """A snapshot object, or the path of a saved one, as the extension's."""
    if isinstance(snapshot, TierSnapshot):
        return snapshot.core
    if isinstance(snapshot, _core.TierSnapshot):
        return snapshot
    if isinstance(snapshot, (str, os.PathLike)):
        return _core.TierSnapshot.load(os.fspath(snapshot))
    raise InvalidInputError(f"cannot use {type(snapshot).__name__} as a tier snapshot")


def previous_by_set(previous: Any) -> dict[str, _core.TierSnapshot]:
    """``previous_tiers`` as the core wants it: snapshots by rule set name.
    Takes one snapshot (or path), a list of them, or a mapping."""
    if previous is None:
        return {}
    if isinstance(previous, Mapping):
        return {str(name): as_core_snapshot(item) for name, item in previous.items()}
    if isinstance(previous, (TierSnapshot, _core.TierSnapshot, str, os.PathLike)):
        previous = [previous]
    if not isinstance(previous, Iterable):
        raise InvalidInputError(
            f"previous_tiers: expected a snapshot, a path, a list or a dict of them, got "
            f"{type(previous).__name__}")
    snapshots = [as_core_snapshot(item) for item in previous]
    return {snapshot.rule_set: snapshot for snapshot in snapshots}


def compare_tiers(before: SnapshotLike, after: SnapshotLike) -> TierMigration:
    """How customers moved between two snapshots of one rule set.

    Parameters
    ----------
    before, after : TierSnapshot or path
        The earlier and the later snapshot (objects or saved files).

    Returns
    -------
    TierMigration
        ``matrix`` (from x to), the lists of upgraded, downgraded, unchanged,
        added and gone customers, and ``text()``.
    """
    return TierMigration(_core.compare_tiers(as_core_snapshot(before), as_core_snapshot(after)))
