"""tessera._core borrows numpy columns and hands out views without copying."""
import gc
import weakref

import numpy as np
import pytest

from tessera import _core


def columns(rows=1000, seed=7):
    rng = np.random.default_rng(seed)
    return {
        "int_keys": rng.integers(0, 50, rows).astype(np.int64),
        "days": rng.integers(18000, 18300, rows).astype(np.int32),
        "amounts": rng.uniform(1.0, 100.0, rows),
    }


def test_float64_amounts_are_borrowed():
    given = columns()
    dataset = _core.build_dataset(**given)
    amounts = dataset.transaction_amounts()
    assert np.shares_memory(given["amounts"], amounts)
    assert not amounts.flags.writeable


def test_dataset_keeps_borrowed_arrays_alive():
    given = columns()
    expected = given["amounts"].copy()
    probe = weakref.ref(given["amounts"])
    dataset = _core.build_dataset(**given)
    del given
    gc.collect()
    assert probe() is not None  # held by the dataset, not by this test
    np.testing.assert_array_equal(dataset.transaction_amounts(), expected)
    del dataset
    gc.collect()
    assert probe() is None  # and released with it


def test_rejected_rows_make_a_copy_of_the_kept_rows():
    given = columns(rows=10)
    given["amounts"][3] = np.nan
    dataset = _core.build_dataset(**given)
    assert dataset.transaction_count == 9
    assert not np.shares_memory(given["amounts"], dataset.transaction_amounts())
    np.testing.assert_array_equal(dataset.transaction_amounts(),
                                  np.delete(given["amounts"], 3))


def test_other_dtypes_and_layouts_are_refused_with_the_argument_named():
    given = columns()
    with pytest.raises(_core.InvalidInputError, match="'amounts' has dtype float32; expected float64"):
        _core.build_dataset(**{**given, "amounts": given["amounts"].astype(np.float32)})
    with pytest.raises(_core.InvalidInputError, match="'days' has dtype int64; expected int32"):
        _core.build_dataset(**{**given, "days": given["days"].astype(np.int64)})
    with pytest.raises(_core.InvalidInputError, match="'int_keys' must be a C-contiguous"):
        _core.build_dataset(**{**given, "int_keys": np.repeat(given["int_keys"], 2)[::2]})
    with pytest.raises(_core.InvalidInputError, match="'amounts' must be a numpy array of float64, got list"):
        _core.build_dataset(**{**given, "amounts": list(given["amounts"])})


def test_feature_and_score_views_share_the_result_memory():
    result = _core.run(_core.build_dataset(**columns()))
    first, second = result.feature("monetary"), result.feature("monetary")
    assert np.shares_memory(first, second)
    assert not first.flags.writeable
    with pytest.raises(ValueError):
        first[0] = 1.0
    r1, r2 = result.score("rfm.r").values, result.score("rfm.r").values
    assert np.shares_memory(r1, r2)
    codes = result.score("rfm.segment").codes
    assert codes.dtype == np.int32 and np.shares_memory(codes, result.score("rfm.segment").codes)


def test_views_outlive_the_result_object():
    given = columns()
    result = _core.run(_core.build_dataset(**given))
    keys = result.dataset.keys()
    expected = np.array([given["amounts"][given["int_keys"] == k].sum() for k in keys])
    monetary = result.feature("monetary")
    segment = result.score("rfm.segment")
    probe = weakref.ref(result)
    del result, given
    gc.collect()
    assert probe() is not None  # the views' base keeps the result alive
    np.testing.assert_allclose(monetary, expected, rtol=1e-12)
    assert segment.codes.shape == keys.shape
    assert 0 <= segment.codes.min() and segment.codes.max() < len(segment.labels)
    del monetary, segment
    gc.collect()
    assert probe() is None


def test_monetary_view_matches_a_sum_over_the_input():
    given = columns()
    result = _core.run(_core.build_dataset(**given))
    keys = result.dataset.keys()
    expected = np.array([given["amounts"][given["int_keys"] == k].sum() for k in keys])
    np.testing.assert_allclose(result.feature("monetary"), expected, rtol=1e-12)


def test_string_keys_from_lists_and_object_arrays():
    days = np.array([18000, 18001, 18002, 18003], dtype=np.int32)
    amounts = np.array([1.0, 2.0, 3.0, 4.0])
    for keys in (["a", "b", "a", "ü"], np.array(["a", "b", "a", "ü"], dtype=object)):
        dataset = _core.build_dataset(string_keys=keys, days=days, amounts=amounts)
        assert dataset.key_kind == "string"
        assert list(dataset.keys()) == ["a", "b", "ü"]
        assert dataset.keys().dtype == object
        assert dataset.find("ü") == 2
        with pytest.raises(_core.NotFoundError):
            dataset.find("zz")
        with pytest.raises(_core.InvalidInputError):
            dataset.find(3)


def test_none_and_empty_keys_are_missing_customers():
    days = np.full(4, 18000, dtype=np.int32)
    dataset = _core.build_dataset(string_keys=["a", None, "", "b"], days=days, amounts=np.ones(4))
    assert dataset.report.rows_rejected == 2
    assert dataset.report.rejected_by_reason["missing_customer"] == 2
    assert [example[0] for example in dataset.report.examples] == [1, 2]


