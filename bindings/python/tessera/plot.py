"""Charts of results with matplotlib, which is imported only when one is drawn.

Each function takes a :class:`~tessera.Result` or the DataFrame of
:func:`tessera.segment` (or :meth:`Result.to_frame`), draws on ``ax`` (a new
figure when not given) and returns the Axes.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from .errors import NotFoundError

__all__ = ["segment_sizes", "rfm_heatmap", "tier_migration", "cluster_profiles"]


def _axes(ax: Any, figsize: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=figsize)
    return ax


def _frame(source: Any, names: Sequence[str]) -> pd.DataFrame:
    """The named columns of a Result or a DataFrame."""
    from .result import Result
    frame = source.to_frame() if isinstance(source, Result) else source
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise NotFoundError(
            f"no column {', '.join(map(repr, missing))} (run the strategy that writes it; "
            f"columns: {', '.join(map(str, frame.columns))})")
    return frame[list(names)]


def _in_label_order(groups: pd.DataFrame, column: pd.Series) -> pd.DataFrame:
    """Groups of a categorical column in its label order (pandas 1.5 gives
    observed groups in order of appearance)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return groups
    return groups.reindex([label for label in column.cat.categories if label in groups.index])


def _summary(source: Any, column: Optional[str]) -> pd.DataFrame:
    from .result import Result
    if isinstance(source, Result):
        return source.summary(column, total=False)
    if column is None:
        categorical = [name for name, dtype in source.dtypes.items()
                       if isinstance(dtype, pd.CategoricalDtype)]
        if not categorical:
            raise NotFoundError("the frame has no categorical column to group by")
        column = "rfm.segment" if "rfm.segment" in categorical else categorical[0]
    frame = _frame(source, [column, "monetary"])
    groups = frame.groupby(column, observed=True, sort=True)
    summary = _in_label_order(
        pd.DataFrame({"customers": groups.size(), "revenue": groups["monetary"].sum()}),
        frame[column])
    summary["share"] = summary["customers"] / len(frame)
    return summary


def segment_sizes(source: Any, column: Optional[str] = None, *, ax: Any = None) -> Any:
    """Each segment's share of the customers beside its share of the revenue.

    Parameters
    ----------
    source : Result or pandas.DataFrame
    column : str, optional
        The categorical column (a rule set, "rfm.segment", ...); the result's
        default summary column, or for a frame rfm.segment, else its first
        categorical column.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Two horizontal bars per segment (customers, revenue), in label order
        from the top.
    """
    summary = _summary(source, column)
    ax = _axes(ax, (7, 0.45 * len(summary) + 1.5))
    total_revenue = summary["revenue"].sum()
    revenue_share = summary["revenue"] / total_revenue if total_revenue else summary["revenue"] * 0
    positions = np.arange(len(summary))[::-1]
    height = 0.4
    ax.barh(positions + height / 2, summary["share"] * 100, height, label="customers")
    ax.barh(positions - height / 2, revenue_share * 100, height, label="revenue")
    ax.set_yticks(positions)
    ax.set_yticklabels([str(label) for label in summary.index])
    ax.set_xlabel("share (%)")
    ax.set_title(f"Customers and revenue by {summary.index.name or column or 'segment'}")
    # Outside the bars, so it never hides the last segment's.
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


