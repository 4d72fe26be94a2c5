"""Date columns and as-of dates in the units tessera._core takes.

Dates become int64 nanoseconds (``epoch_nanoseconds``, pandas' datetime64[ns]
as it is) or seconds (``epoch_seconds``) since 1970-01-01, or int32 days
(``days``). A value that is not a date (NaT, None, an unparsable string, a
non-integral number of days) becomes a sentinel far outside the years
1000..9999 the core accepts, so the core rejects the row as bad_date: counted
under the lenient policy, an IngestError naming the row under the strict one.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .frames import as_column

BAD_SECONDS = np.iinfo(np.int64).min
BAD_DAY = np.iinfo(np.int32).min
_SECONDS_PER_DAY = 86400
# pandas.Timestamp.min and .max, in whole days since 1970-01-01.
_NANOSECOND_DAYS = (-106751, 106750)
_UNITS = ("days", "seconds", "yyyymmdd")


def _from_datetime64(values: np.ndarray) -> dict[str, np.ndarray]:
    if not values.dtype.isnative:
        # The ticks are read through an int64 view, which would take
        # big-endian bytes for other dates.
        values = values.astype(values.dtype.newbyteorder("="))
    unit, count = np.datetime_data(values.dtype)
    ticks = values.view(np.int64)
    not_a_time = np.isnat(values)
    if unit in ("Y", "M", "W", "D"):
        days = values.astype("datetime64[D]").view(np.int64)
        bad = not_a_time | (days < BAD_DAY + 1) | (days > np.iinfo(np.int32).max)
        return {"days": np.where(bad, BAD_DAY, days).astype(np.int32)}
    if unit == "s" and count == 1:
        # NaT is already int64 min, which the core rejects: borrow as it is.
        return {"epoch_seconds": np.ascontiguousarray(ticks)}
    if unit == "ns" and count == 1:
        # pandas' own unit: the core reads it as it is (NaT included), with
        # no pass over the rows here.
        return {"epoch_nanoseconds": np.ascontiguousarray(ticks)}
    seconds_per_tick = {"h": 3600, "m": 60, "s": 1}.get(unit)
    if seconds_per_tick is not None:
        factor = seconds_per_tick * count
        overflow = np.abs(ticks) > np.iinfo(np.int64).max // factor
        seconds = ticks * factor
        seconds[not_a_time | overflow] = BAD_SECONDS
        return {"epoch_seconds": seconds}
    per_second = int(np.timedelta64(1, "s").astype(f"timedelta64[{unit}]").view(np.int64))
    if per_second % count:
        return _from_datetime64(values.astype("datetime64[ns]"))
    # Floor, not truncation, so a time before 1970 stays on its own day.
    seconds = np.floor_divide(ticks, per_second // count)
    seconds[not_a_time] = BAD_SECONDS
    return {"epoch_seconds": seconds}


def _from_numbers(values: np.ndarray, unit: Optional[str], what: str) -> dict[str, np.ndarray]:
    if unit not in _UNITS:
        raise InvalidInputError(
            f"column '{what}' holds numbers, not dates; say what they are with "
            "date_unit='days' (days since 1970-01-01), 'seconds' (since "
            "1970-01-01T00:00Z) or 'yyyymmdd' (19970101)")
    if values.dtype.kind == "f":
        bad = ~np.isfinite(values) | (values != np.trunc(values)) | (np.abs(values) >= 2.0**62)
        whole = np.where(bad, 0, values).astype(np.int64)
    else:
        if values.dtype.kind == "u" and values.size and values.max() > np.iinfo(np.int64).max:
            raise InvalidInputError(f"column '{what}': a date number does not fit 64 bits")
        whole = np.ascontiguousarray(values, dtype=np.int64)
        bad = None
    if unit == "seconds":
        if bad is None:
            return {"epoch_seconds": whole}
        return {"epoch_seconds": np.where(bad, BAD_SECONDS, whole)}
    if unit == "days":
        out_of_range = (whole <= BAD_DAY) | (whole > np.iinfo(np.int32).max)
        bad = out_of_range if bad is None else bad | out_of_range
        return {"days": np.where(bad, BAD_DAY, whole).astype(np.int32)}
    parts = pd.DataFrame({"year": whole // 10000, "month": whole // 100 % 100, "day": whole % 100})
    dates = pd.to_datetime(parts, errors="coerce").to_numpy()
    if bad is not None:
        dates[bad] = np.datetime64("NaT")
    return _from_datetime64(dates.astype("datetime64[D]"))


def _parse(values: np.ndarray, date_format: Optional[str]) -> np.ndarray:
    series = pd.Series(values, copy=False)
    try:
        parsed = pd.to_datetime(series, errors="coerce", format=date_format,
                                infer_datetime_format=date_format is None)
    except (ValueError, TypeError):
        # Times in several zones: put them on one clock, UTC.
        parsed = pd.to_datetime(series, errors="coerce", format=date_format, utc=True)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed.to_numpy()


def date_columns(values: Any, *, unit: Optional[str] = None,
                 date_format: Optional[str] = None, what: str = "date") -> dict[str, np.ndarray]:
    """Dates as ``{"epoch_nanoseconds": int64}``, ``{"epoch_seconds": int64}``
    or ``{"days": int32}``.

    datetime64 of any unit (nanoseconds and seconds pass through without a
    copy), tz-aware
    timestamps (their wall-clock time in their own zone, which is the
    business day the customer saw), text and date objects parsed with
    ``pd.to_datetime`` (``date_format`` if given), and numbers when ``unit``
    says what they count: "days", "seconds" or "yyyymmdd".
    """
    if unit is not None and unit not in _UNITS:
        raise InvalidInputError(f"date_unit must be one of {', '.join(_UNITS)}, not {unit!r}")
    column = as_column(values, what)
    if isinstance(column, pd.Series):
        dtype = column.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            column = column.dt.tz_localize(None).to_numpy()
        elif isinstance(dtype, pd.CategoricalDtype):
            column = column.astype(object).to_numpy()
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            column = column.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            column = column.to_numpy(dtype=object, na_value=None)
    kind = column.dtype.kind
    if kind == "M":
        return _from_datetime64(column)
    if kind in "iuf":
        return _from_numbers(column, unit, what)
    if kind == "O":
        inferred = pd.api.types.infer_dtype(column, skipna=True)
        if inferred in ("integer", "floating", "mixed-integer-float"):
            numbers = pd.to_numeric(pd.Series(column, copy=False), errors="coerce")
            return _from_numbers(numbers.to_numpy(dtype=np.float64), unit, what)
        return _from_datetime64(_parse(column, date_format))
    raise InvalidInputError(f"column '{what}': cannot use dtype {column.dtype} as dates")


def to_day(value: Any) -> Optional[int]:
    """An as-of date as a day number since 1970-01-01 (None stays None).

    Takes "2011-12-10", datetime.date, datetime.datetime, pandas Timestamp or
    numpy datetime64; a time of day is dropped (tz-aware: the date on the
    value's own clock).
    """
    if value is None:
        return None
    day = _to_day(value)
    if not np.iinfo(np.int32).min < day <= np.iinfo(np.int32).max:
        raise InvalidInputError(f"as_of: {value!r} is too far from 1970 to be a date")
    return day


def _to_day(value: Any) -> int:
    if value is pd.NaT or (isinstance(value, np.datetime64) and np.isnat(value)):
        raise InvalidInputError("as_of: NaT is not a date")
    if isinstance(value, np.datetime64):
        return int(value.astype("datetime64[D]").astype(np.int64))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return (value - datetime.date(1970, 1, 1)).days
    if not isinstance(value, str):
        raise InvalidInputError(
            f"as_of: {value!r} is a {type(value).__name__}; give a date such as '2011-12-10'")
    try:
        return _to_day(pd.Timestamp(value))
    except pd.errors.OutOfBoundsDatetime:
        pass  # beyond 1677..2262: numpy reads plain ISO dates of any year
    except ValueError as error:
        raise InvalidInputError(f"as_of: cannot read {value!r} as a date") from error
    try:
        return _to_day(np.datetime64(value))
    except ValueError as error:
        raise InvalidInputError(f"as_of: cannot read {value!r} as a date") from error


def from_day(day: float) -> pd.Timestamp:
    """The Timestamp of a day number (NaT for NaN)."""
    if day is None or day != day:
        return pd.NaT
    return pd.Timestamp(int(day) * _SECONDS_PER_DAY, unit="s")


def days_to_datetime(days: np.ndarray) -> np.ndarray:
    """Day numbers held as float (NaN = none) as datetime64[ns] (NaT), or as
    datetime.date objects (None) when a date lies beyond the years 1677..2262
    that pandas' nanoseconds can hold (the core accepts 1000..9999)."""
    missing = np.isnan(days)
    numbers = np.where(missing, 0, days).astype(np.int64)
    whole = numbers.astype("datetime64[D]")
    if numbers.size and (numbers.min() < _NANOSECOND_DAYS[0] or numbers.max() > _NANOSECOND_DAYS[1]):
        dates = whole.astype(object)
        dates[missing] = None
        return dates
    out = whole.astype("datetime64[ns]")
    out[missing] = np.datetime64("NaT")
    return out
