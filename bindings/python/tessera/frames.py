"""pandas and numpy columns in the shapes tessera._core.build_dataset takes.

Every conversion is vectorized and happens at most once per column; a column
whose dtype already fits the core (int64 keys, float64 amounts, int64 epoch
seconds, all C-contiguous) is passed through untouched so the dataset borrows
its memory. Missing values are never dropped here: a missing key becomes a
``missing_keys`` flag and a missing amount a NaN, which the core's ingest
policy then rejects (strict) or counts (lenient).
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from .errors import InvalidInputError, NotFoundError

_INT64_LIMIT = float(2**63)


def as_column(values: Any, what: str) -> np.ndarray | pd.Series:
    """One-dimensional values as a numpy array (numpy dtypes, no copy) or a
    pandas Series (extension dtypes: categorical, string, nullable, tz-aware)."""
    if isinstance(values, pd.Index):
        values = pd.Series(values, index=None, copy=False)
    if isinstance(values, pd.Series):
        if isinstance(values.dtype, np.dtype):
            return values.to_numpy()
        return values
    if isinstance(values, pd.api.extensions.ExtensionArray):
        return pd.Series(values, copy=False)
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidInputError(
            f"column '{what}': expected one value per row, got an array of shape {array.shape}")
    if array.dtype.kind in "US":
        try:
            return array.astype(str).astype(object)
        except UnicodeDecodeError as error:
            raise InvalidInputError(
                f"column '{what}': bytes that are not ASCII; decode them to str first") from error
    return array


def _missing(values: np.ndarray) -> np.ndarray:
    return np.asarray(pd.isna(values), dtype=bool)


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _as_strings(values: np.ndarray, kind: str) -> np.ndarray:
    """An object array of str, None where the value is missing (None, NaN,
    pd.NA, NaT). Already-clean str arrays are returned as they are."""
    missing = _missing(values)
    if kind == "string" and not missing.any():
        return values
    if kind in ("floating", "mixed-integer-float"):
        numbers = pd.to_numeric(pd.Series(values, copy=False), errors="coerce").to_numpy(float)
        return _float_strings(numbers)
    strings = pd.Series(values, copy=False).astype(str).to_numpy(dtype=object)
    strings[missing] = None
    return strings


def _float_strings(values: np.ndarray) -> np.ndarray:
    """Floats as text, whole numbers without a fraction (536365.0 -> "536365"),
    so that ids read by pandas as floats keep their written form."""
    missing = np.isnan(values)
    finite = values[~missing]
    if np.all(np.isfinite(finite)) and np.all(finite == np.trunc(finite)) and \
            np.all(np.abs(finite) < _INT64_LIMIT):
        strings = np.where(missing, 0, values).astype(np.int64).astype(str).astype(object)
    else:
        strings = pd.Series(values).astype(str).to_numpy(dtype=object)
    strings[missing] = None
    return strings


def _float_keys(values: np.ndarray, what: str) -> dict[str, np.ndarray]:
    missing = np.isnan(values)
    whole = np.isfinite(values) & (values == np.trunc(values)) & (np.abs(values) < _INT64_LIMIT)
    bad = ~whole & ~missing
    if bad.any():
        row = _first(bad)
        raise InvalidInputError(
            f"column '{what}': row {row}: key {values[row]!r} is not a whole number; "
            "integer keys held as floats must be whole (give text keys otherwise)")
    keys = np.where(missing, 0, values).astype(np.int64)
    return {"int_keys": keys, "missing_keys": missing if missing.any() else None}


def _categorical_keys(series: pd.Series, what: str) -> dict[str, np.ndarray | None]:
    codes = series.cat.codes.to_numpy()
    missing = codes < 0
    categories = series.cat.categories
    if len(categories) == 0:
        return {"int_keys": np.zeros(len(codes), np.int64), "missing_keys": missing}
    converted = key_columns(categories, what)
    safe = np.where(missing, 0, codes)
    if "int_keys" in converted:
        keys = converted["int_keys"][safe]
        return {"int_keys": keys, "missing_keys": missing if missing.any() else None}
    strings = np.asarray(converted["string_keys"], dtype=object)[safe]
    strings[missing] = None
    return {"string_keys": strings}


def key_columns(values: Any, what: str = "customer") -> dict[str, Any]:
    """Customer keys as ``int_keys`` (+ ``missing_keys``) or ``string_keys``.

    int64 keys pass through; other integer dtypes convert once; floats whose
    values are whole numbers (pandas reads integer ids with gaps as float64)
    become int64 keys with NaN flagged missing; text, objects and pandas
    "string" become str/None; categoricals become their values.
    """
    column = as_column(values, what)
    if isinstance(column, pd.Series):
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            return _categorical_keys(column, what)
        if pd.api.types.is_bool_dtype(dtype):
            raise InvalidInputError(f"column '{what}': boolean values are not customer keys")
        if pd.api.types.is_integer_dtype(dtype):
            missing = column.isna().to_numpy()
            return {"int_keys": column.to_numpy(dtype=np.int64, na_value=0),
                    "missing_keys": missing if missing.any() else None}
        if pd.api.types.is_float_dtype(dtype):
            return _float_keys(column.to_numpy(dtype=np.float64, na_value=np.nan), what)
        return {"string_keys": _as_strings(column.to_numpy(dtype=object), "mixed")}
    kind = column.dtype.kind
    if kind == "i":
        return {"int_keys": np.ascontiguousarray(column, dtype=np.int64)}
    if kind == "u":
        if column.dtype.itemsize == 8 and column.size and column.max() > np.iinfo(np.int64).max:
            raise InvalidInputError(
                f"column '{what}': unsigned keys above 2^63 - 1 do not fit 64-bit integer "
                "keys; give them as text (.astype(str))")
        return {"int_keys": column.astype(np.int64)}
    if kind == "f":
        return _float_keys(column.astype(np.float64, copy=False), what)
    if kind == "O":
        inferred = pd.api.types.infer_dtype(column, skipna=True)
        if inferred == "integer":
            missing = _missing(column)
            try:
                keys = np.where(missing, 0, column).astype(np.int64)
            except OverflowError as error:
                raise InvalidInputError(f"column '{what}': a key does not fit 64 bits") from error
            return {"int_keys": keys, "missing_keys": missing if missing.any() else None}
        if inferred in ("floating", "mixed-integer-float"):
            numbers = pd.to_numeric(pd.Series(column, copy=False), errors="coerce")
            return _float_keys(numbers.to_numpy(dtype=np.float64), what)
        return {"string_keys": _as_strings(column, inferred)}
    raise InvalidInputError(f"column '{what}': cannot use dtype {column.dtype} as customer keys")


def number_column(values: Any, what: str) -> np.ndarray:
    """float64 values (C-contiguous float64 passes through); NaN where a value
    is missing or not a number, which the core rejects as a bad value."""
    column = as_column(values, what)
    if isinstance(column, pd.Series):
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(object)
        elif pd.api.types.is_numeric_dtype(column.dtype):
            return column.to_numpy(dtype=np.float64, na_value=np.nan)
        column = column.to_numpy(dtype=object)
    kind = column.dtype.kind
    if kind == "f" and column.dtype == np.float64:
        return np.ascontiguousarray(column)
    if kind in "fiub":
        return column.astype(np.float64)
    if kind == "O":
        numbers = pd.to_numeric(pd.Series(column, copy=False), errors="coerce")
        return numbers.to_numpy(dtype=np.float64, na_value=np.nan)
    raise InvalidInputError(f"column '{what}': cannot use dtype {column.dtype} as numbers")


def text_column(values: Any, what: str) -> np.ndarray:
    """An object array of str, None where the value is missing."""
    column = as_column(values, what)
    if isinstance(column, pd.Series):
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes = column.cat.codes.to_numpy()
            labels = text_column(column.cat.categories, what)
            if len(labels) == 0:
                return np.full(len(codes), None, dtype=object)
            strings = labels[np.where(codes < 0, 0, codes)]
            strings[codes < 0] = None
            return strings
        column = column.to_numpy(dtype=object, na_value=None)
    kind = column.dtype.kind
    if kind in "iu":
        return column.astype(str).astype(object)
    if kind == "f":
        return _float_strings(column.astype(np.float64, copy=False))
    if kind == "O":
        return _as_strings(column, pd.api.types.infer_dtype(column, skipna=True))
    raise InvalidInputError(f"column '{what}': cannot use dtype {column.dtype} as text")


def category_columns(values: Any, what: str = "category") -> dict[str, Any]:
    """A pandas Categorical without missing values goes in as its codes and
    labels (no strings are built); anything else as text."""
    column = as_column(values, what)
    if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        labels = [str(label) for label in column.cat.categories]
        if (codes >= 0).all() and len(set(labels)) == len(labels):
            return {"category_codes": codes.astype(np.int32), "category_labels": labels}
    return {"categories": text_column(column, what)}


def customer_columns(customers: pd.DataFrame, key: str) -> dict[str, Any]:
    """A frame of customer attributes, keyed by the column or index level
    named ``key``: text columns become text attributes, numeric columns
    number attributes (NaN = unknown)."""
    if not isinstance(customers, pd.DataFrame):
        raise InvalidInputError(
            f"customers: expected a pandas DataFrame, got {type(customers).__name__}")
    if key in customers.columns:
        keys = customers[key]
        attributes = customers.drop(columns=[key])
    elif key in customers.index.names:
        keys = customers.index.get_level_values(key)
        attributes = customers
    else:
        raise NotFoundError(
            f"customers: no column or index level named '{key}' (columns: "
            f"{', '.join(map(str, customers.columns))})")
    converted = key_columns(keys, f"customers.{key}")
    missing = converted.get("missing_keys")
    if "string_keys" in converted:
        missing = _missing(converted["string_keys"])
    if missing is not None and missing.any():
        raise InvalidInputError(
            f"customers: row {_first(missing)}: the key '{key}' is missing")
    out: dict[str, Any] = {"text_attributes": {}, "number_attributes": {}}
    if "int_keys" in converted:
        out["customer_int_keys"] = converted["int_keys"]
    else:
        out["customer_string_keys"] = list(converted["string_keys"])
    for name, column in attributes.items():
        dtype = column.dtype
        if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
            raise InvalidInputError(
                f"customers: column '{name}' holds dates; give them as numbers or text")
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            out["number_attributes"][str(name)] = number_column(column, str(name))
        else:
            out["text_attributes"][str(name)] = text_column(column, str(name))
    return out


def pick(source: Any, column: Any, role: str) -> Any:
    """The values of ``column`` in ``source``: a DataFrame column or index
    level, a mapping's item, or ``column`` itself when it is already values."""
    if not isinstance(column, str):
        return column
    if isinstance(source, pd.DataFrame):
        if column in source.columns:
            return source[column]
        if column in source.index.names:
            return source.index.get_level_values(column)
        names = ", ".join(map(str, source.columns))
    elif isinstance(source, Mapping):
        if column in source:
            return source[column]
        names = ", ".join(map(str, source))
    else:
        raise InvalidInputError(
            f"{role}: orders is a {type(source).__name__}; give a DataFrame or a "
            "mapping of column name to values")
    raise NotFoundError(f"{role}: no column named '{column}' (columns: {names})")
