"""Columns of the usual pandas and numpy dtypes give the same customers, and
columns that already fit the core are borrowed, not copied."""
import datetime
import decimal
import warnings

import numpy as np
import pandas as pd
import pytest

import tessera

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")

KEYS = np.array([7, 7, 3, 9, 3, 7, 12], dtype=np.int64)
DATES = np.array(["2021-03-01T10:00", "2021-03-05T23:30", "2021-02-01T00:00", "2021-03-20T08:15",
                  "2021-03-28T12:00", "2021-03-29T06:00", "2021-01-15T17:45"],
                 dtype="datetime64[s]")
AMOUNTS = np.array([10.0, 20.5, 5.0, 99.0, 15.0, 4.5, 60.0])
AS_OF = "2021-04-01"


def scores(customer=KEYS, date=DATES, amount=AMOUNTS, **options):
    frame = tessera.segment({"c": customer, "d": date, "a": amount}, customer="c", date="d",
                            amount="a", as_of=AS_OF, **options)
    return frame


with warnings.catch_warnings():
    warnings.simplefilter("ignore", tessera.TesseraWarning)
    BASE = scores()


def assert_same_customers(frame, base=BASE):
    # Dense customer order is first appearance, whatever the key type.
    assert len(frame) == len(base)
    for name in ["recency_days", "frequency", "monetary", "rfm.score"]:
        np.testing.assert_array_equal(frame[name].to_numpy(), base[name].to_numpy(), name)


@pytest.mark.parametrize("keys", [
    KEYS.astype(np.int32), KEYS.astype(np.uint16), KEYS.astype(np.uint64),
    KEYS.astype(np.float64), KEYS.astype(object), pd.array(KEYS, dtype="Int64"),
    pd.Categorical(KEYS),
], ids=["int32", "uint16", "uint64", "float64", "object-int", "Int64", "categorical-int"])
def test_integer_keys(keys):
    frame = scores(customer=keys)
    assert frame.index.dtype == np.int64
    assert list(frame.index) == [7, 3, 9, 12]
    assert_same_customers(frame)


@pytest.mark.parametrize("keys", [
    KEYS.astype(str).astype(object), KEYS.astype(str), pd.array(KEYS.astype(str), dtype="string"),
    pd.Categorical(KEYS.astype(str), categories=["9", "7", "3", "12"]),
], ids=["object-str", "numpy-unicode", "pandas-string", "categorical-str"])
def test_text_keys(keys):
    frame = scores(customer=keys)
    assert frame.index.dtype == object
    assert list(frame.index) == ["7", "3", "9", "12"]
    assert_same_customers(frame)


def test_float_keys_with_nan_are_missing_customers_counted():
    # Online Retail's CustomerID is float64 with NaN for rows without one.
    keys = KEYS.astype(np.float64)
    keys[[1, 4]] = np.nan
    dataset = tessera.Dataset.from_arrays(customer=keys, date=DATES, amount=AMOUNTS)
    report = dataset.report
    assert dataset.key_kind == "integer"
    assert report.rows_read == 7
    assert report.rejected_by_reason["missing_customer"] == 2
    assert report.rows_accepted + report.rows_rejected == report.rows_read
    assert sorted(report.examples()["row"]) == [1, 4]
    with pytest.warns(tessera.IngestWarning, match="missing_customer"):
        frame = scores(customer=keys)
    assert frame.loc[7, "frequency"] == 2  # rows 0 and 5; row 1 was rejected


@pytest.mark.parametrize("keys", [
    np.array(["a", None, "b", "c", np.nan, "a", "d"], dtype=object),
    pd.array(["a", pd.NA, "b", "c", pd.NA, "a", "d"], dtype="string"),
    pd.Categorical(["a", None, "b", "c", None, "a", "d"]),
    pd.array([7, None, 3, 9, None, 7, 12], dtype="Int64"),
], ids=["object", "string", "categorical", "Int64"])
def test_missing_text_and_nullable_keys_are_rejected_not_dropped(keys):
    dataset = tessera.Dataset.from_arrays(customer=keys, date=DATES, amount=AMOUNTS)
    assert dataset.report.rejected_by_reason["missing_customer"] == 2
    assert dataset.customer_count == 4


