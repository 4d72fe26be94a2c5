"""Rule files: tiers in text a business analyst can read.

::

    rules = tessera.RuleFile('''
    ruleset "service"
    tier "Key account" when abc == "A" and rfm.f >= 4
    tier "Standard"    when frequency >= 1
    tier "Prospect"    otherwise
    ''')

The language (conditions, missing values, several rule sets, ``demote after
N periods``) is described in the project README and include/tessera/rules.h.
"""
from __future__ import annotations

import html
import os
from typing import Any, Iterable

from . import _core
from .errors import InvalidInputError, NotFoundError

_BUILTIN_PREFIX = "builtin:"


class RuleFile(_core.RuleFile):
    """A parsed rule file.

    Parameters
    ----------
    text : str
        The rules.
    source_name : str, default "rules"
        The name errors and explanations give the text ("rules:3:22: ...").

    Raises
    ------
    tessera.RuleSyntaxError
        When the text does not parse; the message holds the line, the column,
        the text with a caret under the error, and what was expected.
    """

    def __init__(self, text: str, source_name: str = "rules") -> None:
        super().__init__(text, source_name)

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> "RuleFile":
        """Reads and parses the rule file at ``path`` (UTF-8); errors name the
        file."""
        try:
            with open(path, encoding="utf-8") as stream:
                text = stream.read()
        except FileNotFoundError as error:
            raise NotFoundError(f"cannot open rule file '{os.fspath(path)}': {error.strerror}") \
                from error
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInputError(f"cannot read rule file '{os.fspath(path)}': {error}") \
                from error
        return cls(text, os.fspath(path))

    @property
    def set_names(self) -> list[str]:
        """The rule sets' names in file order; each becomes a tier column."""
        return [rule_set.name for rule_set in self.sets]

    def __repr__(self) -> str:
        sets = ", ".join(f"{s.name!r} ({len(s.rules)} rules)" for s in self.sets)
        return f"<tessera.RuleFile {self.source_name!r}: {sets}>"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.text)}</pre>"


def builtin_rules(name: str) -> RuleFile:
    """A built-in rule file, parsed.

    Parameters
    ----------
    name : str
        One of :func:`builtin_rule_names`, e.g. "rfm_segments" (the R package
        rfm's segment table as rule set "rfm_segment").

    Raises
    ------
    tessera.NotFoundError
        For an unknown name; the message lists the names there are.
    """
    return RuleFile(_core.builtin_rule_file(name), _BUILTIN_PREFIX + name)


def builtin_rule_names() -> list[str]:
    """The names :func:`builtin_rules` accepts."""
    return list(_core.builtin_rule_file_names())


def _one(rules: Any) -> _core.RuleFile:
    if isinstance(rules, _core.RuleFile):
        return rules
    if isinstance(rules, os.PathLike):
        return RuleFile.from_file(rules)
    if isinstance(rules, str):
        if rules.startswith(_BUILTIN_PREFIX):
            return builtin_rules(rules[len(_BUILTIN_PREFIX):])
        return RuleFile(rules)
    raise InvalidInputError(
        f"cannot use {type(rules).__name__} as rules: give rule text, a tessera.RuleFile, "
        "a pathlib.Path of a rule file, or 'builtin:NAME'")


def resolve(rules: Any) -> list[_core.RuleFile]:
    """Rule text, "builtin:NAME", a path, a RuleFile, or a list of them, as
    parsed rule files in order."""
    if rules is None:
        return []
    if isinstance(rules, (str, os.PathLike, _core.RuleFile)):
        return [_one(rules)]
    if not isinstance(rules, Iterable):
        raise InvalidInputError(
            f"rules: expected rules or a list of them, got {type(rules).__name__}")
    return [_one(item) for item in rules]
