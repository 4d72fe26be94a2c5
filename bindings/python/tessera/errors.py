"""The exceptions and warnings tessera raises.

The exception classes are those of the extension, so an error raised inside
the C++ core and one raised by the Python layer are caught the same way::

    try:
        tessera.RuleFile(text)
    except tessera.RuleSyntaxError as error:
        print(error)  # "rules:3:22: error: ...", the line and a caret

Every class derives from :class:`Error`; those about bad input also derive
from :class:`ValueError` and the "not found" one from :class:`LookupError`.
"""
from ._core import (
    Error,
    IngestError,
    InvalidInputError,
    NotFoundError,
    RuleSyntaxError,
    StrategyError,
)

__all__ = [
    "Error",
    "InvalidInputError",
    "IngestError",
    "RuleSyntaxError",
    "NotFoundError",
    "StrategyError",
    "TesseraWarning",
    "IngestWarning",
]


class TesseraWarning(UserWarning):
    """Something a person should know about a run (an empty RFM score, a rule
    no customer can reach); the same text is in ``Result.warnings``."""


class IngestWarning(TesseraWarning):
    """Rows were rejected under the lenient policy; ``Dataset.report`` counts
    them by reason and shows the first few with their row numbers."""
