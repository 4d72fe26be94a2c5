"""Python callables as strategies: what they see, what they may return."""
import numpy as np
import pytest

from tessera import _core

# Five customers, one purchase each, amounts 10..50.
KEYS = np.array([1, 2, 3, 4, 5], dtype=np.int64)
DAYS = np.array([18000, 18001, 18002, 18003, 18004], dtype=np.int32)
AMOUNTS = np.array([10.0, 20.0, 30.0, 40.0, 50.0])


def dataset():
    return _core.build_dataset(int_keys=KEYS, days=DAYS, amounts=AMOUNTS)


def test_strategy_sees_read_only_features_and_earlier_numeric_scores():
    seen = {}

    def spy(columns):
        seen.update({name: np.array(values) for name, values in columns.items()})
        seen["writeable"] = any(values.flags.writeable for values in columns.values())
        return {}

    result = _core.run(dataset(), strategies=[("rfm", ""), ("spy", "")],
                       python_strategies={"spy": spy})
    assert not seen["writeable"]
    np.testing.assert_array_equal(seen["monetary"], AMOUNTS)
    np.testing.assert_array_equal(seen["recency_days"], [5.0, 4.0, 3.0, 2.0, 1.0])
    np.testing.assert_array_equal(seen["rfm.r"], result.score("rfm.r").values)
    assert "rfm.segment" not in seen  # categorical scores are not passed


def test_numeric_and_categorical_outputs_feed_a_rule():
    def value(columns):
        doubled = columns["monetary"] * 2.0
        big = (columns["monetary"] >= 30.0).astype(np.int8)
        return {"doubled": doubled, "size": (big, ["small", "big"])}

    rules = _core.RuleFile('tier "Gold" when value.doubled >= 80\n'
                           'tier "Big" when value.size == "big"\n'
                           'tier "Rest" otherwise\n')
    result = _core.run(dataset(), strategies=[("value", "")], rules=[rules],
                       python_strategies={"value": value})
    np.testing.assert_array_equal(result.score("value.doubled").values, AMOUNTS * 2.0)
    size = result.score("value.size")
    assert size.kind == "categorical" and size.labels == ["small", "big"]
    np.testing.assert_array_equal(size.codes, [0, 0, 1, 1, 1])
    tier = result.score("tier")
    # Hand evaluation: doubled = 20, 40, 60, 80, 100; big from amount 30 on.
    assert [tier.labels[code] for code in tier.codes] == ["Rest", "Rest", "Big", "Gold", "Gold"]
    assert "value.doubled" in result.explain("tier", 4)


def test_returning_an_input_view_is_fine():
    result = _core.run(dataset(), strategies=[("echo", "")],
                       python_strategies={"echo": lambda columns: {"m": columns["monetary"]}})
    np.testing.assert_array_equal(result.score("echo.m").values, AMOUNTS)


@pytest.mark.parametrize("returned, message", [
    ({"v": np.ones(3)}, "echo: output 'v': expected 5 values"),
    ({"v": "abc"}, "echo: output 'v': expected a float array of 5 values"),
    ({"v": (np.zeros(5, dtype=np.int32), ["a"], "extra")}, "a \\(codes, labels\\) pair"),
    ({"v": (np.full(5, 2), ["a", "b"])}, "code 2 of customer 0 is outside \\[-1, 2\\)"),
    ({"v": (np.zeros(5), ["a"])}, "codes must be an integer array, got dtype float64"),
    ({"v": (np.zeros(5, dtype=np.int64), ["a", "a"])}, "the labels are not distinct"),
    ({"v": (np.zeros(5, dtype=np.int64), ["a", 3])}, "'labels' item 1: expected str"),
    ({"": np.ones(5)}, "output names must be non-empty str"),
    ([1, 2], "must return a mapping"),
])
def test_wrong_outputs_are_strategy_errors_naming_the_output(returned, message):
    with pytest.raises(_core.StrategyError, match=message) as raised:
        _core.run(dataset(), strategies=[("echo", "")],
                  python_strategies={"echo": lambda columns: returned})
    assert raised.value.__cause__ is None


def test_minus_one_codes_are_customers_without_a_label():
    codes = np.array([-1, 0, 0, -1, 0], dtype=np.int32)
    result = _core.run(dataset(), strategies=[("c", "")],
                       python_strategies={"c": lambda columns: {"k": (codes, ["x"])}})
    np.testing.assert_array_equal(result.score("c.k").codes, codes)


def test_parameters_and_names():
    with pytest.raises(_core.InvalidInputError, match="takes no parameters"):
        _core.run(dataset(), strategies=[("p", "bins=3")],
                  python_strategies={"p": lambda columns: {}})
    with pytest.raises(_core.Error, match="rfm"):
        _core.run(dataset(), python_strategies={"rfm": lambda columns: {}})
    with pytest.raises(_core.InvalidInputError, match="not callable"):
        _core.run(dataset(), python_strategies={"p": 42})



def test_columns_a_strategy_keeps_outlive_a_run_that_fails_after_it():
    kept = {}

    def keeper(columns):
        kept.update(columns)
        return {}

    def failing(columns):
        raise RuntimeError("no model")

    with pytest.raises(_core.StrategyError):
        _core.run(dataset(), strategies=[("keeper", ""), ("failing", "")],
                  python_strategies={"keeper": keeper, "failing": failing})
    # The failed run's tables are gone; what the strategy kept must not read
    # them. Monetary is the amounts (one row per customer), by construction.
    np.testing.assert_array_equal(kept["monetary"], AMOUNTS)
    np.testing.assert_array_equal(kept["recency_days"], [5.0, 4.0, 3.0, 2.0, 1.0])
