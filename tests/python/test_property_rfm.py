"""Random order tables: segment() agrees with a plain pandas implementation
of the R package rfm's scoring, written from its definition in
/work/shared/data/REFERENCE.md and R's quantile(type = 7)."""
import math
import warnings

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tessera

EPOCH_DAY = 18262  # 2020-01-01

# REFERENCE.md's segment table: (name, R range, F range, M range), first match wins.
SEGMENTS = [
    ("Champions", (4, 5), (4, 5), (4, 5)),
    ("Loyal Customers", (2, 5), (3, 5), (3, 5)),
    ("Potential Loyalist", (3, 5), (1, 3), (1, 3)),
    ("New Customers", (4, 5), (1, 1), (1, 1)),
    ("Promising", (3, 4), (1, 1), (1, 1)),
    ("Need Attention", (2, 3), (2, 3), (2, 3)),
    ("About To Sleep", (2, 3), (1, 2), (1, 2)),
    ("At Risk", (1, 2), (2, 5), (2, 5)),
    ("Can't Lose Them", (1, 1), (4, 5), (4, 5)),
    ("Lost", (1, 2), (1, 2), (1, 2)),
]


def r_quantile_type7(values, p):
    """R's quantile(x, p, type = 7): 1-based index h = 1 + (n - 1) p, then
    (1 - frac) x[lo] + frac x[hi], the arithmetic of R's quantile.default."""
    x = sorted(values)
    index = 1 + (len(x) - 1) * p
    lo = math.floor(index)
    q = x[lo - 1]
    if index > lo and x[lo] != q:
        h = index - lo
        q = (1 - h) * q + h * x[lo]
    return q


def scores(values, bins, reverse):
    """rfm's binning: break points are the quantiles at 1/bins ... plus 1;
    bin i holds lower_i <= x < upper_i, lower = (min, breaks), upper =
    (breaks, max + 1); recency scores run in reverse."""
    step = 1.0 / bins
    breaks = [r_quantile_type7(values, i * step) + 1 for i in range(1, bins)]
    lower = [min(values)] + breaks
    upper = breaks + [max(values) + 1]
    out = []
    for x in values:
        (bin_index,) = [i for i in range(bins) if lower[i] <= x < upper[i]]
        out.append(bins - bin_index if reverse else bin_index + 1)
    return out


def reference(orders, as_of_day, bins):
    kept = orders[orders["day"] <= as_of_day]
    groups = kept.groupby("customer", sort=False)
    buyers = pd.DataFrame({
        "recency_days": (as_of_day - groups["day"].max()).astype(float),
        "frequency": groups.size().astype(float),
        "monetary": groups["amount"].sum(),
    })
    buyers["rfm.r"] = scores(list(buyers["recency_days"]), bins, reverse=True)
    buyers["rfm.f"] = scores(list(buyers["frequency"]), bins, reverse=False)
    buyers["rfm.m"] = scores(list(buyers["monetary"]), bins, reverse=False)

    def segment(row):
        if bins != 5:
            return "Others"  # the table is defined for five bins only
        for name, r, f, m in SEGMENTS:
            if r[0] <= row["rfm.r"] <= r[1] and f[0] <= row["rfm.f"] <= f[1] \
                    and m[0] <= row["rfm.m"] <= m[1]:
                return name
        return "Others"

    buyers["rfm.segment"] = buyers.apply(segment, axis=1)
    # Customers whose every order is after the as-of date are prospects.
    everyone = pd.Index(orders["customer"].unique())
    result = buyers.reindex(everyone)
    prospect = ~everyone.isin(buyers.index)
    result.loc[prospect, ["frequency", "monetary", "rfm.r", "rfm.f", "rfm.m"]] = 0.0
    result.loc[prospect, "rfm.segment"] = "Prospect"
    return result


order_rows = st.lists(
    st.tuples(st.integers(1, 25),           # customer
              st.integers(0, 400),          # day
              st.integers(1, 4000)),        # amount in quarters: sums stay exact
    min_size=1, max_size=80)


@settings(deadline=None, max_examples=60)
@given(rows=order_rows, bins=st.sampled_from([3, 4, 5, 5, 6]),
       as_of_offset=st.one_of(st.none(), st.integers(0, 60)), data=st.data())
def test_rfm_matches_pandas_reference(rows, bins, as_of_offset, data):
    orders = pd.DataFrame(rows, columns=["customer", "day", "amount"])
    orders["amount"] = orders["amount"] / 4.0
    orders["date"] = (orders["day"] + EPOCH_DAY).to_numpy().astype("datetime64[D]")
    if as_of_offset is None:
        as_of_day = int(orders["day"].max()) + 1  # the default: the day after the last order
        as_of = None
    else:
        # Anywhere from the first order on, so some customers may be prospects.
        as_of_day = data.draw(st.integers(int(orders["day"].min()),
                                          int(orders["day"].max()) + as_of_offset))
        as_of = np.datetime64(as_of_day + EPOCH_DAY, "D")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tessera.TesseraWarning)
        frame = tessera.segment(orders, customer="customer", date="date", amount="amount",
                                as_of=as_of, strategies=[f"rfm:bins={bins}"])
    expected = reference(orders, as_of_day, bins)
    assert list(frame.index) == list(expected.index)
    for name in ["recency_days", "frequency", "monetary", "rfm.r", "rfm.f", "rfm.m"]:
        np.testing.assert_array_equal(frame[name].to_numpy(),
                                      expected[name].to_numpy(dtype=float), err_msg=name)
    r, f, m = (expected[name].to_numpy(dtype=float) for name in ["rfm.r", "rfm.f", "rfm.m"])
    np.testing.assert_array_equal(frame["rfm.score"].to_numpy(), 100 * r + 10 * f + m)
    assert list(frame["rfm.segment"].astype(str)) == list(expected["rfm.segment"])
