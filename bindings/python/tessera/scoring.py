"""Choosing strategies: built-in ones by name and parameters, and strategies
written in Python.

A Python strategy reads whole columns and returns whole columns, like the
built-in ones; the core calls it once per run, in its place among the
strategies, so later strategies and rules can read what it wrote::

    @tessera.strategy("big_spender")
    def big_spender(columns):
        return {"flag": pd.Categorical(
            np.where(columns["monetary"] >= 1000, "yes", "no"), categories=["yes", "no"])}

    tessera.segment(orders, ..., strategies=["rfm", big_spender],
                    rules='tier "VIP" when big_spender.flag == "yes"\\ntier "Rest" otherwise')
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from . import _core
from .errors import InvalidInputError

ColumnValues = Any  # numpy array, pandas Series or Categorical, list


class Strategy:
    """Base class of strategies written in Python.

    Subclasses set ``name`` (the columns are called "<name>.<output>") and
    implement :meth:`score`. Parameters go to the constructor.

    Examples
    --------
    >>> class Spend(tessera.Strategy):
    ...     name = "spend"
    ...     def __init__(self, threshold=1000.0):
    ...         self.threshold = threshold
    ...     def score(self, columns):
    ...         return {"high": (columns["monetary"] >= self.threshold).astype(float)}
    """

    name: str = ""
    description: str = ""

    def score(self, columns: Mapping[str, np.ndarray]) -> Mapping[str, ColumnValues]:
        """Scores every customer.

        Parameters
        ----------
        columns : mapping of str to numpy.ndarray
            Read-only float64 arrays, one value per customer, of every feature
            ("recency_days", "monetary", ...) and every numeric score computed
            so far ("rfm.r", ...).

        Returns
        -------
        dict
            Output name to values, one per customer: numbers (numpy array or
            pandas Series; NaN = unknown) make a numeric column; a pandas
            Categorical (label order kept) or text (labels sorted) makes a
            categorical column, NaN/None = unknown.
        """
        raise NotImplementedError(f"{type(self).__name__}.score")

    def __repr__(self) -> str:
        return f"<tessera.Strategy {self.name!r}>"


class FunctionStrategy(Strategy):
    """A strategy made from a function by :func:`strategy`."""

    def __init__(self, name: str, function: Callable[[Mapping[str, np.ndarray]], Mapping],
                 description: str = "") -> None:
        self.name = name
        self.function = function
        self.description = description or (function.__doc__ or "").strip()
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def score(self, columns: Mapping[str, np.ndarray]) -> Mapping[str, ColumnValues]:
        return self.function(columns)

    def __call__(self, columns: Mapping[str, np.ndarray]) -> Mapping[str, ColumnValues]:
        return self.function(columns)


def strategy(name: str, description: str = "") -> Callable[[Callable], FunctionStrategy]:
    """Decorator making a function ``fn(columns) -> dict`` a strategy.

    Parameters
    ----------
    name : str
        The strategy name; its columns are "<name>.<output>".
    description : str, optional
        One line for listings; the function's docstring by default.

    Returns
    -------
    callable
        A decorator returning a :class:`Strategy`, registered under ``name``
        (see :func:`register`), that can be passed in ``strategies=[...]`` by
        object or by name and still be called as the function.
    """
    def wrap(function: Callable) -> FunctionStrategy:
        return register(FunctionStrategy(name, function, description))
    return wrap


_registered: dict[str, Strategy] = {}


def register(python_strategy: Strategy) -> Strategy:
    """Makes a Python strategy usable by name in ``strategies=[...]`` and
    listed by :func:`strategies`, like a built-in one.

    Registering a name again replaces the earlier strategy (re-running a
    notebook cell is not an error); a built-in name is refused.

    Returns
    -------
    Strategy
        ``python_strategy``, so that this can decorate a class instance.
    """
    if not isinstance(python_strategy, Strategy) or not python_strategy.name:
        raise InvalidInputError("register() takes a tessera.Strategy with a name")
    if python_strategy.name in {name for name, _ in _core.strategies()}:
        raise InvalidInputError(
            f"'{python_strategy.name}' is a built-in strategy; give yours another name")
    _registered[python_strategy.name] = python_strategy
    return python_strategy


def _output_for_core(name: str, values: ColumnValues, count: int) -> object:
    if isinstance(values, pd.Series):
        values = values.array if isinstance(values.dtype, pd.CategoricalDtype) else values.to_numpy()
    if not isinstance(values, pd.Categorical):
        array = np.asarray(values)
        if array.dtype.kind in "OUS":
            values = pd.Categorical(array)
        elif array.dtype.kind in "fiub":
            if array.shape != (count,):
                raise ValueError(f"output '{name}' has {array.size} values; expected {count}"
                                 + ("" if array.ndim == 1 else f" in one dimension, not {array.shape}"))
            return np.ascontiguousarray(array, dtype=np.float64)
        else:
            raise TypeError(f"output '{name}': cannot use dtype {array.dtype} as a score column")
    if len(values) != count:
        raise ValueError(f"output '{name}' has {len(values)} values; expected {count}")
    labels = [str(label) for label in values.categories]
    return (np.asarray(values.codes, dtype=np.int32), labels)


def _core_callable(python_strategy: Strategy) -> Callable[[Mapping[str, np.ndarray]], dict]:
    """Adapts a Strategy to the extension's protocol: float arrays for numeric
    columns, (int32 codes, labels) for categorical ones."""
    def call(columns: Mapping[str, np.ndarray]) -> dict:
        count = len(next(iter(columns.values()))) if columns else 0
        outputs = python_strategy.score(columns)
        if not isinstance(outputs, Mapping):
            raise TypeError(f"strategy '{python_strategy.name}' returned "
                            f"{type(outputs).__name__}; expected a dict of output -> values")
        return {str(name): _output_for_core(str(name), values, count)
                for name, values in outputs.items()}
    return call


def _params_text(params: Any) -> str:
    if params is None:
        return ""
    if isinstance(params, str):
        return params
    if isinstance(params, Mapping):
        parts = []
        for key, value in params.items():
            if isinstance(value, (list, tuple)):
                value = ";".join(str(item) for item in value)
            parts.append(f"{key}={value}")
        return ", ".join(parts)
    raise InvalidInputError(f"strategy parameters must be text or a dict, not {type(params).__name__}")


def resolve(specs: Any) -> tuple[list[tuple[str, str]], dict[str, Callable]]:
    """Strategy choices as the core's (name, parameters) pairs plus the
    Python strategies by name.

    ``specs`` is one item or a list or tuple of them; each item is "rfm",
    "rfm:bins=4", ("rfm", "bins=4"), ("rfm", {"bins": 4}), a
    :class:`Strategy` instance or subclass, a function made a strategy
    with :func:`strategy`, or the name of a :func:`register`-ed one.
    """
    single_pair = (isinstance(specs, tuple) and len(specs) == 2 and isinstance(specs[0], str)
                   and isinstance(specs[1], Mapping))
    if isinstance(specs, (str, Strategy, type)) or single_pair:
        specs = [specs]
    if not isinstance(specs, Iterable):
        raise InvalidInputError(
            f"strategies: expected a strategy or a list of them, got {type(specs).__name__}")
    pairs: list[tuple[str, str]] = []
    python: dict[str, Callable] = {}

    def add_python(spec: Strategy) -> None:
        if not spec.name:
            raise InvalidInputError(f"{type(spec).__name__} has no name")
        if spec.name in python:
            raise InvalidInputError(f"two Python strategies are named '{spec.name}'")
        python[spec.name] = _core_callable(spec)
        pairs.append((spec.name, ""))

    for spec in specs:
        if isinstance(spec, type) and issubclass(spec, Strategy):
            spec = spec()
        if isinstance(spec, Strategy):
            add_python(spec)
        elif isinstance(spec, str) and spec.strip() in _registered:
            add_python(_registered[spec.strip()])
        elif isinstance(spec, str):
            name, _, params = spec.partition(":")
            if name.strip() in _registered:
                raise InvalidInputError(
                    f"Python strategy '{name.strip()}' takes its parameters in its constructor, "
                    "not after ':'")
            pairs.append((name.strip(), params.strip()))
        elif isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str):
            pairs.append((spec[0], _params_text(spec[1])))
        else:
            raise InvalidInputError(
                f"cannot use {spec!r} as a strategy: give a name such as 'rfm' or "
                "'rfm:bins=4', a (name, params) pair, or a tessera.Strategy")
    return pairs, python


def strategies() -> pd.DataFrame:
    """The strategies a run can use by name.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``description`` and ``kind`` ("built-in", or
        "python" for those of :func:`register`), one row per strategy.
    """
    rows = [(name, text, "built-in") for name, text in _core.strategies()]
    rows += [(name, item.description, "python") for name, item in _registered.items()]
    return pd.DataFrame(rows, columns=["name", "description", "kind"])

