"""Results of a tiny dataset against values worked out by hand."""
import numpy as np
import pytest

from tessera import _core

# (customer, day, amount, order id). Customer 30's three lines are two orders.
ROWS = [(10, 18000, 5.0, "A1"), (20, 18005, 40.0, "A2"), (30, 17990, 7.0, "A3"),
        (10, 18010, 15.0, "A4"), (30, 17995, 3.0, "A5"), (30, 18010, 10.0, "A5")]


def dataset(rows=ROWS, with_orders=False):
    keys, days, amounts, orders = zip(*rows)
    extra = {"order_ids": list(orders)} if with_orders else {}
    return _core.build_dataset(int_keys=np.array(keys, dtype=np.int64),
                               days=np.array(days, dtype=np.int32),
                               amounts=np.array(amounts), **extra)


def test_rfm_inputs():
    result = _core.run(dataset())
    # Dense order is first appearance: 10, 20, 30. The last transaction is on
    # day 18010, so the default as-of day is 18011.
    np.testing.assert_array_equal(result.dataset.keys(), [10, 20, 30])
    assert result.as_of_day == 18011
    np.testing.assert_array_equal(result.feature("recency_days"), [18011 - 18010, 18011 - 18005,
                                                                   18011 - 18010])
    np.testing.assert_array_equal(result.feature("frequency"), [2, 1, 3])
    np.testing.assert_array_equal(result.feature("monetary"), [5 + 15, 40, 7 + 3 + 10])
    np.testing.assert_array_equal(result.feature("first_purchase"), [18000, 18005, 17990])


def test_as_of_and_frequency_options():
    result = _core.run(dataset(with_orders=True), as_of_day=18020, frequency="orders")
    np.testing.assert_array_equal(result.feature("recency_days"), [10, 15, 10])
    np.testing.assert_array_equal(result.feature("frequency"), [2, 1, 2])
    days = _core.run(dataset(), frequency="days").feature("frequency")
    np.testing.assert_array_equal(days, [2, 1, 3])


def test_rfm_scores_with_two_bins():
    # rfm.h: break = type-7 median + 1. Recency [1, 6, 1]: median 1, break 2,
    # so 1 -> bin 1 -> R 2 (reversed), 6 -> R 1. Frequency [2, 1, 3]: median 2,
    # break 3: F = 1, 1, 2. Monetary [20, 40, 20]: median 20, break 21: M = 1, 2, 1.
    result = _core.run(dataset(), strategies=[("rfm", "bins=2")])
    np.testing.assert_array_equal(result.score("rfm.r").values, [2, 1, 2])
    np.testing.assert_array_equal(result.score("rfm.f").values, [1, 1, 2])
    np.testing.assert_array_equal(result.score("rfm.m").values, [1, 2, 1])
    # rfm.score = 100 R + 10 F + M.
    np.testing.assert_array_equal(result.score("rfm.score").values, [211, 112, 221])


RULES = ('tier "Top" when frequency >= 3\n'
         'tier "Mid" when monetary >= 30\n'
         'tier "Low" otherwise\n')


def test_rules_summary_and_explanation():
    rules = _core.RuleFile(RULES, "hand.rules")
    assert [s.name for s in rules.sets] == ["tier"]
    assert rules.sets[0].tiers == ["Top", "Mid", "Low"]
    assert [r.line for r in rules.sets[0].rules] == [1, 2, 3]
    assert rules.sets[0].rules[2].otherwise
    result = _core.run(dataset(), rules=[rules])
    tier = result.score("tier")
    assert [tier.labels[c] for c in tier.codes] == ["Low", "Mid", "Top"]
    assert result.rule_set_names() == ["tier"]
    assert "tier" in result.categorical_column_names()
    explanation = result.explain("tier", 1)
    assert 'tier "Mid" by rule 2 (line 2)' in explanation
    assert "monetary = 40" in explanation

    rows = result.segment_summary("tier")
    assert [(r.segment, r.customers, r.revenue) for r in rows] == [
        ("Top", 1, 20.0), ("Mid", 1, 40.0), ("Low", 1, 20.0), ("total", 3, 80.0)]
    total = rows[-1]
    assert total.share == 1.0
    assert total.mean_recency == pytest.approx((1 + 6 + 1) / 3)
    assert total.mean_frequency == pytest.approx((2 + 1 + 3) / 3)
    assert total.mean_monetary == pytest.approx(80 / 3)
    assert rows[0].share == pytest.approx(1 / 3)


