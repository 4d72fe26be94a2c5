"""Datasets: customers and their transactions, from pandas, numpy or a file."""
from __future__ import annotations

import html
import os
from typing import Any, Optional

import pandas as pd

from . import _core
from .dates import date_columns
from .frames import category_columns, customer_columns, key_columns, number_column, pick, \
    text_column

# The delimiter names from_csv documents, as the CLI's --delimiter takes them.
_DELIMITER_NAMES = {"tab": "\t", "space": " "}


class IngestReport:
    """What happened to every input row: ``rows_read = rows_accepted +
    rows_rejected``, the rejected rows counted by reason, the first few with
    their row (columns: 0-based) or line (files: 1-based)."""

    def __init__(self, core: _core.IngestReport) -> None:
        self._core = core

    source = property(lambda self: self._core.source, doc="File path, or 'columns'.")
    rows_read = property(lambda self: self._core.rows_read, doc="Rows read.")
    rows_accepted = property(lambda self: self._core.rows_accepted, doc="Rows kept.")
    rows_rejected = property(lambda self: self._core.rows_rejected, doc="Rows rejected.")
    return_rows = property(lambda self: self._core.return_rows,
                           doc="Accepted rows that are returns or cancellations.")

    @property
    def rejected_by_reason(self) -> dict[str, int]:
        """Rejected rows by reason name, every reason included."""
        return dict(self._core.rejected_by_reason)

    def summary(self) -> str:
        """One paragraph: "read N rows: A accepted, R rejected (...)"."""
        return self._core.summary()

    def to_frame(self) -> pd.DataFrame:
        """Rejected rows by reason: index ``reason``, column ``rows``."""
        reasons = self.rejected_by_reason
        frame = pd.DataFrame({"rows": pd.Series(reasons, dtype="int64")})
        frame.index.name = "reason"
        return frame

    def examples(self) -> pd.DataFrame:
        """The first rejected rows: ``row`` (or file line), ``column``,
        ``reason``, ``detail``."""
        return pd.DataFrame(self._core.examples, columns=["row", "column", "reason", "detail"])

    def __repr__(self) -> str:
        return f"<tessera.IngestReport: {self.summary()}>"

    def _repr_html_(self) -> str:
        parts = [f"<p>{html.escape(self.summary())}</p>"]
        reasons = self.to_frame()
        reasons = reasons[reasons["rows"] > 0]
        if len(reasons):
            parts.append(reasons.to_html())
            parts.append("<p>First rejected rows:</p>" + self.examples().to_html(index=False))
        return "\n".join(parts)