def rfm_heatmap(source: Any, *, value: str = "monetary", ax: Any = None) -> Any:
    """Mean ``value`` (monetary by default) per recency score x frequency
    score, each cell annotated; customers who never bought (score 0) are left
    out, and empty cells stay blank.

    Returns
    -------
    matplotlib.axes.Axes
        The image has one cell per (R, F) pair, R rows from the highest score
        at the top.
    """
    frame = _frame(source, ["rfm.r", "rfm.f", value])
    frame = frame[(frame["rfm.r"] > 0) & (frame["rfm.f"] > 0)]
    r_bins = int(frame["rfm.r"].max()) if len(frame) else 0
    f_bins = int(frame["rfm.f"].max()) if len(frame) else 0
    means = frame.groupby(["rfm.r", "rfm.f"])[value].mean()
    grid = np.full((r_bins, f_bins), np.nan)
    for (r, f), mean in means.items():
        grid[r_bins - int(r), int(f) - 1] = mean
    ax = _axes(ax, (6, 5))
    image = ax.imshow(np.ma.masked_invalid(grid), cmap="viridis", aspect="auto")
    for row in range(r_bins):
        for col in range(f_bins):
            if not np.isnan(grid[row, col]):
                ax.text(col, row, f"{grid[row, col]:,.0f}", ha="center", va="center",
                        color="white", fontsize=8)
    ax.set_xticks(range(f_bins))
    ax.set_xticklabels([str(f) for f in range(1, f_bins + 1)])
    ax.set_yticks(range(r_bins))
    ax.set_yticklabels([str(r) for r in range(r_bins, 0, -1)])
    ax.set_xlabel("frequency score (rfm.f)")
    ax.set_ylabel("recency score (rfm.r)")
    ax.set_title(f"Mean {value} by RFM recency and frequency score")
    ax.figure.colorbar(image, ax=ax, label=f"mean {value}")
    return ax


def tier_migration(migration: Any, *, ax: Any = None) -> Any:
    """The migration matrix between two tier snapshots, counts in each cell.

    Parameters
    ----------
    migration : TierMigration or pandas.DataFrame
        From :func:`tessera.compare_tiers` (or its ``matrix``).

    Returns
    -------
    matplotlib.axes.Axes
        A tiers x tiers image, rows the tier before, columns the tier after.
    """
    matrix = migration if isinstance(migration, pd.DataFrame) else migration.matrix
    counts = matrix.to_numpy()
    ax = _axes(ax, (1.2 * len(matrix.columns) + 2, 0.8 * len(matrix) + 1.5))
    ax.imshow(counts, cmap="Blues", aspect="auto")
    peak = counts.max() if counts.size else 0
    for row in range(counts.shape[0]):
        for col in range(counts.shape[1]):
            ax.text(col, row, f"{counts[row, col]:,}", ha="center", va="center",
                    color="white" if counts[row, col] > peak / 2 else "black")
    ax.set_xticks(range(len(matrix.columns)))
    ax.set_xticklabels([str(name) for name in matrix.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(matrix.index)))
    ax.set_yticklabels([str(name) for name in matrix.index])
    ax.set_xlabel("tier after")
    ax.set_ylabel("tier before")
    ax.set_title("Tier migration")
    return ax


def cluster_profiles(source: Any, *, column: str = "kmeans.cluster",
                     features: Sequence[str] = ("recency_days", "frequency", "monetary"),
                     ax: Any = None) -> Any:
    """Each k-means cluster's mean of ``features``, standardized (the
    cluster mean minus the mean of all clustered customers, in standard
    deviations), so clusters can be named at a glance.

    Returns
    -------
    matplotlib.axes.Axes
        One group per cluster, one bar per feature.
    """
    frame = _frame(source, [column, *features])
    # Customers who never bought are not clustered: their label is "none".
    frame = frame[frame[column].notna() & (frame[column].astype(str) != "none")]
    clustered = frame[list(features)].astype(float)
    spread = clustered.std(ddof=0).replace(0, np.nan)
    standardized = (clustered - clustered.mean()) / spread
    profile = _in_label_order(
        standardized.groupby(frame[column], observed=True, sort=True).mean(), frame[column])
    ax = _axes(ax, (1.5 * len(profile) + 3, 4))
    width = 0.8 / len(features)
    positions = np.arange(len(profile))
    for offset, feature in enumerate(features):
        ax.bar(positions + (offset - (len(features) - 1) / 2) * width,
               profile[feature].fillna(0).to_numpy(), width, label=feature)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xticks(positions)
    ax.set_xticklabels([str(label) for label in profile.index])
    ax.set_xlabel(column)
    ax.set_ylabel("standardized mean")
    ax.set_title("Cluster profiles")
    ax.legend()
    return ax
