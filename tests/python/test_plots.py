"""Each chart draws what it says: one bar or cell per group, with the values
of a pandas computation. Runs with MPLBACKEND=Agg (set by CTest)."""
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import tessera
from tessera import plot

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::tessera.TesseraWarning")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def result():
    rng = np.random.default_rng(7)
    rows = 3000
    orders = pd.DataFrame({
        "customer": rng.integers(1, 400, rows),
        "date": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 365, rows), "D"),
        "amount": np.round(rng.gamma(2.0, 30.0, rows), 2),
    })
    dataset = tessera.Dataset.from_frame(orders, customer="customer", date="date",
                                         amount="amount")
    return tessera.run(dataset, strategies=["rfm", "kmeans:k=3"], as_of="2022-01-01")


def test_segment_sizes(result):
    summary = result.summary("rfm.segment", total=False)
    ax = plot.segment_sizes(result, column="rfm.segment")
    assert len(ax.patches) == 2 * len(summary)
    # Bars in label order, the first at the top.
    customers = [bar.get_width() for bar in ax.containers[0]]
    np.testing.assert_allclose(customers, summary["share"] * 100, rtol=1e-12)
    revenue = [bar.get_width() for bar in ax.containers[1]]
    np.testing.assert_allclose(revenue, summary["revenue"] / summary["revenue"].sum() * 100,
                               rtol=1e-12)
    labels = {tick: label.get_text() for tick, label in zip(ax.get_yticks(), ax.get_yticklabels())}
    assert [labels[tick] for tick in sorted(labels, reverse=True)] == list(summary.index)
    # The same from the DataFrame, and through result.plot.
    from_frame = plot.segment_sizes(result.to_frame(), column="rfm.segment")
    np.testing.assert_allclose([bar.get_width() for bar in from_frame.containers[0]],
                               summary["share"] * 100, rtol=1e-12)
    assert len(result.plot.segment_sizes("rfm.segment").patches) == 2 * len(summary)


def test_rfm_heatmap_cells_are_pandas_means(result):
    frame = result.to_frame()
    ax = plot.rfm_heatmap(result)
    grid = ax.images[0].get_array()
    assert grid.shape == (5, 5)
    means = frame.groupby(["rfm.r", "rfm.f"])["monetary"].mean()
    # Row 0 is R = 5; column 0 is F = 1.
    for (r, f), mean in means.items():
        assert grid[5 - int(r), int(f) - 1] == pytest.approx(mean, rel=1e-12)
    assert int(np.ma.count(grid)) == len(means)
    assert len(ax.texts) == len(means)


def test_tier_migration():
    orders = pd.DataFrame({"c": [1, 2, 3], "d": pd.to_datetime(["2020-01-05", "2020-02-20",
                                                                  "2019-01-01"]),
                           "a": [1.0, 1.0, 1.0]})
    dataset = tessera.Dataset.from_frame(orders, customer="c", date="d", amount="a")
    rules = 'tier "Gold" when recency_days <= 30\ntier "Basic" otherwise'
    before = tessera.run(dataset, strategies=[], rules=rules, as_of="2020-01-31").tier_snapshot()
    after = tessera.run(dataset, strategies=[], rules=rules, as_of="2020-02-29").tier_snapshot()
    # 1: Gold -> Basic, 2: Basic -> Gold, 3: Basic -> Basic.
    migration = tessera.compare_tiers(before, after)
    ax = plot.tier_migration(migration)
    np.testing.assert_array_equal(ax.images[0].get_array(), [[0, 1], [1, 1]])
    assert [text.get_text() for text in ax.texts] == ["0", "1", "1", "1"]


def test_cluster_profiles(result):
    frame = result.to_frame()
    ax = plot.cluster_profiles(result)
    clusters = frame["kmeans.cluster"].dropna().astype(str)
    clusters = clusters[clusters != "none"].unique()
    assert len(clusters) == 3
    assert len(ax.patches) == 3 * 3  # three clusters x three features
    # Bars of the first feature, clusters in label order: the cluster's mean
    # recency minus the mean of all clustered customers, in standard deviations.
    buyers = frame[frame["kmeans.cluster"].astype(str) != "none"]
    recency = buyers["recency_days"]
    expected = [(recency[buyers["kmeans.cluster"] == label].mean() - recency.mean()) / recency.std(ddof=0)
                for label in buyers["kmeans.cluster"].cat.categories if label != "none"]
    heights = [bar.get_height() for bar in ax.containers[0]]
    np.testing.assert_allclose(heights, expected, rtol=1e-9)
    assert len(result.plot.cluster_profiles().patches) == 9


def test_missing_columns_are_named():
    frame = pd.DataFrame({"monetary": [1.0]})
    with pytest.raises(tessera.NotFoundError, match="rfm.r"):
        plot.rfm_heatmap(frame)


def test_importing_tessera_does_not_import_matplotlib():
    code = "import sys, tessera; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