def test_non_whole_float_keys_are_an_error_naming_the_row():
    keys = KEYS.astype(np.float64)
    keys[3] = 9.5
    with pytest.raises(tessera.InvalidInputError, match="row 3"):
        tessera.Dataset.from_arrays(customer=keys, date=DATES, amount=AMOUNTS)


@pytest.mark.parametrize("unit", ["ns", "us", "ms", "s", "m"])
def test_datetime64_of_any_unit(unit):
    # Minutes keep every time above (all are whole minutes).
    assert_same_customers(scores(date=DATES.astype(f"datetime64[{unit}]")))


def test_dates_beyond_pandas_nanoseconds():
    # The core takes years 1000..9999; pandas' datetime64[ns] ends in 2262,
    # so such dates come back as datetime.date objects.
    dates = np.array(["2020-01-01", "2500-06-01"], dtype="datetime64[s]")
    frame = tessera.segment(None, customer=np.array([1, 2]), date=dates,
                            amount=np.array([1.0, 2.0]), as_of="2500-06-02")
    assert frame.loc[2, "first_purchase"] == datetime.date(2500, 6, 1)
    assert frame.loc[1, "last_purchase"] == datetime.date(2020, 1, 1)
    assert frame.loc[2, "recency_days"] == 1


def test_datetime64_days_and_pandas_timestamps():
    assert_same_customers(scores(date=DATES.astype("datetime64[D]")))
    assert_same_customers(scores(date=pd.Series(DATES.astype("datetime64[ns]"))))


def test_tz_aware_dates_use_their_own_clock():
    # Customer 7's last purchase, 2021-03-29 06:00 in Tokyo, is 2021-03-28
    # 21:00 UTC; the business day is the local one, so recency stays 3 days.
    local = pd.Series(DATES).dt.tz_localize("Asia/Tokyo")
    frame = scores(date=local)
    assert frame.loc[7, "recency_days"] == 3
    assert_same_customers(frame)
    assert_same_customers(scores(date=local.dt.tz_convert("UTC").dt.tz_convert("Asia/Tokyo")))


def test_date_strings_and_objects():
    strings = pd.Series(DATES).dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(dtype=object)
    assert_same_customers(scores(date=strings))
    assert_same_customers(scores(date=pd.array(strings, dtype="string")))
    assert_same_customers(scores(date=pd.Categorical(strings)))
    python_dates = [datetime.date.fromisoformat(text[:10]) for text in strings]
    assert_same_customers(scores(date=np.array(python_dates, dtype=object)))
    assert_same_customers(scores(date=strings.astype(str).tolist()))


def test_unparsable_and_missing_dates_are_bad_dates_counted():
    strings = pd.Series(DATES).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    strings[2] = "31/02/2021x"
    strings[6] = None
    dataset = tessera.Dataset.from_arrays(customer=KEYS, date=strings, amount=AMOUNTS)
    assert dataset.report.rejected_by_reason["bad_date"] == 2
    assert dataset.report.rows_accepted == 5
    nat = DATES.astype("datetime64[ns]").copy()
    nat[[0, 3]] = np.datetime64("NaT")
    for dates in [nat, nat.astype("datetime64[s]"), nat.astype("datetime64[D]")]:
        report = tessera.Dataset.from_arrays(customer=KEYS, date=dates, amount=AMOUNTS).report
        assert report.rejected_by_reason["bad_date"] == 2, dates.dtype
        assert report.rows_accepted + report.rows_rejected == 7


