"""The two calls most analyses need: :func:`segment` (orders in, one row per
customer out) and :func:`run` (a dataset in, a :class:`~tessera.Result` out)."""
from __future__ import annotations

import warnings
from typing import Any, Optional

import pandas as pd

from . import _core
from . import rules as rules_module
from . import scoring
from .dataset import Dataset
from .dates import to_day
from .errors import IngestWarning, InvalidInputError, TesseraWarning
from .result import Result
from .tiers import previous_by_set


def run(
    dataset: Dataset,
    *,
    strategies: Any = ("rfm",),
    rules: Any = None,
    as_of: Any = None,
    previous_tiers: Any = None,
    frequency: str = "auto",
    returns: str = "net",
    btyd_period_days: float = 7.0,
    num_threads: int = 0,
) -> Result:
    """Scores every customer of a dataset.

    Features first, then each strategy in order (a later one can read an
    earlier one's scores), then each rule file in order; all in the C++
    core, on all cores, with the same result for any thread count.

    Parameters
    ----------
    dataset : Dataset
        From :meth:`Dataset.from_frame`, :meth:`Dataset.from_arrays` or
        :meth:`Dataset.from_csv`.
    strategies : sequence, default ("rfm",)
        Each item "rfm", "rfm:bins=4", ("rfm", {"bins": 4}), ("rfm", "bins=4"),
        or a Python strategy (:class:`Strategy` or :func:`strategy`).
        :func:`tessera.strategies` lists the built-in ones.
    rules : str, RuleFile, pathlib.Path or list of them, optional
        Rule text, a parsed :class:`RuleFile`, "builtin:rfm_segments", or a
        path of a rule file. Each rule set adds a tier column and
        "<set>.rule".
    as_of : str, datetime.date, pandas.Timestamp or numpy.datetime64, optional
        The analysis date; later transactions are left out. Default: the day
        after the last transaction.
    previous_tiers : TierSnapshot, path, list or dict of them, optional
        Last period's snapshots, for ``demote after N periods``.
    frequency : {"auto", "rows", "orders", "days"}
        What counts as one purchase (auto: orders when there are order ids).
    returns : {"net", "exclude"}
        Returns reduce monetary (net) or are ignored.
    btyd_period_days : float, default 7
        Unit of the x, t_x, T features (weeks).
    num_threads : int, default 0
        Worker threads; 0 uses every core.

    Returns
    -------
    Result
    """
    if not isinstance(dataset, Dataset):
        raise InvalidInputError(
            f"run: expected a tessera.Dataset, got {type(dataset).__name__} (build one with "
            "Dataset.from_frame, or call tessera.segment on a DataFrame)")
    pairs, python_strategies = scoring.resolve(strategies)
    core = _core.run(
        dataset.core,
        strategies=pairs,
        rules=rules_module.resolve(rules),
        previous_tiers=previous_by_set(previous_tiers),
        python_strategies=python_strategies or None,
        as_of_day=to_day(as_of),
        frequency=frequency,
        returns=returns,
        btyd_period_days=btyd_period_days,
        num_threads=num_threads,
    )
    return Result(core, dataset)


def segment(
    orders: Any,
    *,
    customer: Any,
    date: Any,
    amount: Any = None,
    quantity: Any = None,
    unit_price: Any = None,
    category: Any = None,
    order_id: Any = None,
    customers: Optional[pd.DataFrame] = None,
    as_of: Any = None,
    strategies: Any = ("rfm",),
    rules: Any = None,
    previous_tiers: Any = None,
    policy: str = "lenient",
    frequency: str = "auto",
    returns: str = "net",
    date_unit: Optional[str] = None,
    date_format: Optional[str] = None,
    cancellation_prefix: str = "C",
    btyd_period_days: float = 7.0,
    num_threads: int = 0,
) -> pd.DataFrame:
    """Segments customers from a table of orders, in one call.

    Examples
    --------
    >>> customers = tessera.segment(
    ...     orders, customer="CustomerID", date="InvoiceDate",
    ...     quantity="Quantity", unit_price="UnitPrice", order_id="InvoiceNo",
    ...     as_of="2011-12-10", strategies=["rfm", "abc", "lifecycle"],
    ...     rules="builtin:rfm_segments")
    >>> customers["rfm.segment"].value_counts()

    Parameters
    ----------
    orders : pandas.DataFrame or mapping of str to array
        One row per transaction line.
    customer, date, amount, quantity, unit_price, category, order_id
        Column names in ``orders`` or the values themselves; see
        :meth:`Dataset.from_frame` for the dtypes each takes. Without
        ``amount``, amount = quantity x unit_price.
    customers : pandas.DataFrame, optional
        Customer attributes (and prospects: customers without orders).
    as_of, strategies, rules, previous_tiers, frequency, returns
        As in :func:`run`.
    policy : {"lenient", "strict"}
        Lenient skips bad rows (a missing customer, a bad date or amount),
        counts them and warns with :class:`IngestWarning`; strict raises
        :class:`IngestError` naming the first bad row.
    date_unit, date_format, cancellation_prefix
        As in :meth:`Dataset.from_frame`.

    Returns
    -------
    pandas.DataFrame
        One row per customer, indexed by key (index name = ``customer``):
        every feature, every score (categorical ones as pandas Categorical in
        the core's label order), every rule set's tier (best tier first) and
        "<set>.rule". For the summary, explanations and tier snapshots, use
        :meth:`Dataset.from_frame` and :func:`run`, which return objects.

    Warns
    -----
    IngestWarning
        When rows were rejected (lenient policy).
    TesseraWarning
        With each of the run's warnings (an empty RFM score, a shadowed rule).
    """
    dataset = Dataset.from_frame(
        orders, customer=customer, date=date, amount=amount, quantity=quantity,
        unit_price=unit_price, category=category, order_id=order_id, customers=customers,
        date_unit=date_unit, date_format=date_format, policy=policy,
        cancellation_prefix=cancellation_prefix, num_threads=num_threads)
    report = dataset.report
    if report.rows_rejected:
        warnings.warn(f"tessera: {report.summary()}", IngestWarning, stacklevel=2)
    result = run(dataset, strategies=strategies, rules=rules, as_of=as_of,
                 previous_tiers=previous_tiers, frequency=frequency, returns=returns,
                 btyd_period_days=btyd_period_days, num_threads=num_threads)
    for text in result.warnings:
        warnings.warn(f"tessera: {text}", TesseraWarning, stacklevel=2)
    # Nothing else sees this result: its columns become the frame's, uncopied.
    return result._take_frame()
