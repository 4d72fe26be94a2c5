"""What a notebook shows: the result's summary table, the ingest report, and
the segment summary's figures checked by hand."""
import numpy as np
import pandas as pd
import pytest

import tessera

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")

RULES = 'ruleset "level"\ntier "Gold" when recency_days <= 30\ntier "Basic" otherwise\n'


@pytest.fixture
def result():
    orders = pd.DataFrame({
        "customer": ["A", "B", "C", "D", None],
        "date": pd.to_datetime(["2020-01-10", "2020-02-20", "2019-06-01", "2020-01-25",
                                "2020-01-01"]),
        "amount": [10.0, 20.0, 30.0, 40.0, 99.0],
    })
    dataset = tessera.Dataset.from_frame(orders, customer="customer", date="date",
                                         amount="amount")
    return tessera.run(dataset, rules=RULES, as_of="2020-01-31")


def test_summary_by_hand(result):
    # As of 2020-01-31: A (recency 21, 1 purchase, 10) and D (6, 1, 40) are
    # Gold; C (244, 1, 30) and B (buys only after the as-of date: no purchase,
    # monetary 0, unknown recency) are Basic.
    summary = result.summary()
    assert summary.index.name == "level"
    assert list(summary.index) == ["Gold", "Basic", "total"]
    assert list(summary["customers"]) == [2, 2, 4]
    assert list(summary["share"]) == [0.5, 0.5, 1.0]
    assert list(summary["revenue"]) == [50.0, 30.0, 80.0]
    assert list(summary["mean_recency"]) == [13.5, 244.0, pytest.approx(271 / 3, rel=1e-15)]
    assert list(summary["mean_frequency"]) == [1.0, 0.5, 0.75]
    assert list(summary["mean_monetary"]) == [25.0, 15.0, 20.0]
    assert list(result.summary(total=False).index) == ["Gold", "Basic"]


def test_summary_of_other_columns(result):
    assert result.default_summary_column() == "level"
    by_segment = result.summary("rfm.segment", total=False)
    assert by_segment["customers"].sum() == 4
    assert "Prospect" in by_segment.index  # B had not bought yet
    with pytest.raises(tessera.NotFoundError, match="rfm.segment"):
        result.summary("no_such_column")


def test_result_html_shows_segments_counts_shares_and_the_ingest(result):
    page = result._repr_html_()
    for text in ["Gold", "Basic", "50.0%", "100.0%", "80.00", "244.00",
                 "Read 5 rows: 4 accepted, 1 rejected (missing_customer 1)",
                 "4 customers as of 2020-01-31"]:
        assert text in page, text
    # The tiny data leaves RFM scores empty: the warnings are listed.
    assert "<li>rfm:" in page
    assert "4 customers as of 2020-01-31" in repr(result)


def test_html_is_escaped():
    orders = pd.DataFrame({"c": ["<b>x</b>", "y"], "d": ["2020-01-01", "2020-01-02"],
                           "a": [1.0, 2.0]})
    dataset = tessera.Dataset.from_frame(orders, customer="c", date="d", amount="a")
    result = tessera.run(dataset, strategies=[],
                         rules='tier "<script>" when monetary > 1\ntier "a & b" otherwise')
    page = result._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "a &amp; b" in page


def test_ingest_report_views(result):
    report = result.report
    assert report.rows_read == 5 and report.rows_rejected == 1
    page = report._repr_html_()
    assert "missing_customer" in page and "First rejected rows" in page
    frame = report.to_frame()
    assert frame.index.name == "reason"
    assert set(frame.index) >= {"missing_customer", "bad_date", "bad_amount"}
    assert frame["rows"].sum() == 1
    assert "1 rejected" in repr(report)
    assert "4 customers" in repr(result.dataset)


def test_result_accessors(result):
    assert result.as_of == pd.Timestamp("2020-01-31")
    assert result.rule_sets == ["level"]
    assert result.customer_count == 4
    assert list(result.keys()) == ["A", "B", "C", "D"]
    assert "rfm.segment" in result.categorical_columns
    assert all(isinstance(text, str) for text in result.warnings)
    # Feature views of the core result share its memory; to_frame copies.
    view = result.core.feature("monetary")
    assert not view.flags.writeable
    frame = result.to_frame()
    assert not np.shares_memory(frame["monetary"].to_numpy(), view)
    frame.loc["A", "monetary"] = 0.0  # the frame is the user's to change
    days = result.to_frame(dates=False)["first_purchase"]
    assert days["A"] == (pd.Timestamp("2020-01-10") - pd.Timestamp("1970-01-01")).days
    assert pd.isna(result.to_frame()["first_purchase"]["B"])


def test_rule_file_and_listings(tmp_path, result):
    path = tmp_path / "levels.rules"
    path.write_text(RULES)
    from_path = tessera.run(result.dataset, rules=path, as_of="2020-01-31")
    pd.testing.assert_frame_equal(from_path.to_frame(), result.to_frame())
    with pytest.raises(tessera.RuleSyntaxError, match="levels.rules:1:"):
        path.write_text("tier oops")
        tessera.RuleFile.from_file(path)
    rules = tessera.RuleFile(RULES, "levels.rules")
    assert rules.set_names == ["level"]
    assert "levels.rules" in repr(rules) and "2 rules" in repr(rules)
    assert rules.sets[0].tiers == ["Gold", "Basic"]
    assert "rfm_segments" in tessera.builtin_rule_names()
    builtin = tessera.builtin_rules("rfm_segments")
    assert builtin.set_names == ["rfm_segment"]
    listing = tessera.strategies()
    assert list(listing.columns) == ["name", "description", "kind"]
    assert {"rfm", "abc", "lifecycle", "kmeans"} <= set(listing["name"])