class Dataset:
    """Customers and their transactions, held by the C++ core.

    Build one with :meth:`from_frame`, :meth:`from_arrays` or
    :meth:`from_csv`, then score it with :func:`tessera.run`.
    """

    def __init__(self, core: _core.Dataset, key_name: str = "customer") -> None:
        self._core = core
        self.key_name = key_name

    @property
    def core(self) -> _core.Dataset:
        """The extension's dataset object."""
        return self._core

    @property
    def report(self) -> IngestReport:
        """What happened to every input row."""
        return IngestReport(self._core.report)

    @property
    def customer_count(self) -> int:
        """Customers: those with accepted rows, and those of the customer table."""
        return self._core.customer_count

    @property
    def transaction_count(self) -> int:
        """Accepted transaction rows."""
        return self._core.transaction_count

    @property
    def key_kind(self) -> str:
        """"integer" or "string"."""
        return self._core.key_kind

    def keys(self) -> pd.Index:
        """The customer keys in the row order of results."""
        return pd.Index(self._core.keys(), name=self.key_name)

    @classmethod
    def from_arrays(
        cls,
        *,
        customer: Any,
        date: Any,
        amount: Any = None,
        quantity: Any = None,
        unit_price: Any = None,
        category: Any = None,
        order_id: Any = None,
        customers: Optional[pd.DataFrame] = None,
        key_name: str = "customer",
        date_unit: Optional[str] = None,
        date_format: Optional[str] = None,
        policy: str = "lenient",
        cancellation_prefix: str = "C",
        num_threads: int = 0,
    ) -> "Dataset":
        """Builds a dataset from columns of equal length (numpy arrays, pandas
        Series, lists); see :meth:`from_frame` for what each one takes.
        ``key_name`` names the customer key (the index of results, and the
        key of ``customers``)."""
        columns: dict[str, Any] = {}
        columns.update(key_columns(customer, key_name))
        columns.update(date_columns(date, unit=date_unit, date_format=date_format))
        if amount is None:
            if quantity is None or unit_price is None:
                raise _core.InvalidInputError(
                    "give amount, or both quantity and unit_price (amount = quantity x unit price)")
            amount = number_column(quantity, "quantity") * number_column(unit_price, "unit_price")
        columns["amounts"] = number_column(amount, "amount")
        if quantity is not None:
            columns["quantities"] = number_column(quantity, "quantity")
        if category is not None:
            columns.update(category_columns(category))
        if order_id is not None:
            columns["order_ids"] = text_column(order_id, "order_id")
        if customers is not None:
            columns.update(customer_columns(customers, key_name))
        columns = {name: value for name, value in columns.items() if value is not None}
        core = _core.build_dataset(**columns, policy=policy,
                                   cancellation_prefix=cancellation_prefix,
                                   num_threads=num_threads)
        return cls(core, key_name)

    @classmethod
    def from_frame(cls, orders: Any, *, customer: Any, date: Any, amount: Any = None,
                   quantity: Any = None, unit_price: Any = None, category: Any = None,
                   order_id: Any = None, customers: Optional[pd.DataFrame] = None,
                   date_unit: Optional[str] = None, date_format: Optional[str] = None,
                   policy: str = "lenient", cancellation_prefix: str = "C",
                   num_threads: int = 0) -> "Dataset":
        """Builds a dataset from a DataFrame (or a dict of arrays) of orders.

        Parameters
        ----------
        orders : pandas.DataFrame or mapping of str to array
            One row per transaction line.
        customer, date, amount, quantity, unit_price, category, order_id : str or array
            Column names in ``orders`` (or index level names), or the values
            themselves. ``customer``: int, float (whole numbers, NaN = missing),
            text or categorical keys. ``date``: datetime64 of any unit,
            tz-aware (the date on the zone's own clock), text or date objects
            (unparsable = bad_date), or numbers with ``date_unit``. ``amount``:
            numbers, NaN = bad_amount; without it, amount = quantity x
            unit_price. ``order_id``: ids starting with ``cancellation_prefix``
            are cancellations.
        customers : pandas.DataFrame, optional
            Customer attributes keyed by a column or index level named like
            ``customer``; text columns become text attributes, numeric ones
            number attributes. Customers without transactions are prospects.
        date_unit : {"days", "seconds", "yyyymmdd"}, optional
            What numeric dates count.
        date_format : str, optional
            A strftime format for text dates; inferred when not given.
        policy : {"lenient", "strict"}
            Lenient skips bad rows and counts them in ``report``; strict
            raises IngestError naming the first bad row.

        Returns
        -------
        Dataset
            Columns whose dtype already fits the core (int64 keys, float64
            amounts, datetime64[s]) are borrowed, not copied, when every row
            is accepted: the dataset keeps them alive, so change such a
            column in place only after the dataset is gone.
        """
        return cls.from_arrays(
            customer=pick(orders, customer, "customer"),
            date=pick(orders, date, "date"),
            amount=None if amount is None else pick(orders, amount, "amount"),
            quantity=None if quantity is None else pick(orders, quantity, "quantity"),
            unit_price=None if unit_price is None else pick(orders, unit_price, "unit_price"),
            category=None if category is None else pick(orders, category, "category"),
            order_id=None if order_id is None else pick(orders, order_id, "order_id"),
            customers=customers,
            key_name=customer if isinstance(customer, str) else "customer",
            date_unit=date_unit, date_format=date_format, policy=policy,
            cancellation_prefix=cancellation_prefix, num_threads=num_threads)

    @classmethod
    def from_csv(cls, path: str | os.PathLike, *, customer: str, date: str, amount: str = "",
                 quantity: str = "", unit_price: str = "", category: str = "",
                 order_id: str = "", delimiter: str = ",", has_header: bool = True,
                 date_format: str = "auto", key_kind: str = "auto", policy: str = "lenient",
                 cancellation_prefix: str = "C", rejects_path: str = "",
                 num_threads: int = 0) -> "Dataset":
        """Reads a delimited file with the core's reader (the same as the
        ``tessera segment`` command, and much faster than pandas).

        Columns are header names, or "#N" (0-based) with ``has_header=False``;
        ``delimiter`` is a character, "tab", or "space" for runs of blanks;
        ``date_format`` is "auto", "iso", "iso_time" or "yyyymmdd";
        ``rejects_path`` (lenient) receives every skipped line with its reason.
        """
        delimiter = _DELIMITER_NAMES.get(delimiter, delimiter)
        core = _core.read_csv(
            os.fspath(path), customer=customer, date=date, amount=amount, quantity=quantity,
            unit_price=unit_price, category=category, order_id=order_id, delimiter=delimiter,
            has_header=has_header, date_format=date_format, key_kind=key_kind, policy=policy,
            cancellation_prefix=cancellation_prefix, rejects_path=rejects_path,
            num_threads=num_threads)
        return cls(core, "customer" if customer.startswith("#") else customer)

    def __repr__(self) -> str:
        return (f"<tessera.Dataset: {self.customer_count} customers, "
                f"{self.transaction_count} transactions ({self.key_kind} keys)>")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + self.report._repr_html_()

