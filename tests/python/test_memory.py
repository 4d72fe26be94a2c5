"""The scratch cache from Python: what a run leaves kept, releasing it, a
limit of 0, lowering the limit, the default, bad limits, and that a run on
reused memory gives the bits a run without the cache gives.

The cache is one per process (CTest runs each file in its own), so the
default is checked before any test sets a limit, and every test puts the
default back."""
import numpy as np
import pandas as pd
import pytest

import tessera

DEFAULT_LIMIT = 1 << 30  # 1 GiB, tessera/memory.h
CUSTOMERS = 20_000
# 24 bytes a row while grouping by customer: 7 MB for 300k rows, far above
# the 1 MiB below which arrays are left to malloc.
SMALL_ROWS = 300_000
LARGE_ROWS = 400_000
COMPARED = ["recency_days", "frequency", "monetary", "tenure_days", "rfm.r", "rfm.f", "rfm.m"]


def orders(rows, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "customer": rng.integers(1, CUSTOMERS + 1, rows),
        "date": pd.Timestamp("2011-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), "D"),
        "amount": rng.integers(0, 100_000, rows) / 100.0,
    })


@pytest.fixture(scope="module")
def small():
    return orders(SMALL_ROWS, 12345)


@pytest.fixture(scope="module")
def large():
    return orders(LARGE_ROWS, 777)


@pytest.fixture(autouse=True)
def default_limit_afterwards():
    yield
    tessera.set_scratch_cache_limit(DEFAULT_LIMIT)
    tessera.release_scratch_cache()


def segment(frame):
    return tessera.segment(frame, customer="customer", date="date", amount="amount",
                           strategies=["rfm"])


def test_default_limit_is_one_gibibyte_and_nothing_is_kept_before_a_run():
    assert tessera.scratch_cache_limit() == 1073741824 == DEFAULT_LIMIT
    assert tessera.scratch_cache_size() == 0


def test_a_run_keeps_memory_and_release_returns_it(small):
    segment(small)
    kept = tessera.scratch_cache_size()
    assert 0 < kept <= DEFAULT_LIMIT
    tessera.release_scratch_cache()
    assert tessera.scratch_cache_size() == 0
    assert tessera.scratch_cache_limit() == DEFAULT_LIMIT


def test_a_limit_of_zero_keeps_nothing(small):
    tessera.set_scratch_cache_limit(0)
    assert tessera.scratch_cache_limit() == 0
    segment(small)
    assert tessera.scratch_cache_size() == 0


def test_lowering_the_limit_frees_down_to_it(small):
    segment(small)
    kept = tessera.scratch_cache_size()
    assert kept > 0
    tessera.set_scratch_cache_limit(kept - 1)
    assert tessera.scratch_cache_size() <= kept - 1
    tessera.set_scratch_cache_limit(kept // 2)
    assert tessera.scratch_cache_limit() == kept // 2
    assert tessera.scratch_cache_size() <= kept // 2
    tessera.set_scratch_cache_limit(0)
    assert tessera.scratch_cache_size() == 0


def test_reused_memory_gives_the_same_bits(small, large):
    tessera.set_scratch_cache_limit(0)
    reference = segment(small)
    tessera.set_scratch_cache_limit(DEFAULT_LIMIT)
    # Other rows, more of them: the arrays the next run reuses still hold
    # this run's bytes.
    segment(large)
    assert tessera.scratch_cache_size() > 0
    reused = segment(small)
    assert reused.index.equals(reference.index)
    for column in COMPARED:
        # Bits, not values: NaN == NaN and -0.0 != 0.0 here.
        assert np.array_equal(reused[column].to_numpy(np.float64).view(np.int64),
                              reference[column].to_numpy(np.float64).view(np.int64)), column


@pytest.mark.parametrize("bad", [-1, np.int64(-1), -(2**80)])
def test_a_negative_limit_is_a_value_error_and_changes_nothing(bad):
    tessera.set_scratch_cache_limit(12345)
    with pytest.raises(ValueError, match="'bytes' must be 0 or more, got -"):
        tessera.set_scratch_cache_limit(bad)
    assert tessera.scratch_cache_limit() == 12345


def test_a_non_integer_limit_is_a_type_error():
    with pytest.raises(TypeError):
        tessera.set_scratch_cache_limit(1.5)
    assert tessera.scratch_cache_limit() == DEFAULT_LIMIT


def test_integer_like_and_huge_limits_are_accepted():
    tessera.set_scratch_cache_limit(np.uint32(4096))
    assert tessera.scratch_cache_limit() == 4096
    # Beyond 2**63 - 1: no limit (size_t's largest), not a wrapped-around one.
    tessera.set_scratch_cache_limit(2**70)
    assert tessera.scratch_cache_limit() == np.iinfo(np.uintp).max
