"""The result of a run: per-customer features, scores and tiers, with the
segment summary, explanations and tier snapshots."""
from __future__ import annotations

import html
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core
from .dataset import Dataset, IngestReport
from .dates import _NANOSECOND_DAYS, days_to_datetime, from_day
from .errors import InvalidInputError, NotFoundError
from .tiers import TierSnapshot

_DATE_FEATURES = ("first_purchase", "last_purchase")
# Whole days times this are exact in float64 up to 2**17 days (86400e9 is
# 2**16 times an odd number below 2**31), beyond the nanosecond range.
_NANOSECONDS_PER_DAY = 86_400.0 * 1e9
_NAT_AS_FLOAT = -(2.0**63)  # exactly int64 min, which datetime64 reads as NaT
SUMMARY_COLUMNS = ["customers", "share", "revenue", "mean_recency", "mean_frequency",
                   "mean_monetary"]


class Explanation(str):
    """Why a customer has its tier: plain text that prints as itself in a
    notebook (no quotes, real line breaks)."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self)}</pre>"


def score_as_series_values(column: _core.ScoreColumn) -> Any:
    """A score column as float64 values (a read-only view of the result) or
    a pandas Categorical (codes -1 = unknown = NaN)."""
    if column.kind == "categorical":
        return pd.Categorical.from_codes(column.codes, categories=list(column.labels))
    return column.values


def frame_from_columns(columns: dict[str, Any], index: pd.Index, *,
                       owned: bool = False) -> pd.DataFrame:
    """A DataFrame of `columns` (1-D arrays or Categoricals, in order) that
    owns its values.

    ``pd.DataFrame(dict)`` stacks same-typed columns into one 2-D block, a
    copy. With columns that are views of the (read-only) result, one copy is
    needed, but any copy made before it is a second pass over 8 bytes per
    customer and column: so the float columns are copied straight into the
    block pandas keeps. With ``owned=True`` the arrays are the caller's to
    give away (fresh and writable, as ``_core.Result.take_columns`` hands
    them over): each becomes a block of its own and nothing is copied. The
    block manager is assembled the way pyarrow's ``to_pandas`` does; pandas
    versions whose internals differ get the plain constructor (which copies
    views once as well, and owned arrays not at all)."""
    names = list(columns)
    try:
        from pandas.core.internals import BlockManager
        from pandas.core.internals.api import make_block
    except ImportError:
        return _plain_frame(columns, index, owned)
    if owned:
        blocks = [_block_of(make_block, columns[name], i) for i, name in enumerate(names)]
    else:
        floats = [i for i, name in enumerate(names) if _is_float_array(columns[name])]
        block = np.empty((len(floats), len(index)), dtype=np.float64)
        for row, i in enumerate(floats):
            block[row] = columns[names[i]]
        blocks = [make_block(block, placement=floats)] if floats else []
        blocks += [_block_of(make_block, _owned_values(columns[name]), i)
                   for i, name in enumerate(names) if not _is_float_array(columns[name])]
    try:
        manager = BlockManager(blocks, [pd.Index(names), index])
    except (TypeError, ValueError):
        return _plain_frame(columns, index, owned)
    return pd.DataFrame(manager)


def days_to_datetime_in_place(days: np.ndarray) -> np.ndarray:
    """:func:`days_to_datetime` for a float array of days that is the
    caller's to overwrite: two passes over it and one new array instead of
    five, each fresh array costing its page faults."""
    if not days.size:
        return days_to_datetime(days)
    low, high = np.fmin.reduce(days), np.fmax.reduce(days)  # NaN only if all are NaN
    if not (_NANOSECOND_DAYS[0] <= low and high <= _NANOSECOND_DAYS[1]):
        return days_to_datetime(days)
    missing = np.isnan(days)
    np.trunc(days, out=days)
    np.multiply(days, _NANOSECONDS_PER_DAY, out=days)
    days[missing] = _NAT_AS_FLOAT
    return days.astype(np.int64).view("datetime64[ns]")


def _is_float_array(values: Any) -> bool:
    return isinstance(values, np.ndarray) and values.dtype == np.float64


def _owned_values(values: Any) -> Any:
    """A Categorical as it is (its codes are pandas' own), anything else as a
    new array."""
    return values if isinstance(values, pd.Categorical) else np.array(values)


def _block_of(make_block: Any, values: Any, position: int) -> Any:
    if isinstance(values, pd.Categorical):
        return make_block(values, placement=[position], ndim=2)
    return make_block(values.reshape(1, -1), placement=[position])


def _plain_frame(columns: dict[str, Any], index: pd.Index, owned: bool) -> pd.DataFrame:
    if owned:
        return pd.DataFrame(columns, index=index, copy=False)
    return pd.DataFrame({name: _owned_values(values) for name, values in columns.items()},
                        index=index)


class Result:
    """Features, strategy scores and rule-set tiers of every customer.

    Made by :func:`tessera.run`. ``to_frame()`` gives the table;
    ``summary()`` the segments with their customers and revenue; ``explain()``
    why a customer has its tier; ``tier_snapshot()`` what the next period's
    run needs; ``plot`` the charts of :mod:`tessera.plot`.
    """

    def __init__(self, core: _core.Result, dataset: Dataset) -> None:
        self._core = core
        self.dataset = dataset

    @property
    def core(self) -> _core.Result:
        """The extension's result object (zero-copy views of every column)."""
        return self._core

    @property
    def customer_count(self) -> int:
        """Customers scored (rows of :meth:`to_frame`)."""
        return self._core.customer_count

    @property
    def as_of(self) -> pd.Timestamp:
        """The analysis date: transactions after it were left out."""
        return from_day(self._core.as_of_day)

    @property
    def warnings(self) -> list[str]:
        """What a person should know: empty RFM scores, shadowed rules,
        unassigned customers, ..."""
        return list(self._core.warnings)

    @property
    def report(self) -> IngestReport:
        """What happened to every input row of the dataset."""
        return self.dataset.report

    @property
    def rule_sets(self) -> list[str]:
        """The rule sets applied, in order; each is a tier column."""
        return list(self._core.rule_set_names())

    @property
    def categorical_columns(self) -> list[str]:
        """Columns :meth:`summary` can group by: score columns, then host
        attributes."""
        return list(self._core.categorical_column_names())

    @property
    def plot(self) -> "_ResultPlots":
        """The charts of :mod:`tessera.plot`, for this result."""
        return _ResultPlots(self)

    def keys(self) -> pd.Index:
        """The customer keys in row order."""
        return self.dataset.keys()

    def to_frame(self, *, dates: bool = True) -> pd.DataFrame:
        """One row per customer, indexed by key.

        Parameters
        ----------
        dates : bool, default True
            first_purchase and last_purchase as datetime64 (NaT for a customer
            who never bought) rather than day numbers since 1970-01-01.

        Returns
        -------
        pandas.DataFrame
            Every feature (float64), then every score column in the order the
            strategies and rule sets wrote them: numeric ones float64,
            categorical ones (segments, classes, tiers) pandas Categorical in
            the core's label order (tiers: best first), unknown = NaN.
        """
        columns: dict[str, Any] = {}
        for name in self._core.feature_names():
            values = self._core.feature(name)
            if dates and name in _DATE_FEATURES:
                values = days_to_datetime(values)
            columns[name] = values
        for column in self._core.score_columns():
            columns[column.name] = score_as_series_values(column)
        return frame_from_columns(columns, self.keys())

    def _take_frame(self, *, dates: bool = True) -> pd.DataFrame:
        """:meth:`to_frame` without copying a column: the core hands its
        columns over to the frame (``_core.Result.take_columns``), after which
        this result can no longer read them (summary, explain, tier snapshots
        and to_frame raise). For :func:`tessera.segment`, which drops the
        result right after."""
        columns: dict[str, Any] = {}
        for name, values in self._core.take_columns().items():
            if isinstance(values, tuple):
                codes, labels = values
                values = pd.Categorical.from_codes(codes, categories=labels)
            elif dates and name in _DATE_FEATURES:
                values = days_to_datetime_in_place(values)
            columns[name] = values
        return frame_from_columns(columns, self.keys(), owned=True)

    def default_summary_column(self) -> str:
        """The first rule set's tier column, else rfm.segment, else the first
        categorical column."""
        if self.rule_sets:
            return self.rule_sets[0]
        names = self.categorical_columns
        if "rfm.segment" in names:
            return "rfm.segment"
        if names:
            return names[0]
        raise NotFoundError("this result has no categorical column to summarize by")

    def summary(self, column: Optional[str] = None, *, total: bool = True) -> pd.DataFrame:
        """Customers and revenue by segment (the core's segment summary).

        Parameters
        ----------
        column : str, optional
            A categorical column ("rfm.segment", a rule set, "abc.class", a
            host attribute); :meth:`default_summary_column` when not given.
        total : bool, default True
            Whether to end with the "total" row.

        Returns
        -------
        pandas.DataFrame
            Indexed by segment in label order (customers with no value last as
            "(unknown)"; empty segments left out): customers, share (0..1),
            revenue (sum of monetary), mean_recency (days, buyers only),
            mean_frequency, mean_monetary.
        """
        column = column or self.default_summary_column()
        rows = self._core.segment_summary(column)
        if not total:
            rows = rows[:-1]  # the total is always last, whatever the segment names
        frame = pd.DataFrame(
            [[getattr(row, name) for name in SUMMARY_COLUMNS] for row in rows],
            columns=SUMMARY_COLUMNS,
            index=pd.Index([row.segment for row in rows], name=column))
        return frame.astype({"customers": "int64"})

    def explain(self, customer: Any, rule_set: Optional[str] = None) -> Explanation:
        """Why one customer has its tier.

        Parameters
        ----------
        customer : int or str
            The customer's key (as in the index of :meth:`to_frame`); a
            whole-number float (17850.0, as pandas reads integer ids with
            gaps) stands for that integer key.
        rule_set : str, optional
            The rule set; the first one when not given.

        Returns
        -------
        Explanation
            The matched rule with the value of every name it read, then each
            earlier rule that did not match, with its values.
        """
        if rule_set is None:
            if not self.rule_sets:
                raise NotFoundError("this run applied no rules, so there is no tier to explain")
            rule_set = self.rule_sets[0]
        key = customer
        if isinstance(customer, (bool, np.bool_)):
            raise InvalidInputError(f"a customer key is an int or a str, not {customer!r}")
        if isinstance(customer, (int, np.integer)):
            key = int(customer)
        elif (isinstance(customer, (float, np.floating)) and float(customer).is_integer()
              and self.dataset.core.key_kind == "integer"):
            # pandas reads integer ids with gaps as floats (Online Retail's
            # 17850.0); the whole number is the key the frame's index shows.
            key = int(customer)
        index = self.dataset.core.find(key)
        return Explanation(self._core.explain(rule_set, index))

    def tier_snapshot(self, rule_set: Optional[str] = None) -> TierSnapshot:
        """Each customer's tier in ``rule_set`` (the first one by default) as
        of this run's date, to save and pass as the next run's
        ``previous_tiers``."""
        if rule_set is None:
            if not self.rule_sets:
                raise NotFoundError("this run applied no rules, so it has no tiers")
            rule_set = self.rule_sets[0]
        return TierSnapshot(self._core.tier_snapshot(rule_set))

    def __repr__(self) -> str:
        return (f"<tessera.Result: {self.customer_count} customers as of "
                f"{self.as_of.date()}, {len(self._core.score_columns())} score columns, "
                f"{len(self.warnings)} warnings>")

    def _repr_html_(self) -> str:
        return summary_html(self)


def _format_summary(frame: pd.DataFrame) -> str:
    shown = pd.DataFrame(index=frame.index)
    shown["customers"] = frame["customers"].map("{:,}".format)
    shown["share"] = frame["share"].map("{:.1%}".format)
    shown["revenue"] = frame["revenue"].map("{:,.2f}".format)
    for name, label in (("mean_recency", "recency"), ("mean_frequency", "frequency"),
                        ("mean_monetary", "monetary")):
        shown[label] = frame[name].map(lambda value: "" if value != value else f"{value:,.2f}")
    return shown.to_html(escape=True)


def summary_html(result: Result) -> str:
    """The notebook view of a result: what was read, the segments of the
    default column with counts, shares and revenue, and the warnings."""
    report = result.report
    reasons = ", ".join(f"{name} {count:,}"
                        for name, count in report.rejected_by_reason.items() if count)
    read = (f"Read {report.rows_read:,} rows: {report.rows_accepted:,} accepted, "
            f"{report.rows_rejected:,} rejected" + (f" ({reasons})" if reasons else "") + ".")
    parts = [f"<p><b>tessera</b>: {result.customer_count:,} customers as of "
             f"{result.as_of.date()}. {html.escape(read)}</p>"]
    try:
        column = result.default_summary_column()
        parts.append(f"<p>By <code>{html.escape(column)}</code>:</p>")
        parts.append(_format_summary(result.summary(column)))
    except NotFoundError:
        pass
    if result.warnings:
        items = "".join(f"<li>{html.escape(text)}</li>" for text in result.warnings)
        parts.append(f"<p>Warnings:</p><ul>{items}</ul>")
    return "\n".join(parts)


class _ResultPlots:
    """``result.plot.<chart>()``: the functions of :mod:`tessera.plot` bound
    to one result."""

    def __init__(self, result: Result) -> None:
        self._result = result

    def segment_sizes(self, column: Optional[str] = None, **kwargs: Any) -> Any:
        """See :func:`tessera.plot.segment_sizes`."""
        from . import plot
        return plot.segment_sizes(self._result, column=column, **kwargs)

    def rfm_heatmap(self, **kwargs: Any) -> Any:
        """See :func:`tessera.plot.rfm_heatmap`."""
        from . import plot
        return plot.rfm_heatmap(self._result, **kwargs)

    def cluster_profiles(self, **kwargs: Any) -> Any:
        """See :func:`tessera.plot.cluster_profiles`."""
        from . import plot
        return plot.cluster_profiles(self._result, **kwargs)
