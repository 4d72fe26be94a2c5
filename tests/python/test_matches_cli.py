"""tessera.segment() on data loaded with pandas gives, column for column, what
the C++ command-line tool gives on the same file: the Python layer adds and
loses nothing on the way in or out."""
import re

import numpy as np
import pandas as pd
import pytest

import tessera

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")

DATE_COLUMNS = ("first_purchase", "last_purchase")


def assert_matches_cli_csv(path, frame):
    """Every column of the CLI's --output CSV against the same column of the
    frame: labels and dates exactly, numbers to 1e-12 relative (the two read
    the amounts with different parsers), unknown (an empty field) as NaN."""
    cli = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(cli.columns[1:]) == list(frame.columns)
    assert len(cli) == len(frame)
    assert list(cli.iloc[:, 0]) == [str(key) for key in frame.index]
    for name in frame.columns:
        ours = frame[name]
        theirs = cli[name]
        if name in DATE_COLUMNS:
            assert list(ours.dt.strftime("%Y-%m-%d").fillna("")) == list(theirs), name
        elif isinstance(ours.dtype, pd.CategoricalDtype):
            assert list(ours.astype(object).fillna("")) == list(theirs), name
        else:
            expected = np.array([float(text) if text else np.nan for text in theirs])
            np.testing.assert_allclose(ours.to_numpy(), expected, rtol=1e-12, atol=0,
                                       equal_nan=True, err_msg=name)


def cli_counts(stdout):
    read, accepted, rejected = re.search(
        r"read (\d+) rows, (\d+) accepted, (\d+) rejected", stdout).groups()
    return int(read), int(accepted), int(rejected)


def test_cdnow_sample_matches_cli(run_cli, source_dir, tmp_path):
    sample = source_dir / "data" / "cdnow" / "CDNOW_sample.txt"
    rules = source_dir / "examples" / "rules" / "service_levels.rules"
    strategies = ["rfm", "abc", "lifecycle", "kmeans"]
    out = tmp_path / "cli.csv"
    run_cli("segment", sample, "--delimiter", "space", "--no-header", "--customer", "#1",
            "--date", "#2", "--amount", "#4", "--as-of", "1997-09-30",
            *[arg for name in strategies for arg in ("--strategy", name)],
            "--rules", rules, "--output", out, "--quiet")

    # The file as an analyst would load it: whitespace-separated, no header,
    # the date as YYYYMMDD text.
    orders = pd.read_csv(sample, sep=r"\s+", header=None,
                         names=["master_id", "customer", "date", "cds", "dollars"],
                         dtype={"date": str}, float_precision="round_trip")
    orders["date"] = pd.to_datetime(orders["date"], format="%Y%m%d")
    frame = tessera.segment(orders, customer="customer", date="date", amount="dollars",
                            as_of="1997-09-30", strategies=strategies,
                            rules=tessera.RuleFile.from_file(rules))
    assert len(frame) == 2357  # the CDNOW 1/10 sample's customers (data/README.md)
    assert_matches_cli_csv(out, frame)


def messy_orders():
    """Text keys, date-times, quantity x unit price, order ids with
    cancellations, categories, and rows the policy must reject."""
    rng = np.random.default_rng(11)
    rows = 400
    quantity = rng.integers(1, 12, rows).astype(float)
    invoice = np.array([f"{500000 + i // 3}" for i in range(rows)], dtype=object)
    cancelled = rng.random(rows) < 0.05
    invoice[cancelled] = ["C" + text for text in invoice[cancelled]]
    quantity[cancelled] *= -1
    seconds = rng.integers(0, 200 * 86400, rows)
    orders = pd.DataFrame({
        "InvoiceNo": invoice,
        "StockCode": rng.choice(["85123A", "71053", "84406B", "22752", "21730"], rows),
        "Quantity": quantity,
        "InvoiceDate": (pd.Timestamp("2011-01-01") + pd.to_timedelta(seconds, "s"))
        .strftime("%Y-%m-%d %H:%M:%S"),
        "UnitPrice": np.round(rng.uniform(0.1, 20.0, rows), 2),
        "Customer": rng.choice([f"cust{n:03d}" for n in range(60)], rows).astype(object),
    })
    orders.loc[[3, 50, 51], "Customer"] = ""
    orders.loc[[7], "InvoiceDate"] = "not a date"
    orders.loc[[9], "UnitPrice"] = np.nan
    return orders


def test_text_keys_orders_and_rejects_match_cli(run_cli, tmp_path):
    csv_path = tmp_path / "orders.csv"
    messy_orders().to_csv(csv_path, index=False)
    out = tmp_path / "cli.csv"
    strategies = ["rfm", "behaviour", "value_tier"]
    done = run_cli("segment", csv_path, "--customer", "Customer", "--date", "InvoiceDate",
                   "--quantity", "Quantity", "--unit-price", "UnitPrice",
                   "--order-id", "InvoiceNo", "--category", "StockCode", "--key-kind", "string",
                   "--as-of", "2011-08-01",
                   *[arg for name in strategies for arg in ("--strategy", name)],
                   "--rules", "builtin:rfm_segments", "--output", out)

    orders = pd.read_csv(csv_path, float_precision="round_trip")
    dataset = tessera.Dataset.from_frame(
        orders, customer="Customer", date="InvoiceDate", quantity="Quantity",
        unit_price="UnitPrice", order_id="InvoiceNo", category="StockCode")
    report = dataset.report
    read, accepted, rejected = cli_counts(done.stdout)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == \
        (read, accepted, rejected) == (400, 395, 5)
    # Three empty customers, one bad date; the missing unit price makes a
    # missing amount here, a bad price in the file reader: one row either way.
    assert report.rejected_by_reason["missing_customer"] == 3
    assert report.rejected_by_reason["bad_date"] == 1
    assert report.return_rows > 0

    result = tessera.run(dataset, strategies=strategies, rules="builtin:rfm_segments",
                         as_of="2011-08-01")
    frame = result.to_frame()
    assert frame.index.dtype == object
    assert_matches_cli_csv(out, frame)
