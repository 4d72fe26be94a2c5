"""Type stubs for tessera._core, the pybind11 extension binding the C++ core.

The pure-Python package (tessera/__init__.py and friends) is the public face;
these objects are what it is built from, and are public too for everything
the one-call API does not cover.
"""
from typing import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

__version__: str

class Error(Exception):
    """Base class of every error tessera raises; str() is the core's message."""

class InvalidInputError(Error, ValueError):
    """A wrong argument or input value (absl InvalidArgument, OutOfRange,
    FailedPrecondition)."""

class IngestError(InvalidInputError):
    """A bad row under the strict policy: "row N: column 'x': reason: detail"."""

class RuleSyntaxError(InvalidInputError):
    """Rule text that does not parse or bind; the message holds
    "source:line:col: error: ...", the line and a caret."""

class NotFoundError(Error, LookupError):
    """An unknown file, strategy, column, rule set or customer key."""

class StrategyError(Error):
    """A Python-defined strategy raised; the original is the __cause__."""

class IngestReport:
    source: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    return_rows: int
    rejected_by_reason: dict[str, int]  # every reason name, zeros included
    # (line, column, reason, detail) of the first rejections, in input order.
    examples: list[tuple[int, str, str, str]]
    def summary(self) -> str: ...

class Dataset:
    customer_count: int
    transaction_count: int
    key_kind: str  # "integer" or "string"
    report: IngestReport
    def keys(self) -> npt.NDArray[np.int64] | npt.NDArray[np.object_]:
        """Customer keys in dense index order (the row order of results)."""
    def find(self, key: int | str) -> int:
        """Dense index of a key; NotFoundError when unknown."""
    def transaction_amounts(self) -> npt.NDArray[np.float64]:
        """The accepted rows' amounts, a read-only view of the dataset's
        column: it shares memory with the array given to build_dataset when
        that was borrowed."""
    def text_attribute_names(self) -> list[str]: ...
    def number_attribute_names(self) -> list[str]: ...

def build_dataset(
    *,
    int_keys: npt.NDArray[np.int64] | None = None,
    string_keys: Sequence[str | None] | npt.NDArray[np.object_] | None = None,
    missing_keys: npt.NDArray[np.bool_] | None = None,  # True: a missing key
    days: npt.NDArray[np.int32] | None = None,
    epoch_seconds: npt.NDArray[np.int64] | None = None,
    # datetime64[ns] viewed as int64, NaT (INT64_MIN) a bad date.
    epoch_nanoseconds: npt.NDArray[np.int64] | None = None,
    amounts: npt.NDArray[np.float64],
    quantities: npt.NDArray[np.float64] | None = None,
    category_codes: npt.NDArray[np.int32] | None = None,
    category_labels: Sequence[str] | None = None,
    categories: Sequence[str | None] | None = None,
    order_ids: Sequence[str | None] | None = None,
    customer_int_keys: npt.NDArray[np.int64] | None = None,
    customer_string_keys: Sequence[str] | None = None,
    text_attributes: Mapping[str, Sequence[str | None]] | None = None,
    number_attributes: Mapping[str, npt.NDArray[np.float64]] | None = None,
    policy: str = "lenient",  # or "strict"
    cancellation_prefix: str = "C",
    num_threads: int = 0,
) -> Dataset:
    """Builds a dataset from columns of equal length.

    C-contiguous int64 keys, int64 seconds or nanoseconds and float64
    amounts/quantities are borrowed without copying (the dataset keeps the
    arrays alive; do not change them while it lives); int32 days and
    category codes, which the core checks once and then computes with, are
    copied. Other dtypes raise InvalidInputError (the Python layer converts
    once before calling). A None or empty string key is a missing
    customer under the policy. Releases the GIL while building.
    """

def read_csv(
    path: str,
    *,
    customer: str,
    date: str,
    amount: str = "",
    quantity: str = "",
    unit_price: str = "",
    category: str = "",
    order_id: str = "",
    delimiter: str = ",",
    has_header: bool = True,
    date_format: str = "auto",  # "iso", "iso_time", "yyyymmdd"
    key_kind: str = "auto",  # "integer", "string"
    policy: str = "lenient",
    cancellation_prefix: str = "C",
    rejects_path: str = "",
    num_threads: int = 0,
) -> Dataset: ...

class RuleInfo:
    tier: str
    line: int
    text: str
    otherwise: bool
    demote_after: int

class RuleSetInfo:
    name: str
    rules: list[RuleInfo]
    tiers: list[str]
    fingerprint: str

class RuleFile:
    def __init__(self, text: str, source_name: str = "rules") -> None:
        """Parses rule text; RuleSyntaxError with line, column and caret."""
    sets: list[RuleSetInfo]
    source_name: str
    text: str

def builtin_rule_file(name: str) -> str: ...
def builtin_rule_file_names() -> list[str]: ...