def test_tier_snapshots_round_trip_and_compare(tmp_path):
    rules = _core.RuleFile(RULES, "hand.rules")
    before = _core.run(dataset(), rules=[rules]).tier_snapshot("tier")
    assert before.keys == ["10", "20", "30"]
    np.testing.assert_array_equal(before.tier, [2, 1, 0])
    assert before.as_of_day == 18011
    path = tmp_path / "tier.snapshot"
    before.save(str(path))
    loaded = _core.TierSnapshot.load(str(path))
    assert (loaded.rule_set, loaded.fingerprint, loaded.keys, loaded.tiers) == (
        before.rule_set, before.fingerprint, before.keys, before.tiers)
    np.testing.assert_array_equal(loaded.tier, before.tier)

    # A period later customer 10 buys a third time: Low -> Top.
    later_rows = ROWS + [(10, 18020, 1.0, "A6")]
    after_result = _core.run(dataset(later_rows), rules=[rules],
                             previous_tiers={"tier": loaded})
    after = after_result.tier_snapshot("tier")
    np.testing.assert_array_equal(after.tier, [0, 1, 0])
    np.testing.assert_array_equal(after.held_periods, [0, 0, 0])
    migration = _core.compare_tiers(loaded, after)
    assert migration.upgraded == ["10"] and migration.downgraded == []
    assert migration.unchanged == ["20", "30"]
    assert not migration.rules_changed
    counts = migration.counts
    low, top = migration.tiers.index("Low"), migration.tiers.index("Top")
    assert counts[low, top] == 1 and counts.sum() == 3
    assert "Low" in migration.text()

    with pytest.raises(_core.NotFoundError):
        _core.TierSnapshot.load(str(tmp_path / "missing"))


def test_builtin_rule_file_gives_the_rfm_segments():
    names = _core.builtin_rule_file_names()
    assert "rfm_segments" in names
    rules = _core.RuleFile(_core.builtin_rule_file("rfm_segments"), "rfm_segments")
    result = _core.run(dataset(), rules=[rules])
    by_rules, by_strategy = result.score("rfm_segment"), result.score("rfm.segment")
    assert ([by_rules.labels[c] for c in by_rules.codes] ==
            [by_strategy.labels[c] for c in by_strategy.codes])


def test_customer_table_attributes_and_prospects():
    ds = _core.build_dataset(
        int_keys=np.array([1, 2], dtype=np.int64), days=np.array([18000, 18001], dtype=np.int32),
        amounts=np.array([5.0, 6.0]), customer_int_keys=np.array([3, 1], dtype=np.int64),
        text_attributes={"region": ["north", None]},
        number_attributes={"limit": np.array([100.0, np.nan])})
    # Listed customers first in table order, then those first seen in transactions.
    np.testing.assert_array_equal(ds.keys(), [3, 1, 2])
    assert ds.text_attribute_names() == ["region"]
    assert ds.number_attribute_names() == ["limit"]
    result = _core.run(ds)
    np.testing.assert_array_equal(result.feature("frequency"), [0, 1, 1])
    assert np.isnan(result.feature("recency_days")[0])


def test_strategy_list_and_version():
    names = [name for name, _ in _core.strategies()]
    assert "rfm" in names and "abc" in names
    major, minor, patch = (int(part) for part in _core.__version__.split("."))
    assert major >= 1 and minor >= 0 and patch >= 0
