"""UCI Online Retail through pandas into tessera.segment(): the published
sanity figures of the data set, and the same customers as the C++ reader."""
import numpy as np
import pandas as pd
import pytest

import tessera
from test_matches_cli import assert_matches_cli_csv

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")


@pytest.fixture(scope="module")
def retail_path(shared_file):
    return shared_file("online_retail/online_retail_uci.csv")


@pytest.fixture(scope="module")
def orders(retail_path):
    # As pandas reads it: CustomerID is float64 with NaN, InvoiceNo text.
    return pd.read_csv(retail_path, dtype={"InvoiceNo": str, "StockCode": str},
                       float_precision="round_trip")


def test_reference_figures(orders):
    assert orders["CustomerID"].dtype == np.float64
    dataset = tessera.Dataset.from_frame(
        orders, customer="CustomerID", date="InvoiceDate", quantity="Quantity",
        unit_price="UnitPrice", order_id="InvoiceNo", category="StockCode")
    report = dataset.report
    # /work/shared/data/REFERENCE.md, "UCI Online Retail sanity figures"
    # (Chen, Sain & Guo 2012): 541,909 rows; 135,080 rows without CustomerID;
    # 4,372 distinct CustomerID.
    assert report.rows_read == 541_909
    assert report.rejected_by_reason["missing_customer"] == 135_080
    assert report.rows_rejected == 135_080
    assert report.rows_accepted == 541_909 - 135_080
    assert dataset.customer_count == 4_372
    assert dataset.key_kind == "integer"

    with pytest.warns(tessera.IngestWarning, match="missing_customer 135080"):
        frame = tessera.segment(
            orders, customer="CustomerID", date="InvoiceDate", quantity="Quantity",
            unit_price="UnitPrice", order_id="InvoiceNo", category="StockCode",
            strategies=["rfm", "abc", "lifecycle"], rules="builtin:rfm_segments")
    assert len(frame) == 4_372
    assert frame.index.name == "CustomerID"
    assert 17850 in frame.index  # written 17850.0 in the file
    # Dates run 2010-12-01 08:26 to 2011-12-09 12:50 (REFERENCE.md), so the
    # default as-of date is 2011-12-10 and the most recent buyer's recency is 1.
    assert frame["first_purchase"].min() == pd.Timestamp("2010-12-01")
    assert frame["last_purchase"].max() == pd.Timestamp("2011-12-09")
    assert frame["recency_days"].min() == 1
    # Frequency counts distinct invoices (purchases, not cancellations): at
    # most the 25,900 distinct InvoiceNo of the file (REFERENCE.md).
    assert frame["frequency"].sum() <= 25_900


def test_same_customers_as_the_cli(run_cli, retail_path, orders, tmp_path):
    out = tmp_path / "retail.csv"
    run_cli("segment", retail_path, "--customer", "CustomerID", "--date", "InvoiceDate",
            "--quantity", "Quantity", "--unit-price", "UnitPrice", "--order-id", "InvoiceNo",
            "--category", "StockCode", "--as-of", "2011-12-10", "--strategy", "rfm",
            "--strategy", "abc", "--output", out, "--quiet")
    frame = tessera.segment(
        orders, customer="CustomerID", date="InvoiceDate", quantity="Quantity",
        unit_price="UnitPrice", order_id="InvoiceNo", category="StockCode", as_of="2011-12-10",
        strategies=["rfm", "abc"])
    assert_matches_cli_csv(out, frame)
