"""Each core failure reaches Python as its own exception class, message unchanged."""
import numpy as np
import pytest

from tessera import _core


def small_dataset(**overrides):
    columns = {
        "int_keys": np.array([1, 2, 3], dtype=np.int64),
        "days": np.array([18000, 18001, 18002], dtype=np.int32),
        "amounts": np.array([10.0, 20.0, 30.0]),
    }
    columns.update(overrides)
    return _core.build_dataset(**columns)


def test_class_hierarchy_lets_python_users_catch_what_they_expect():
    assert issubclass(_core.InvalidInputError, _core.Error)
    assert issubclass(_core.InvalidInputError, ValueError)
    assert issubclass(_core.IngestError, _core.InvalidInputError)
    assert issubclass(_core.RuleSyntaxError, _core.InvalidInputError)
    assert issubclass(_core.NotFoundError, LookupError)
    assert issubclass(_core.StrategyError, _core.Error)
    assert _core.IngestError.__module__ == "tessera._core"


def test_strict_nan_amount_is_an_ingest_error_naming_the_row():
    with pytest.raises(_core.IngestError) as raised:
        small_dataset(amounts=np.array([10.0, np.nan, 30.0]), policy="strict")
    assert str(raised.value).startswith("row 1: column 'amount': bad_amount")


def test_lenient_nan_amount_is_counted_not_raised():
    dataset = small_dataset(amounts=np.array([10.0, np.nan, 30.0]))
    assert dataset.report.rows_rejected == 1
    assert dataset.report.examples == [(1, "amount", "bad_amount", "amount is nan")]


def test_strict_csv_row_error_names_path_and_line(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\n1,2020-01-01,5\n2,2020-13-45,6\n")
    with pytest.raises(_core.IngestError) as raised:
        _core.read_csv(str(path), customer="customer", date="date", amount="amount",
                       policy="strict")
    assert str(raised.value).startswith(f"{path}:3: column 'date': bad_date")


def test_csv_configuration_errors():
    with pytest.raises(_core.NotFoundError):
        _core.read_csv("/nonexistent/orders.csv", customer="c", date="d", amount="a")
    with pytest.raises(_core.InvalidInputError, match="'delimiter' must be one character"):
        _core.read_csv("/nonexistent/orders.csv", customer="c", date="d", delimiter=";;")


def test_shape_errors_are_invalid_input_not_ingest_errors():
    with pytest.raises(_core.InvalidInputError) as raised:
        small_dataset(amounts=np.array([1.0, 2.0]))
    assert type(raised.value) is _core.InvalidInputError
    assert "column 'amounts' has 2 values, expected 3" in str(raised.value)


def test_options_outside_their_choices():
    with pytest.raises(_core.InvalidInputError, match="'policy' must be one of 'lenient', 'strict'"):
        small_dataset(policy="forgiving")
    with pytest.raises(_core.InvalidInputError, match="'frequency' must be one of"):
        _core.run(small_dataset(), frequency="weekly")


def test_unknown_strategy_is_not_found():
    with pytest.raises(_core.NotFoundError, match="nosuch"):
        _core.run(small_dataset(), strategies=[("nosuch", "")])


def test_bad_strategy_parameter_is_invalid_input():
    with pytest.raises(_core.InvalidInputError, match="'bins' must be an integer in"):
        _core.run(small_dataset(), strategies=[("rfm", "bins=99")])


def test_rule_syntax_error_has_location_and_caret():
    with pytest.raises(_core.RuleSyntaxError) as raised:
        _core.RuleFile('tier "VIP" when monetary whn 5\n', "my.rules")
    message = str(raised.value)
    assert message.startswith("my.rules:1:")
    assert ":1:" in message and "^" in message
    assert 'tier "VIP" when monetary whn 5' in message


def test_rule_naming_an_unknown_column_is_a_rule_syntax_error_at_run():
    rules = _core.RuleFile('tier "A" when monetarry > 5\ntier "B" otherwise\n', "r.rules")
    with pytest.raises(_core.RuleSyntaxError) as raised:
        _core.run(small_dataset(), rules=[rules])
    assert str(raised.value).startswith("r.rules:1:")
    assert "^" in str(raised.value)


def test_python_strategy_raising_is_a_strategy_error_from_the_original():
    def broken(columns):
        raise ZeroDivisionError("no customers to divide by")

    with pytest.raises(_core.StrategyError) as raised:
        _core.run(small_dataset(), strategies=[("broken", "")],
                  python_strategies={"broken": broken})
    assert isinstance(raised.value.__cause__, ZeroDivisionError)
    assert str(raised.value.__cause__) == "no customers to divide by"
    assert raised.value.__cause__.__traceback__ is not None
    assert str(raised.value).startswith("broken: ")
    assert "ZeroDivisionError: no customers to divide by" in str(raised.value)


def test_unknown_names_in_result_and_dataset():
    result = _core.run(small_dataset())
    with pytest.raises(_core.NotFoundError, match="nosuch"):
        result.feature("nosuch")
    with pytest.raises(_core.NotFoundError, match="no score column 'nosuch'"):
        result.score("nosuch")
    with pytest.raises(_core.NotFoundError, match="no rule set 'tier'"):
        result.explain("tier", 0)
    with pytest.raises(_core.NotFoundError):
        result.dataset.find(99)
    with pytest.raises(_core.NotFoundError):
        _core.builtin_rule_file("nosuch")
    with pytest.raises(_core.NotFoundError):
        result.segment_summary("nosuch")


def test_explain_checks_the_customer_index():
    rules = _core.RuleFile('tier "A" when monetary > 15\ntier "B" otherwise\n')
    result = _core.run(small_dataset(), rules=[rules])
    with pytest.raises(_core.InvalidInputError, match="customer index 3 is out of range"):
        result.explain("tier", 3)
    with pytest.raises(_core.InvalidInputError, match="customer index -1 is out of range"):
        result.explain("tier", -1)


def test_a_raising_strategy_leaves_no_input_views_in_its_traceback():
    def broken(columns):
        monetary = columns["monetary"]
        raise RuntimeError(f"{len(monetary)} customers")

    with pytest.raises(_core.StrategyError) as raised:
        _core.run(small_dataset(), strategies=[("broken", "")],
                  python_strategies={"broken": broken})
    frame = raised.value.__cause__.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    assert frame.tb_frame.f_code.co_name == "broken"
    # The views' memory belongs to the failed run: the frame must not keep them.
    assert "columns" not in frame.tb_frame.f_locals
    assert "monetary" not in frame.tb_frame.f_locals