def test_missing_keys_mask_rejects_rows():
    given = columns(rows=5)
    mask = np.array([False, True, False, False, True])
    dataset = _core.build_dataset(**given, missing_keys=mask)
    assert dataset.report.rejected_by_reason["missing_customer"] == 2


def test_lone_surrogate_is_a_bad_encoding_row_not_a_crash():
    days = np.full(3, 18000, dtype=np.int32)
    dataset = _core.build_dataset(string_keys=["a", "b\ud800", "c"], days=days,
                                  amounts=np.ones(3))
    assert dataset.report.rejected_by_reason["bad_encoding"] == 1
    assert list(dataset.keys()) == ["a", "c"]
    with pytest.raises(_core.IngestError, match="row 1: column 'customer': bad_encoding"):
        _core.build_dataset(string_keys=["a", "b\ud800", "c"], days=days, amounts=np.ones(3),
                            policy="strict")


def test_non_str_key_names_argument_and_row():
    days = np.full(3, 18000, dtype=np.int32)
    with pytest.raises(_core.InvalidInputError, match="'string_keys' row 2: expected str or None, got float"):
        _core.build_dataset(string_keys=np.array(["a", "b", 1.5], dtype=object), days=days,
                            amounts=np.ones(3))
    with pytest.raises(_core.InvalidInputError, match="'order_ids' row 0: expected str or None, got int"):
        _core.build_dataset(string_keys=["a", "b", "c"], days=days, amounts=np.ones(3),
                            order_ids=[1, "x", "y"])


def test_find_takes_numpy_integers_and_refuses_other_kinds():
    dataset = _core.build_dataset(**columns())
    first = int(dataset.keys()[0])
    assert dataset.find(first) == 0
    assert dataset.find(np.int64(first)) == 0
    assert dataset.find(np.uint8(first)) == 0
    with pytest.raises(_core.InvalidInputError, match="integers; got a key of type str"):
        dataset.find(str(first))
    with pytest.raises(_core.InvalidInputError, match="float"):
        dataset.find(float(first))
    with pytest.raises(_core.NotFoundError):
        dataset.find(2**70)


def segment_rules():
    return _core.RuleFile(_core.builtin_rule_file("rfm_segments"), "rfm_segments")


def test_take_columns_hands_over_writable_arrays_that_own_the_memory():
    given = columns()
    result = _core.run(_core.build_dataset(**given), rules=[segment_rules()])
    keys = result.dataset.keys()
    expected = np.array([given["amounts"][given["int_keys"] == k].sum() for k in keys])
    feature_names = result.feature_names()
    taken = result.take_columns()
    assert list(taken)[:len(feature_names)] == feature_names
    assert {"rfm.r", "rfm.score", "rfm.segment", "rfm_segment", "rfm_segment.rule"} <= set(taken)
    monetary = taken["monetary"]
    assert monetary.dtype == np.float64 and monetary.flags.writeable
    assert type(monetary.base).__name__ == "PyCapsule"  # the moved vector, not a copy
    np.testing.assert_allclose(monetary, expected, rtol=1e-12)
    codes, labels = taken["rfm.segment"]
    assert codes.dtype == np.int32 and codes.flags.writeable and codes.shape == keys.shape
    assert labels[-2:] == ["Others", "Prospect"]
    assert 0 <= codes.min() and codes.max() < len(labels)
    arrays = [value[0] if isinstance(value, tuple) else value for value in taken.values()]
    for i, first in enumerate(arrays):
        assert all(not np.shares_memory(first, second) for second in arrays[i + 1:])
    monetary[:] = -1.0  # the caller's to change
    del result
    gc.collect()
    np.testing.assert_allclose(taken["frequency"],
                               [np.count_nonzero(given["int_keys"] == k) for k in keys])


@pytest.mark.parametrize("read", [
    lambda result: result.feature("monetary"),
    lambda result: result.score("rfm.r"),
    lambda result: result.score_columns(),
    lambda result: result.explain("rfm_segment", 0),
    lambda result: result.tier_snapshot("rfm_segment"),
    lambda result: result.segment_summary("rfm.segment"),
    lambda result: result.take_columns(),
], ids=["feature", "score", "score_columns", "explain", "tier_snapshot", "segment_summary",
        "take_columns"])
def test_a_result_whose_columns_were_taken_refuses_to_read_them(read):
    result = _core.run(_core.build_dataset(**columns()), rules=[segment_rules()])
    result.take_columns()
    with pytest.raises(_core.InvalidInputError,
                       match=r"columns were handed over by take_columns\(\)"):
        read(result)
    # What is not a column stays readable.
    assert "monetary" in result.feature_names()
    assert result.rule_set_names() == ["rfm_segment"]
    assert "rfm.segment" in result.categorical_column_names()
    assert result.dataset.keys().shape == (result.customer_count,)


def test_views_handed_out_before_take_columns_stay_readable():
    result = _core.run(_core.build_dataset(**columns()))
    view = result.feature("monetary")
    segment_codes = result.score("rfm.segment").codes
    expected, expected_codes = view.copy(), segment_codes.copy()
    taken = result.take_columns()
    del result, taken
    gc.collect()
    # Fresh arrays of the same size would land in a freed buffer.
    fillers = [np.full(view.shape, -7.0) for _ in range(8)]
    np.testing.assert_array_equal(view, expected)
    np.testing.assert_array_equal(segment_codes, expected_codes)
    del fillers