def strategies() -> list[tuple[str, str]]:
    """(name, description) of every built-in strategy."""

class ScoreColumn:
    name: str
    kind: str  # "numeric" or "categorical"
    values: npt.NDArray[np.float64] | None  # numeric: read-only view
    codes: npt.NDArray[np.int32] | None  # categorical: read-only view, -1 = none
    labels: list[str] | None  # categorical: in the column's stated order

class SegmentSummaryRow:
    segment: str
    customers: int
    share: float
    revenue: float
    mean_recency: float
    mean_frequency: float
    mean_monetary: float

class Result:
    dataset: Dataset
    customer_count: int
    as_of_day: int
    warnings: list[str]
    def feature_names(self) -> list[str]: ...
    def feature(self, name: str) -> npt.NDArray[np.float64]:
        """Read-only view sharing the result's memory (no copy)."""
    def score_columns(self) -> list[ScoreColumn]: ...
    def score(self, name: str) -> ScoreColumn: ...
    def rule_set_names(self) -> list[str]: ...
    def explain(self, rule_set: str, customer: int) -> str:
        """Why dense customer index `customer` has its tier in `rule_set`."""
    def tier_snapshot(self, rule_set: str) -> TierSnapshot: ...
    def segment_summary(self, column: str) -> list[SegmentSummaryRow]:
        """Rows in label order, then the total row (segment "total") last."""
    def categorical_column_names(self) -> list[str]: ...
    def take_columns(
        self,
    ) -> dict[str, npt.NDArray[np.float64] | tuple[npt.NDArray[np.int32], list[str]]]:
        """Moves every column out of the result, without a copy: features then
        scores in order, numeric ones as float64 arrays, categorical ones as
        (int32 codes, -1 = none; labels). The arrays are writable and own
        their memory (a capsule holding the core's vector is their base). Raises
        InvalidInputError, taking nothing, while explain runs on another thread.

        The result is consumed: feature, score, score_columns, explain,
        tier_snapshot, segment_summary and take_columns then raise
        InvalidInputError ("... columns were handed over by take_columns()").
        The dataset, names, warnings and rule set names stay readable. Views
        handed out before (feature, score) stay valid and read the taken
        arrays' memory, which the result then keeps alive as long as it lives."""

class TierSnapshot:
    rule_set: str
    fingerprint: str
    as_of_day: int
    tiers: list[str]
    keys: list[str]
    tier: npt.NDArray[np.int32]
    held_periods: npt.NDArray[np.int32]
    def save(self, path: str) -> None: ...
    @staticmethod
    def load(path: str) -> TierSnapshot: ...

class TierMigration:
    tiers: list[str]
    counts: npt.NDArray[np.int64]  # [from, to]
    new_by_tier: npt.NDArray[np.int64]
    gone_by_tier: npt.NDArray[np.int64]
    upgraded: list[str]
    downgraded: list[str]
    unchanged: list[str]
    added: list[str]
    gone: list[str]
    rules_changed: bool
    def text(self) -> str: ...

def compare_tiers(before: TierSnapshot, after: TierSnapshot) -> TierMigration: ...

# The process-wide scratch cache (tessera/memory.h): freed large arrays kept
# for the next run, up to a limit of 1 GiB unless set.
def set_scratch_cache_limit(bytes: int) -> None:
    """InvalidInputError (a ValueError) when negative; above 2**63 - 1 is no
    limit. A lower limit frees the excess at once; 0 keeps nothing."""
def scratch_cache_limit() -> int: ...
def scratch_cache_size() -> int:
    """Bytes kept for reuse now."""
def release_scratch_cache() -> None: ...

# A Python-defined strategy: called once per run, with the GIL held, with
# read-only numpy views of every feature and every numeric score computed so
# far ({"recency_days": ..., "rfm.r": ...}). It returns {output: values},
# where values is a float array of customer_count values (a numeric column)
# or a (codes int32 array, labels list) pair (a categorical column). Columns
# are named "<strategy>.<output>".
PythonStrategy = Callable[[Mapping[str, npt.NDArray[np.float64]]], Mapping[str, object]]

def run(
    dataset: Dataset,
    *,
    strategies: Sequence[tuple[str, str]] = (("rfm", ""),),
    rules: Sequence[RuleFile] = (),
    previous_tiers: Mapping[str, TierSnapshot] | None = None,
    python_strategies: Mapping[str, PythonStrategy] | None = None,
    as_of_day: int | None = None,  # None: the day after the last transaction
    frequency: str = "auto",  # "rows", "orders", "days"
    returns: str = "net",  # "exclude"
    btyd_period_days: float = 7.0,
    num_threads: int = 0,
) -> Result:
    """Features, then each strategy in order (names in `python_strategies`
    resolve to those callables, parameters must be ""), then each rule file.
    Releases the GIL except while a Python strategy runs."""
