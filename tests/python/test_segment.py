"""tessera.segment() on a table small enough to score by hand."""
import numpy as np
import pandas as pd
import pytest

import tessera

# The tiny table leaves some RFM scores empty; the core warns, as R would not.
pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")


def tiny_orders():
    # Five customers, as of 2020-01-31 (the features count days up to it).
    return pd.DataFrame({
        "customer": [1, 1, 2, 3, 3, 3, 4, 5, 5],
        "date": pd.to_datetime([
            "2020-01-01", "2020-01-20",                # 1: last 01-20
            "2020-01-05",                              # 2
            "2020-01-10", "2020-01-15", "2020-01-30",  # 3
            "2019-12-01",                              # 4
            "2020-01-22", "2020-01-24",                # 5
        ]),
        "amount": [10.0, 30.0, 100.0, 5.0, 5.0, 5.0, 50.0, 20.0, 20.0],
    })


# Worked by hand with the R package rfm's definition (data/REFERENCE.md):
# break points are quantile(x, type 7) at 0.2, 0.4, 0.6, 0.8, plus 1; a value
# is in bin i when lower_i <= x < upper_i; recency is scored in reverse.
#
# recency (31 - 20 = 11, 26, 1, 61, 7): sorted 1 7 11 26 61; type 7 at p is
#   x[h] + frac(h) (x[h+1] - x[h]) with h = 4p: 5.8, 9.4, 17, 33; breaks 6.8,
#   10.4, 18, 34: 1 -> bin 1 (R 5), 7 -> bin 2 (R 4), 11 -> bin 3 (R 3),
#   26 -> bin 4 (R 2), 61 -> bin 5 (R 1).
# frequency (rows, no order ids: 2, 1, 3, 1, 2): sorted 1 1 2 2 3; quantiles
#   1, 1.6, 2, 2.2; breaks 2, 2.6, 3, 3.2: 1 -> F1, 2 -> F2, 3 -> F4 (F3 and F5
#   empty, which the core warns about).
# monetary (40, 100, 15, 50, 40): sorted 15 40 40 50 100; quantiles 35, 40, 44,
#   60; breaks 36, 41, 45, 61: 15 -> M1, 40 -> M2, 50 -> M4, 100 -> M5.
# Segments, first match of the package's table:
#   1: 3 2 2 Potential Loyalist (R 3-5, F 1-3, M 1-3)
#   2: 2 1 5 none (Loyal needs F >= 3, About To Sleep M <= 2, Lost M <= 2): Others
#   3: 5 4 1 none (Champions and Loyal need M >= 3/4, Potential Loyalist F <= 3): Others
#   4: 1 1 4 none (At Risk needs F >= 2, Lost M <= 2): Others
#   5: 4 2 2 Potential Loyalist
EXPECTED = pd.DataFrame({
    "recency_days": [11.0, 26.0, 1.0, 61.0, 7.0],
    "frequency": [2.0, 1.0, 3.0, 1.0, 2.0],
    "monetary": [40.0, 100.0, 15.0, 50.0, 40.0],
    "rfm.r": [3.0, 2.0, 5.0, 1.0, 4.0],
    "rfm.f": [2.0, 1.0, 4.0, 1.0, 2.0],
    "rfm.m": [2.0, 5.0, 1.0, 4.0, 2.0],
    "rfm.score": [322.0, 215.0, 541.0, 114.0, 422.0],
    "rfm.segment": ["Potential Loyalist", "Others", "Others", "Others", "Potential Loyalist"],
}, index=pd.Index([1, 2, 3, 4, 5], name="customer"))


def test_hand_computed_rfm():
    with pytest.warns(tessera.TesseraWarning, match="empty"):
        frame = tessera.segment(tiny_orders(), customer="customer", date="date",
                                amount="amount", as_of="2020-01-31")
    assert frame.index.name == "customer"
    assert frame.index.dtype == np.int64
    pd.testing.assert_index_equal(frame.index, EXPECTED.index)
    for name in ["recency_days", "frequency", "monetary", "rfm.r", "rfm.f", "rfm.m", "rfm.score"]:
        np.testing.assert_array_equal(frame[name].to_numpy(), EXPECTED[name].to_numpy(), name)
    assert list(frame["rfm.segment"].astype(str)) == list(EXPECTED["rfm.segment"])


