"""Tier snapshots across periods with `demote after 2 periods`, saved,
loaded and compared; explanations by customer key."""
import numpy as np
import pandas as pd
import pytest

import tessera

RULES = """ruleset "level"
demote after 2 periods
tier "Gold" when recency_days <= 30
tier "Basic" otherwise
"""


@pytest.fixture
def dataset():
    # A buys once in January; B once in late February; C long ago; D in
    # January and again in late March.
    orders = pd.DataFrame({
        "customer": ["A", "B", "C", "D", "D"],
        "date": pd.to_datetime(["2020-01-10", "2020-02-20", "2019-06-01", "2020-01-25",
                                "2020-03-25"]),
        "amount": [10.0, 20.0, 30.0, 40.0, 50.0],
    })
    return tessera.Dataset.from_frame(orders, customer="customer", date="date", amount="amount")


def run(dataset, as_of, previous=None):
    return tessera.run(dataset, strategies=[], rules=RULES, as_of=as_of, previous_tiers=previous)


def tiers(result):
    return dict(zip(result.keys(), result.to_frame()["level"].astype(str)))


def test_demotion_waits_for_the_second_failing_period(dataset, tmp_path):
    # January (as of 01-31): recency A 21, B none (buys later), C 244, D 6.
    january = run(dataset, "2020-01-31")
    assert tiers(january) == {"A": "Gold", "B": "Basic", "C": "Basic", "D": "Gold"}
    january.tier_snapshot().save(tmp_path / "january.tiers")

    # February (02-29): A 50 and D 35 fail Gold for the first time and keep
    # it; B (9) is promoted at once.
    february = run(dataset, "2020-02-29", tessera.TierSnapshot.load(tmp_path / "january.tiers"))
    assert tiers(february) == {"A": "Gold", "B": "Gold", "C": "Basic", "D": "Gold"}
    held = february.to_frame()["level.held"]
    assert held["A"] == 1 and held["D"] == 1 and held["B"] == 0
    # Without the previous snapshot the demotion is immediate.
    assert tiers(run(dataset, "2020-02-29"))["A"] == "Basic"

    # March (03-31): A fails a second time (81) and is demoted; D bought on
    # 03-25 (6) and meets Gold again; B (40) now fails for the first time.
    march = run(dataset, "2020-03-31", february.tier_snapshot())
    assert tiers(march) == {"A": "Basic", "B": "Gold", "C": "Basic", "D": "Gold"}
    assert march.to_frame()["level.held"]["D"] == 0


def test_snapshot_round_trip(dataset, tmp_path):
    snapshot = run(dataset, "2020-02-29", run(dataset, "2020-01-31").tier_snapshot()).tier_snapshot()
    path = tmp_path / "february.tiers"
    snapshot.save(path)
    loaded = tessera.TierSnapshot.load(path)
    assert loaded.rule_set == "level"
    assert loaded.as_of == pd.Timestamp("2020-02-29")
    assert loaded.fingerprint == snapshot.fingerprint
    assert loaded.tiers == ["Gold", "Basic"]
    assert len(loaded) == 4
    pd.testing.assert_frame_equal(loaded.to_frame(), snapshot.to_frame())
    assert loaded.to_frame().loc["A", "held_periods"] == 1


def test_compare_tiers_counts_moves(dataset, tmp_path):
    january = run(dataset, "2020-01-31").tier_snapshot()
    february = run(dataset, "2020-02-29", january).tier_snapshot()
    march = run(dataset, "2020-03-31", february).tier_snapshot()

    # January -> February: B Basic -> Gold; A, C, D unchanged.
    moved = tessera.compare_tiers(january, february)
    np.testing.assert_array_equal(moved.matrix.to_numpy(), [[2, 0], [1, 1]])
    assert list(moved.matrix.index) == ["Gold", "Basic"]
    assert moved.matrix.index.name == "from" and moved.matrix.columns.name == "to"
    assert moved.upgraded == ["B"]
    assert moved.downgraded == []
    assert sorted(moved.unchanged) == ["A", "C", "D"]
    assert not moved.rules_changed
    assert "1 upgraded" in moved._repr_html_()

    # February -> March, from saved files: A Gold -> Basic.
    february_path, march_path = tmp_path / "feb.tiers", tmp_path / "mar.tiers"
    february.save(february_path)
    march.save(march_path)
    moved = tessera.compare_tiers(february_path, march_path)
    np.testing.assert_array_equal(moved.matrix.to_numpy(), [[2, 1], [0, 1]])
    assert moved.downgraded == ["A"]
    moves = moved.moves().set_index("customer")["change"]
    assert moves["A"] == "downgraded" and moves["B"] == "unchanged"
    assert "Gold" in moved.text()


def test_explain_by_key(dataset):
    february = run(dataset, "2020-02-29", run(dataset, "2020-01-31").tier_snapshot())
    why = february.explain("A")
    assert why.startswith('A: tier "Gold" kept by `demote after 2 periods`')
    assert "recency_days = 50" in why
    assert repr(why) == str(why)  # prints as text in a notebook
    assert february.explain("C", rule_set="level").startswith('C: tier "Basic" by rule 2')
    with pytest.raises(tessera.NotFoundError):
        february.explain("Z")
    with pytest.raises(tessera.NotFoundError):
        february.explain("A", rule_set="nope")


def test_explain_with_integer_keys():
    orders = pd.DataFrame({"c": np.array([10, 20], dtype=np.int64),
                           "d": pd.to_datetime(["2020-01-01", "2020-01-20"]), "a": [5.0, 500.0]})
    result = tessera.run(
        tessera.Dataset.from_frame(orders, customer="c", date="d", amount="a"), strategies=[],
        rules='tier "Big" when monetary >= 100\ntier "Small" otherwise', as_of="2020-02-01")
    assert result.explain(20).startswith('20: tier "Big" by rule 1')
    assert result.explain(np.int64(10)).startswith('10: tier "Small" by rule 2')
    assert "monetary = 5" in result.explain(10)


def test_explain_takes_the_float_ids_pandas_reads_with_gaps():
    # Online Retail's CustomerID reads as float64 (17850.0) because of its
    # missing ids; the index of the result holds the integer 17850.
    orders = pd.DataFrame({"c": [17850.0, np.nan, 13047.0],
                           "d": pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-20"]),
                           "a": [5.0, 1.0, 500.0]})
    dataset = tessera.Dataset.from_frame(orders, customer="c", date="d", amount="a")
    assert dataset.report.rows_rejected == 1  # the NaN id: missing_customer
    result = tessera.run(dataset, strategies=[], as_of="2020-02-01",
                         rules='tier "Big" when monetary >= 100\ntier "Small" otherwise')
    assert result.explain(13047.0).startswith('13047: tier "Big" by rule 1')
    assert result.explain(np.float64(17850.0)).startswith('17850: tier "Small"')
    with pytest.raises(tessera.NotFoundError):
        result.explain(99.0)  # a whole number, but no such customer
    for not_a_key in (17850.5, True):
        with pytest.raises(tessera.InvalidInputError):
            result.explain(not_a_key)
