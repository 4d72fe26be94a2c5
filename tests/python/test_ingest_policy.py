"""Missing keys, dates and amounts follow the ingest policy: strict raises
IngestError naming the row, lenient counts; no row is dropped silently."""
import numpy as np
import pandas as pd
import pytest

import tessera

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")


def orders():
    return pd.DataFrame({
        "customer": pd.array(["a", "b", "a", "c", "b", "d"], dtype=object),
        "date": pd.to_datetime(["2022-05-01", "2022-05-02", "2022-05-03", "2022-05-04",
                                "2022-05-05", "2022-05-06"]),
        "amount": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    })


def with_gaps():
    frame = orders()
    frame.loc[1, "customer"] = None
    frame.loc[3, "date"] = pd.NaT
    frame.loc[4, "amount"] = np.nan
    return frame


@pytest.mark.parametrize("column,row,reason", [
    ("customer", 2, "missing_customer"), ("date", 4, "bad_date"), ("amount", 5, "bad_amount")])
def test_strict_raises_naming_row_column_and_reason(column, row, reason):
    frame = orders()
    frame.loc[row, column] = {"customer": None, "date": pd.NaT, "amount": np.nan}[column]
    with pytest.raises(tessera.IngestError, match=f"row {row}: column '{column}': {reason}"):
        tessera.segment(frame, customer="customer", date="date", amount="amount",
                        policy="strict")


def test_strict_names_the_first_bad_row():
    with pytest.raises(tessera.IngestError, match="row 1: column 'customer'"):
        tessera.Dataset.from_frame(with_gaps(), customer="customer", date="date",
                                   amount="amount", policy="strict")


def test_lenient_counts_every_rejected_row():
    dataset = tessera.Dataset.from_frame(with_gaps(), customer="customer", date="date",
                                         amount="amount")
    report = dataset.report
    assert report.rows_read == 6
    assert report.rows_accepted == 3
    assert report.rows_rejected == 3
    assert report.rows_accepted + report.rows_rejected == report.rows_read
    reasons = report.to_frame()["rows"]
    assert reasons["missing_customer"] == 1
    assert reasons["bad_date"] == 1
    assert reasons["bad_amount"] == 1
    assert reasons.sum() == 3
    examples = report.examples()
    assert list(examples["row"]) == [1, 3, 4]
    assert list(examples["reason"]) == ["missing_customer", "bad_date", "bad_amount"]
    assert "3 rejected" in report.summary()


def test_lenient_segment_warns_with_the_counts():
    with pytest.warns(tessera.IngestWarning, match="missing_customer 1, bad_date 1, bad_amount 1"):
        frame = tessera.segment(with_gaps(), customer="customer", date="date", amount="amount")
    # Rows 0, 2 (customer a) and 5 (d) remain; c and b had only rejected rows.
    assert list(frame.index) == ["a", "d"]
    assert frame.loc["a", "monetary"] == 4.0


def test_every_row_rejected_still_accounts_for_all_rows():
    frame = orders()
    frame["customer"] = None
    dataset = tessera.Dataset.from_frame(frame, customer="customer", date="date",
                                         amount="amount")
    assert dataset.report.rejected_by_reason["missing_customer"] == 6
    assert dataset.customer_count == 0


def test_a_nat_in_nanoseconds_is_named_as_such():
    # datetime64[ns] reaches the core as it is; NaT is its INT64_MIN.
    frame = orders()
    frame.loc[2, "date"] = pd.NaT
    assert frame["date"].dtype == "datetime64[ns]"
    with pytest.raises(tessera.IngestError,
                       match=r"row 2: column 'date': bad_date: not a time \(NaT\)"):
        tessera.Dataset.from_frame(frame, customer="customer", date="date", amount="amount",
                                   policy="strict")