def test_numeric_dates_need_a_unit():
    days = DATES.astype("datetime64[D]").view(np.int64)
    with pytest.raises(tessera.InvalidInputError, match="date_unit"):
        scores(date=days)
    assert_same_customers(scores(date=days.astype(np.int32), date_unit="days"))
    assert_same_customers(scores(date=DATES.view(np.int64), date_unit="seconds"))
    yyyymmdd = pd.Series(DATES).dt.strftime("%Y%m%d").astype(np.int64).to_numpy()
    assert_same_customers(scores(date=yyyymmdd, date_unit="yyyymmdd"))
    yyyymmdd[5] = 20210230  # no 30 February
    report = tessera.Dataset.from_arrays(customer=KEYS, date=yyyymmdd, amount=AMOUNTS,
                                         date_unit="yyyymmdd").report
    assert report.rejected_by_reason["bad_date"] == 1


@pytest.mark.parametrize("amounts", [
    (AMOUNTS * 2).astype(np.int64), (AMOUNTS * 2).astype(np.int32),
    (AMOUNTS * 2).astype(np.float32), pd.array((AMOUNTS * 2).astype(np.int64), dtype="Int64"),
    np.array([decimal.Decimal(str(v)) for v in AMOUNTS * 2], dtype=object),
    (AMOUNTS * 2).astype(str).astype(object),
], ids=["int64", "int32", "float32", "Int64", "decimal", "numeric-text"])
def test_amount_dtypes(amounts):
    frame = scores(amount=amounts)
    np.testing.assert_array_equal(frame["monetary"].to_numpy(), BASE["monetary"].to_numpy() * 2)


def test_missing_amounts_are_bad_amounts():
    amounts = pd.array(AMOUNTS, dtype="Float64")
    amounts[1] = pd.NA
    text = AMOUNTS.astype(str).astype(object)
    text[4] = "twelve"
    for values in [amounts, text]:
        report = tessera.Dataset.from_arrays(customer=KEYS, date=DATES, amount=values).report
        assert report.rejected_by_reason["bad_amount"] == 1


def test_fitting_columns_are_borrowed_without_copy():
    keys = KEYS.copy()
    seconds = DATES.copy()
    amounts = AMOUNTS.copy()
    dataset = tessera.Dataset.from_arrays(customer=keys, date=seconds, amount=amounts)
    assert np.shares_memory(dataset.core.transaction_amounts(), amounts)
    # A DataFrame's float64 column is borrowed too.
    orders = pd.DataFrame({"c": keys, "d": seconds, "a": amounts.copy()})
    from_frame = tessera.Dataset.from_frame(orders, customer="c", date="d", amount="a")
    assert np.shares_memory(from_frame.core.transaction_amounts(), orders["a"].to_numpy())
    # int amounts are converted once: nothing to share.
    converted = tessera.Dataset.from_arrays(customer=keys, date=seconds,
                                            amount=np.arange(7, dtype=np.int64))
    assert not np.shares_memory(converted.core.transaction_amounts(), amounts)


def test_customer_attributes_and_prospects():
    customers = pd.DataFrame({"region": ["north", "south", None, "east"],
                              "employees": [10, 250, 40, np.nan]},
                             index=pd.Index([3, 7, 9, 100], name="c"))
    frame = scores(customers=customers, strategies=["rfm", "attributes"])
    # Customer 100 never bought: a prospect with unknown recency.
    assert frame.loc[100, "rfm.segment"] == "Prospect"
    assert np.isnan(frame.loc[100, "recency_days"])
    assert frame.loc[7, "attr.region"] == "south"
    assert pd.isna(frame.loc[9, "attr.region"])
    assert pd.isna(frame.loc[12, "attr.region"])  # bought, but not in the table
    # The number attribute is readable by rules.
    tiered = scores(customers=customers.reset_index(),
                    rules='tier "big" when employees >= 100\ntier "other" otherwise')
    assert tiered.loc[7, "tier"] == "big"
    assert tiered.loc[3, "tier"] == "other"
