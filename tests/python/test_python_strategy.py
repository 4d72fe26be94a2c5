"""Strategies written in Python: a subclass and a decorated function, run in
their place among the built-in strategies and read by rules."""
import numpy as np
import pandas as pd
import pytest

import tessera

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")


def orders():
    # Monetary: 1 -> 120, 2 -> 30, 3 -> 600, 4 -> 45; frequency 2, 1, 3, 1.
    return pd.DataFrame({
        "customer": [1, 1, 2, 3, 3, 3, 4],
        "date": pd.to_datetime(["2023-01-02", "2023-01-09", "2023-01-03", "2023-01-04",
                                "2023-01-05", "2023-01-30", "2023-01-20"]),
        "amount": [100.0, 20.0, 30.0, 200.0, 200.0, 200.0, 45.0],
    })


class SpendBand(tessera.Strategy):
    """Bands of monetary with a chosen cut, as a pandas Categorical."""

    name = "band"

    def __init__(self, cut=100.0):
        self.cut = cut

    def score(self, columns):
        monetary = columns["monetary"]
        band = pd.Categorical(np.where(monetary >= self.cut, "high", "low"),
                              categories=["high", "low"])
        # A numeric output computed from an earlier strategy's score.
        return {"level": band, "r_plus_f": pd.Series(columns["rfm.r"] + columns["rfm.f"])}


@tessera.strategy("per_order")
def per_order(columns):
    """Mean spend per purchase, as a plain numpy array."""
    return {"spend": columns["monetary"] / columns["frequency"]}


RULES = """
tier "Top" when band.level == "high" and per_order.spend >= 150
tier "Good" when band.level == "high"
tier "Rest" otherwise
"""


def test_subclass_and_function_strategies_feed_rules():
    frame = tessera.segment(orders(), customer="customer", date="date", amount="amount",
                            as_of="2023-02-01", strategies=["rfm", SpendBand(cut=100), per_order],
                            rules=RULES)
    assert list(frame["band.level"].cat.categories) == ["high", "low"]
    assert list(frame["band.level"].astype(str)) == ["high", "low", "high", "low"]
    np.testing.assert_array_equal(frame["per_order.spend"], [60.0, 30.0, 200.0, 45.0])
    np.testing.assert_array_equal(frame["band.r_plus_f"], frame["rfm.r"] + frame["rfm.f"])
    # 1: high, 60 per order -> Good; 3: high, 200 -> Top; 2 and 4: low -> Rest.
    assert list(frame["tier"].astype(str)) == ["Good", "Rest", "Top", "Rest"]
    assert list(frame["tier"].cat.categories) == ["Top", "Good", "Rest"]


def test_strategy_class_parameters_and_a_class_given_uninstantiated():
    cut_50 = tessera.segment(orders(), customer="customer", date="date", amount="amount",
                             strategies=["rfm", SpendBand(cut=50)])
    default = tessera.segment(orders(), customer="customer", date="date", amount="amount",
                              strategies=["rfm", SpendBand])
    assert list(cut_50["band.level"].astype(str)) == ["high", "low", "high", "low"]
    assert list(default["band.level"].astype(str)) == ["high", "low", "high", "low"]
    cut_500 = tessera.segment(orders(), customer="customer", date="date", amount="amount",
                              strategies=["rfm", SpendBand(cut=500)])
    assert list(cut_500["band.level"].astype(str)) == ["low", "low", "high", "low"]


def test_text_outputs_become_sorted_labels_and_nan_is_unknown():
    @tessera.strategy("flags")
    def flags(columns):
        words = np.where(columns["frequency"] >= 2, "repeat", "once").astype(object)
        words[3] = None
        return {"kind": words, "maybe": np.where(columns["monetary"] > 100, 1.0, np.nan)}

    frame = tessera.segment(orders(), customer="customer", date="date", amount="amount",
                            strategies=[flags],
                            rules='tier "R" when flags.kind == "repeat"\n'
                                  'tier "M" when flags.maybe is missing\ntier "O" otherwise')
    assert list(frame["flags.kind"].cat.categories) == ["once", "repeat"]
    assert pd.isna(frame["flags.kind"].iloc[3])
    # 1 and 3 repeat; 2 (30, maybe NaN) is missing; 4 has unknown kind and NaN.
    assert list(frame["tier"].astype(str)) == ["R", "M", "R", "M"]


def test_the_function_stays_callable_and_documented():
    columns = {"monetary": np.array([10.0]), "frequency": np.array([2.0])}
    assert per_order(columns)["spend"][0] == 5.0
    assert "Mean spend" in per_order.__doc__
    assert per_order.name == "per_order"


def test_columns_given_to_a_strategy_are_read_only_features_and_scores():
    seen = {}

    @tessera.strategy("spy")
    def spy(columns):
        seen.update({name: np.array(values) for name, values in columns.items()})
        seen["writeable"] = any(values.flags.writeable for values in columns.values())
        return {"one": np.ones(len(columns["monetary"]))}

    frame = tessera.segment(orders(), customer="customer", date="date", amount="amount",
                            as_of="2023-02-01", strategies=["rfm", spy])
    assert seen["writeable"] is False
    np.testing.assert_array_equal(seen["monetary"], frame["monetary"])
    np.testing.assert_array_equal(seen["rfm.r"], frame["rfm.r"])
    assert "rfm.segment" not in seen  # categorical scores are not numbers


def test_two_python_strategies_with_one_name_are_refused():
    with pytest.raises(tessera.InvalidInputError, match="two Python strategies"):
        tessera.segment(orders(), customer="customer", date="date", amount="amount",
                        strategies=[SpendBand(), SpendBand()])


def test_registered_strategies_are_used_and_listed_by_name():
    tessera.register(SpendBand(cut=500))
    frame = tessera.segment(orders(), customer="customer", date="date", amount="amount",
                            strategies=["rfm", "band", "per_order"])  # per_order: decorated
    assert list(frame["band.level"].astype(str)) == ["low", "low", "high", "low"]
    np.testing.assert_array_equal(frame["per_order.spend"], [60.0, 30.0, 200.0, 45.0])
    listing = tessera.strategies().set_index("name")
    assert listing.loc["band", "kind"] == "python"
    assert listing.loc["per_order", "description"].startswith("Mean spend per purchase")
    assert listing.loc["rfm", "kind"] == "built-in"
    with pytest.raises(tessera.InvalidInputError, match="constructor"):
        tessera.segment(orders(), customer="customer", date="date", amount="amount",
                        strategies=["band:cut=5"])


def test_a_builtin_name_cannot_be_taken():
    class Impostor(tessera.Strategy):
        name = "rfm"

    with pytest.raises(tessera.InvalidInputError, match="built-in"):
        tessera.register(Impostor())
