"""Every error class, raised with the core's message, and caught by the
Python base classes a pandas user would reach for."""
import numpy as np
import pandas as pd
import pytest

import tessera

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")


@pytest.fixture
def dataset():
    return tessera.Dataset.from_arrays(
        customer=np.array([1, 2, 2, 3]),
        date=np.array(["2020-01-02", "2020-01-05", "2020-02-01", "2020-02-03"],
                      dtype="datetime64[D]"),
        amount=np.array([10.0, 5.0, 7.5, 1.0]))


def test_hierarchy():
    assert issubclass(tessera.InvalidInputError, tessera.Error)
    assert issubclass(tessera.InvalidInputError, ValueError)
    assert issubclass(tessera.IngestError, tessera.InvalidInputError)
    assert issubclass(tessera.RuleSyntaxError, tessera.InvalidInputError)
    assert issubclass(tessera.NotFoundError, tessera.Error)
    assert issubclass(tessera.NotFoundError, LookupError)
    assert issubclass(tessera.StrategyError, tessera.Error)
    assert issubclass(tessera.IngestWarning, tessera.TesseraWarning)


def test_rule_syntax_error_has_line_column_and_caret(dataset):
    text = 'tier "VIP" when monetary >= 5\ntier "Low" when monetary whn 5\n'
    with pytest.raises(tessera.RuleSyntaxError) as caught:
        tessera.RuleFile(text, "my.rules")
    lines = str(caught.value).splitlines()
    # Line 2, column 26 (1-based) is where 'whn' starts.
    assert lines[0].startswith("my.rules:2:26: error:")
    assert "whn" in lines[0]
    assert lines[1].strip() == 'tier "Low" when monetary whn 5'
    assert lines[2].index("^") == lines[1].index("whn")
    # The same through run(rules=text).
    with pytest.raises(tessera.RuleSyntaxError, match="rules:2:26"):
        tessera.run(dataset, rules=text)


def test_unknown_rule_name_suggests_the_nearest(dataset):
    with pytest.raises(tessera.RuleSyntaxError, match="did you mean 'monetary'"):
        tessera.run(dataset, rules='tier "VIP" when monetry > 5\ntier "x" otherwise')


def test_invalid_input(dataset):
    with pytest.raises(tessera.InvalidInputError, match="'bins' must be an integer in"):
        tessera.run(dataset, strategies=["rfm:bins=99"])
    with pytest.raises(tessera.InvalidInputError, match="as_of"):
        tessera.run(dataset, as_of="not a date")
    with pytest.raises(tessera.InvalidInputError, match="frequency"):
        tessera.run(dataset, frequency="weekly")
    with pytest.raises(tessera.InvalidInputError, match="policy"):
        tessera.segment({"c": [1], "d": ["2020-01-01"], "a": [1.0]}, customer="c", date="d",
                        amount="a", policy="forgiving")
    with pytest.raises(tessera.InvalidInputError, match="quantity and unit_price"):
        tessera.segment({"c": [1], "d": ["2020-01-01"]}, customer="c", date="d")
    with pytest.raises(tessera.InvalidInputError, match="strategy"):
        tessera.run(dataset, strategies=[42])
    with pytest.raises(ValueError):  # what a pandas user would catch
        tessera.run(dataset, strategies=["rfm:bins=1"])


def test_ingest_error(dataset):
    with pytest.raises(tessera.IngestError, match="row 0: column 'amount': bad_amount"):
        tessera.Dataset.from_arrays(customer=[1], date=["2020-01-01"], amount=[np.inf],
                                    policy="strict")


def test_not_found(dataset, tmp_path):
    with pytest.raises(tessera.NotFoundError, match="no strategy named 'nosuch'; registered: "):
        tessera.run(dataset, strategies=["nosuch"])
    with pytest.raises(tessera.NotFoundError, match="rfm_segments"):
        tessera.builtin_rules("no_such_rules")
    with pytest.raises(tessera.NotFoundError, match="cannot open"):
        tessera.Dataset.from_csv(tmp_path / "absent.csv", customer="c", date="d", amount="a")
    with pytest.raises(tessera.NotFoundError, match="no column named 'Amount'"):
        tessera.segment(pd.DataFrame({"c": [1], "d": ["2020-01-01"], "a": [1.0]}),
                        customer="c", date="d", amount="Amount")
    result = tessera.run(dataset, rules='tier "all" otherwise')
    with pytest.raises(tessera.NotFoundError, match="99"):
        result.explain(99)
    with pytest.raises(LookupError):  # what a pandas user would catch
        result.explain(-5)


def test_strategy_error_keeps_the_original_as_cause(dataset):
    @tessera.strategy("broken")
    def broken(columns):
        raise ZeroDivisionError("boom")

    with pytest.raises(tessera.StrategyError, match="boom") as caught:
        tessera.run(dataset, strategies=["rfm", broken])
    assert isinstance(caught.value.__cause__, ZeroDivisionError)


def test_strategy_returning_the_wrong_shape_is_a_strategy_error(dataset):
    @tessera.strategy("short")
    def short(columns):
        return {"value": np.zeros(1)}

    with pytest.raises(tessera.StrategyError, match="has 1 values; expected 3"):
        tessera.run(dataset, strategies=[short])
