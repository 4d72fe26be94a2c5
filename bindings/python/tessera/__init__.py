"""tessera: customer segmentation for pandas, computed by a C++ core.

One call for the common case::

    import tessera
    customers = tessera.segment(
        orders, customer="CustomerID", date="InvoiceDate", amount="amount",
        as_of="2011-12-10", strategies=["rfm", "abc", "lifecycle"],
        rules="builtin:rfm_segments")

gives a DataFrame indexed by customer with every feature (recency_days,
frequency, monetary, ...), every score (rfm.r, rfm.segment, abc.class, ...)
and every rule set's tier. The objects behind it do the rest:
:class:`Dataset` (with its ingest :class:`IngestReport`), :func:`run` and its
:class:`Result` (``summary()``, ``explain()``, ``tier_snapshot()``, a notebook
view), :class:`RuleFile`, :class:`Strategy` for strategies written in Python,
:class:`TierSnapshot` and :func:`compare_tiers`, the charts in
:mod:`tessera.plot` (matplotlib, imported only when a chart is drawn), and
the limit of the memory kept between runs (:mod:`tessera.memory`).
"""
__version__ = "1.1.0"

from . import _core

if _core.__version__ != __version__:
    raise ImportError(
        f"tessera: the extension tessera._core is version {_core.__version__} but the "
        f"package is {__version__}; rebuild the extension (ninja tessera_python) so "
        "both come from the same checkout")

from . import plot
from .api import run, segment
from .dataset import Dataset, IngestReport
from .errors import (
    Error,
    IngestError,
    IngestWarning,
    InvalidInputError,
    NotFoundError,
    RuleSyntaxError,
    StrategyError,
    TesseraWarning,
)
from .memory import (
    release_scratch_cache,
    scratch_cache_limit,
    scratch_cache_size,
    set_scratch_cache_limit,
)
from .result import Explanation, Result
from .rules import RuleFile, builtin_rule_names, builtin_rules
from .scoring import Strategy, register, strategies, strategy
from .tiers import TierMigration, TierSnapshot, compare_tiers

__all__ = [
    "__version__",
    "segment",
    "run",
    "Dataset",
    "IngestReport",
    "Result",
    "Explanation",
    "RuleFile",
    "builtin_rules",
    "builtin_rule_names",
    "Strategy",
    "strategy",
    "register",
    "strategies",
    "TierSnapshot",
    "TierMigration",
    "compare_tiers",
    "plot",
    "set_scratch_cache_limit",
    "scratch_cache_limit",
    "scratch_cache_size",
    "release_scratch_cache",
    "Error",
    "InvalidInputError",
    "IngestError",
    "RuleSyntaxError",
    "NotFoundError",
    "StrategyError",
    "TesseraWarning",
    "IngestWarning",
]
