"""Random rule files: each customer's tier equals a plain pandas evaluation of
the rules: the first rule whose condition is true wins, and a comparison
with a missing value (NaN) is unknown, so it neither matches nor, negated,
matches (SQL's three-valued logic, as the README describes)."""
import warnings

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tessera

FEATURES = ["monetary", "frequency", "recency_days", "mean_gap_days"]
OPERATORS = ["<", "<=", ">", ">=", "==", "!="]

# A fixed table whose features include NaN: mean_gap_days of customers with
# one purchase day, recency_days of customers who only buy after the as-of.
ORDERS = pd.DataFrame({
    "customer": [1, 1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8],
    "day": [0, 10, 30, 5, 2, 40, 15, 1, 3, 90, 20, 20, 55],
    "amount": [10.0, 25.0, 5.0, 40.0, 12.5, 12.5, 100.0, 3.0, 7.0, 60.0, 30.0, 20.0, 2.5],
})
ORDERS["date"] = (ORDERS["day"] + 18262).to_numpy().astype("datetime64[D]")  # from 2020-01-01
AS_OF = "2020-03-01"  # day 60: customer 6 buys only after it


@st.composite
def comparisons(draw):
    feature = draw(st.sampled_from(FEATURES))
    threshold = draw(st.sampled_from([0, 1, 2, 3, 5, 10, 12.5, 25, 30, 45, 50, 100]))
    kind = draw(st.sampled_from(["compare"] * 4 + ["between", "missing", "not missing"]))
    if kind == "missing":
        return (f"{feature} is missing", ("missing", feature))
    if kind == "not missing":
        return (f"{feature} is not missing", ("not missing", feature))
    if kind == "between":
        high = threshold + draw(st.sampled_from([0, 5, 20]))
        return (f"{feature} between {threshold} and {high}", ("between", feature, threshold, high))
    operator = draw(st.sampled_from(OPERATORS))
    return (f"{feature} {operator} {threshold}", ("compare", feature, operator, threshold))


def combine(children):
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda ab: (f"({ab[0][0]} and {ab[1][0]})", ("and", ab[0][1], ab[1][1]))),
        pair.map(lambda ab: (f"({ab[0][0]} or {ab[1][0]})", ("or", ab[0][1], ab[1][1]))),
        children.map(lambda a: (f"not ({a[0]})", ("not", a[1]))))


conditions = st.recursive(comparisons(), combine, max_leaves=4)


def evaluate(tree, frame):
    """(true, false) masks of a condition; a row in neither is unknown."""
    kind = tree[0]
    if kind in ("missing", "not missing"):
        missing = frame[tree[1]].isna().to_numpy()
        return (missing, ~missing) if kind == "missing" else (~missing, missing)
    if kind in ("compare", "between"):
        values = frame[tree[1]].to_numpy()
        known = ~np.isnan(values)
        with np.errstate(invalid="ignore"):
            if kind == "between":
                holds = (values >= tree[2]) & (values <= tree[3])
            else:
                holds = {"<": np.less, "<=": np.less_equal, ">": np.greater,
                         ">=": np.greater_equal, "==": np.equal,
                         "!=": np.not_equal}[tree[2]](values, tree[3])
        return holds & known, ~holds & known
    if kind == "not":
        true, false = evaluate(tree[1], frame)
        return false, true
    (a_true, a_false), (b_true, b_false) = evaluate(tree[1], frame), evaluate(tree[2], frame)
    if kind == "and":
        return a_true & b_true, a_false | b_false
    return a_true | b_true, a_false & b_false


@settings(deadline=None, max_examples=80)
@given(rules=st.lists(conditions, min_size=1, max_size=4), otherwise=st.booleans())
def test_tiers_match_pandas_evaluation(rules, otherwise):
    lines = [f'tier "T{number}" when {text}' for number, (text, _) in enumerate(rules, 1)]
    if otherwise:
        lines.append('tier "Rest" otherwise')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tessera.TesseraWarning)
        frame = tessera.segment(ORDERS, customer="customer", date="date", amount="amount",
                                as_of=AS_OF, strategies=[], rules="\n".join(lines))

    tier = np.full(len(frame), "Rest" if otherwise else "unassigned", dtype=object)
    rule = np.full(len(frame), len(rules) + 1 if otherwise else 0, dtype=float)
    decided = np.zeros(len(frame), dtype=bool)
    for number, (_, tree) in enumerate(rules, 1):
        true, _ = evaluate(tree, frame)
        take = true & ~decided
        tier[take] = f"T{number}"
        rule[take] = number
        decided |= take
    assert list(frame["tier"].astype(str)) == list(tier), "\n".join(lines)
    np.testing.assert_array_equal(frame["tier.rule"].to_numpy(), rule, err_msg="\n".join(lines))


def test_the_fixed_table_has_missing_values():
    frame = tessera.segment(ORDERS, customer="customer", date="date", amount="amount",
                            as_of=AS_OF, strategies=[])
    assert frame["mean_gap_days"].isna().sum() >= 2  # customers 2 and 4: one purchase day
    assert np.isnan(frame.loc[6, "recency_days"])   # buys only after the as-of date