def test_feature_columns_and_dtypes():
    with pytest.warns(tessera.TesseraWarning):
        frame = tessera.segment(tiny_orders(), customer="customer", date="date",
                                amount="amount", as_of="2020-01-31")
    # first_purchase / last_purchase come back as dates.
    assert frame.loc[3, "first_purchase"] == pd.Timestamp("2020-01-10")
    assert frame.loc[3, "last_purchase"] == pd.Timestamp("2020-01-30")
    assert frame.loc[1, "tenure_days"] == 30  # 2020-01-31 - 2020-01-01
    assert frame.loc[1, "monetary_mean"] == 20.0
    segment = frame["rfm.segment"]
    assert isinstance(segment.dtype, pd.CategoricalDtype)
    # The core's label order: the segment table, then Others, then Prospect.
    labels = list(segment.cat.categories)
    assert labels[:2] == ["Champions", "Loyal Customers"]
    assert labels[-2:] == ["Others", "Prospect"]
    assert frame["rfm.r"].dtype == np.float64


def test_as_of_forms_agree():
    expected = None
    for as_of in ["2020-01-31", pd.Timestamp("2020-01-31"), np.datetime64("2020-01-31"),
                  pd.Timestamp("2020-01-31 18:00").to_pydatetime().date(),
                  pd.Timestamp("2020-01-31 23:59", tz="Asia/Tokyo")]:
        with pytest.warns(tessera.TesseraWarning):
            frame = tessera.segment(tiny_orders(), customer="customer", date="date",
                                    amount="amount", as_of=as_of)
        recency = frame["recency_days"].to_numpy()
        if expected is None:
            expected = recency
        np.testing.assert_array_equal(recency, expected, str(as_of))
    np.testing.assert_array_equal(expected, EXPECTED["recency_days"].to_numpy())


def test_default_as_of_is_day_after_last_transaction():
    with pytest.warns(tessera.TesseraWarning):
        frame = tessera.segment(tiny_orders(), customer="customer", date="date",
                                amount="amount")
    # The last transaction is 2020-01-30, so as-of is 2020-01-31.
    np.testing.assert_array_equal(frame["recency_days"], EXPECTED["recency_days"])


def test_amount_from_quantity_and_unit_price():
    orders = tiny_orders()
    orders["qty"] = 2.0
    orders["price"] = orders["amount"] / 2
    with pytest.warns(tessera.TesseraWarning):
        frame = tessera.segment(orders.drop(columns="amount"), customer="customer",
                                date="date", quantity="qty", unit_price="price",
                                as_of="2020-01-31")
    np.testing.assert_array_equal(frame["monetary"], EXPECTED["monetary"])
    # quantity is a feature when a quantity column is given: 2 per row.
    np.testing.assert_array_equal(frame["quantity"], 2 * EXPECTED["frequency"])


def test_dict_of_arrays_and_values_instead_of_names():
    orders = tiny_orders()
    columns = {"cust": orders["customer"].to_numpy(), "day": orders["date"].to_numpy(),
               "amt": orders["amount"].to_numpy()}
    with pytest.warns(tessera.TesseraWarning):
        by_dict = tessera.segment(columns, customer="cust", date="day", amount="amt",
                                  as_of="2020-01-31")
    with pytest.warns(tessera.TesseraWarning):
        by_values = tessera.segment(None, customer=columns["cust"], date=columns["day"],
                                    amount=columns["amt"], as_of="2020-01-31")
    assert by_dict.index.name == "cust"
    assert by_values.index.name == "customer"
    np.testing.assert_array_equal(by_dict["rfm.score"], EXPECTED["rfm.score"])
    np.testing.assert_array_equal(by_values["rfm.score"], EXPECTED["rfm.score"])


def test_strategy_spellings_give_the_same_columns():
    orders = tiny_orders()
    frames = []
    for spec in ["rfm:bins=3", ("rfm", "bins=3"), ("rfm", {"bins": 3})]:
        frames.append(tessera.segment(orders, customer="customer", date="date",
                                      amount="amount", as_of="2020-01-31",
                                      strategies=[spec]))
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])
    # Three bins: recency sorted 1 7 11 26 61, quantiles at 1/3 and 2/3 are
    # 7 + (4/3 - 1) * 4 = 8.33 and 11 + (8/3 - 2) * 15 = 21; breaks 9.33, 22:
    # 1 and 7 -> R 3, 11 -> R 2, 26 and 61 -> R 1.
    np.testing.assert_array_equal(frames[0]["rfm.r"], [2.0, 1.0, 3.0, 1.0, 3.0])


