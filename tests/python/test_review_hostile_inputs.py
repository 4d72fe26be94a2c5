"""Hostile and malformed inputs found in review: each raises a tessera.Error
(or is handled) instead of a bare TypeError, a silent wrong answer, or a
dataset that a later change to the caller's array can reach."""
import pathlib

import numpy as np
import pandas as pd
import pytest

import tessera
from tessera import _core


def small_orders():
    return pd.DataFrame({
        "customer": [1, 2, 1],
        "date": pd.to_datetime(["2011-01-01", "2011-02-01", "2011-03-01"]),
        "amount": [1.0, 2.0, 3.0],
    })


def small_dataset():
    return tessera.Dataset.from_frame(small_orders(), customer="customer", date="date",
                                      amount="amount")


def test_category_codes_changed_after_the_build_do_not_reach_the_dataset():
    # Customer 7 bought categories 0, 1 and 2: three distinct categories,
    # counted by hand. Setting the caller's codes to one value afterwards (or
    # to a code with no label) must not change what the dataset holds.
    codes = np.array([0, 1, 2], dtype=np.int32)
    dataset = _core.build_dataset(
        int_keys=np.array([7, 7, 7], dtype=np.int64),
        days=np.array([15000, 15001, 15002], dtype=np.int32),
        amounts=np.array([1.0, 2.0, 3.0]), category_codes=codes,
        category_labels=["a", "b", "c"])
    codes[:] = 10**9
    result = _core.run(dataset)
    assert result.feature("categories").tolist() == [3.0]


def test_the_documented_delimiter_names_are_accepted(tmp_path):
    path = tmp_path / "orders.tsv"
    path.write_text("customer\tdate\tamount\n1\t2011-01-01\t5\n2\t2011-01-02\t7\n")
    dataset = tessera.Dataset.from_csv(path, customer="customer", date="date", amount="amount",
                                       delimiter="tab")
    assert dataset.transaction_count == 2
    blanks = tmp_path / "orders.txt"
    blanks.write_text("1  19970101  5\n2 19970102   7\n")
    dataset = tessera.Dataset.from_csv(blanks, customer="#0", date="#1", amount="#2",
                                       has_header=False, delimiter="space")
    assert dataset.transaction_count == 2


def test_big_endian_datetimes_are_read_as_their_dates():
    for unit in ("ns", "s", "ms", "D"):
        dates = np.array(["2011-01-01", "2011-03-01"], dtype=f">M8[{unit}]")
        result = tessera.run(tessera.Dataset.from_arrays(customer=[1, 2], date=dates,
                                                          amount=[1.0, 2.0]))
        frame = result.to_frame()
        assert list(frame["first_purchase"]) == list(pd.to_datetime(["2011-01-01",
                                                                     "2011-03-01"])), unit


def test_an_as_of_date_beyond_the_day_range_is_an_invalid_input():
    with pytest.raises(tessera.InvalidInputError, match="as_of"):
        tessera.run(small_dataset(), as_of=np.datetime64(10**12, "D"))


@pytest.mark.parametrize("argument", [
    {"strategies": 5}, {"strategies": None}, {"rules": 5}, {"previous_tiers": 5},
])
def test_arguments_that_are_not_sequences_are_invalid_inputs(argument):
    with pytest.raises(tessera.InvalidInputError):
        tessera.run(small_dataset(), **argument)


def test_generators_still_work_as_sequences():
    result = tessera.run(small_dataset(), strategies=(name for name in ["rfm"]),
                         rules=(text for text in ["builtin:rfm_segments"]))
    assert result.rule_sets == ["rfm_segment"]


@pytest.mark.parametrize("dataset", [None, small_orders(), "orders.csv"])
def test_run_on_something_other_than_a_dataset_is_an_invalid_input(dataset):
    with pytest.raises(tessera.InvalidInputError, match="Dataset"):
        tessera.run(dataset)


def test_a_missing_rule_file_is_not_found():
    with pytest.raises(tessera.NotFoundError, match="no-such-rules"):
        tessera.run(small_dataset(), rules=pathlib.Path("/nonexistent/no-such-rules.txt"))


def test_a_customer_table_that_is_not_a_frame_is_an_invalid_input():
    with pytest.raises(tessera.InvalidInputError, match="customers"):
        tessera.Dataset.from_frame(small_orders(), customer="customer", date="date",
                                   amount="amount", customers={"customer": [1]})


def test_non_ascii_bytes_keys_are_an_invalid_input():
    with pytest.raises(tessera.InvalidInputError, match="bytes"):
        tessera.Dataset.from_arrays(customer=np.array([b"\xff", b"a"]),
                                    date=np.array(["2011-01-01"] * 2, dtype="M8[D]"),
                                    amount=[1.0, 2.0])