def test_several_strategies_and_builtin_rules():
    frame = tessera.segment(tiny_orders(), customer="customer", date="date", amount="amount",
                            as_of="2020-01-31", strategies=["rfm", "abc", "lifecycle"],
                            rules="builtin:rfm_segments")
    for name in ["abc.class", "lifecycle.stage", "rfm_segment", "rfm_segment.rule"]:
        assert name in frame.columns
    # The built-in rule file is the rfm segment table: the same segments.
    assert list(frame["rfm_segment"].astype(str)) == list(frame["rfm.segment"].astype(str))
    # ABC on monetary (total 245): 100 alone holds 41% < 80%, so customer 2 is A.
    assert frame.loc[2, "abc.class"] == "A"


def segment_tiny(orders=None):
    return tessera.segment(tiny_orders() if orders is None else orders, customer="customer",
                           date="date", amount="amount", as_of="2020-01-31",
                           strategies=["rfm", "abc"], rules="builtin:rfm_segments")


def test_frame_owns_its_memory():
    orders = tiny_orders()
    frame, second = segment_tiny(orders), segment_tiny(orders)
    for name in frame.columns:
        values = frame[name].to_numpy() if frame[name].dtype != "category" \
            else frame[name].cat.codes.to_numpy()
        other = second[name].to_numpy() if second[name].dtype != "category" \
            else second[name].cat.codes.to_numpy()
        assert not np.shares_memory(values, other), name
    assert frame["monetary"].to_numpy().flags.writeable
    frame.loc[2, "monetary"] = -5.0
    frame.iloc[0, frame.columns.get_loc("rfm.r")] = 0.0
    frame.loc[3, "rfm.segment"] = "Champions"
    assert list(frame["monetary"]) == [40.0, -5.0, 15.0, 50.0, 40.0]
    assert frame.loc[1, "rfm.r"] == 0.0 and frame.loc[3, "rfm.segment"] == "Champions"
    # Neither the other frame, nor the input, nor a later call sees it.
    np.testing.assert_array_equal(second["monetary"], EXPECTED["monetary"])
    assert second.loc[1, "rfm.r"] == 3.0 and second.loc[3, "rfm.segment"] == "Others"
    pd.testing.assert_frame_equal(orders, tiny_orders())
    pd.testing.assert_frame_equal(segment_tiny(orders), second)


def test_frame_matches_the_copying_to_frame_and_behaves_as_any_frame():
    frame = segment_tiny()
    dataset = tessera.Dataset.from_frame(tiny_orders(), customer="customer", date="date",
                                         amount="amount")
    copied = tessera.run(dataset, as_of="2020-01-31", strategies=["rfm", "abc"],
                         rules="builtin:rfm_segments").to_frame()
    pd.testing.assert_frame_equal(frame, copied)
    assert frame["first_purchase"].dtype == "datetime64[ns]"
    assert frame["recency_days"].dtype == np.float64
    assert isinstance(frame["rfm_segment"].dtype, pd.CategoricalDtype)
    values = frame.values
    assert values.shape == (5, len(frame.columns))
    assert values[2, frame.columns.get_loc("monetary")] == 15.0
    described = frame.describe()
    assert described.loc["max", "monetary"] == 100.0
    assert described.loc["mean", "frequency"] == pytest.approx(9 / 5)
    text = frame.to_csv()
    assert text.splitlines()[0].startswith("customer,first_purchase,last_purchase,")
    assert "\n3,2020-01-10,2020-01-30," in text
    duplicate = frame.copy()
    duplicate.loc[1, "frequency"] = 99.0
    assert frame.loc[1, "frequency"] == 2.0
    pd.testing.assert_frame_equal(frame, copied)


@pytest.mark.parametrize("days", [
    [18262.0, np.nan, -1.0, 0.0, -106751.0, 106750.0, 2.75, -2.75, 1e-9],
    [np.nan, np.nan],
    [],
    [0.0, 106751.0],   # past 2262: datetime.date objects
    [-106752.0, 5.0],  # before 1677
])
def test_dates_made_in_place_match_days_to_datetime(days):
    from tessera.dates import days_to_datetime
    from tessera.result import days_to_datetime_in_place
    given = np.array(days, dtype=np.float64)
    expected = days_to_datetime(given.copy())
    made = days_to_datetime_in_place(given.copy())
    assert made.dtype == expected.dtype
    np.testing.assert_array_equal(made, expected)
    if made.dtype.kind == "M":
        np.testing.assert_array_equal(np.isnat(made), np.isnan(given))
