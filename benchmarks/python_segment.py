#!/usr/bin/python3
"""How much time the Python binding adds to the C++ core: tessera.segment on
a pandas DataFrame against the core on the same rows.

Usage (PYTHONPATH = a build tree's python folder)::

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_segment.py \\
        [--rows 10000000] [--repeats 5] [--npy-dir DIR] \\
        [--cpp-benchmark build/benchmarks/tessera_pipeline_benchmark]

The rows follow the model of the C++ benchmarks (benchmarks/README.md, "The
data"): one customer per 10 rows, heavy-tailed purchase counts, distinct
random 64-bit keys, rows in day order. They are the peers' gen_data.py
columns when --npy-dir (default $TESSERA_BENCH_NPY_DIR) holds SIZE_*.npy for
this size, else drawn here with numpy and written in that layout to a
temporary folder, so that the C++ pipeline benchmark reads the very same rows.

The DataFrame is what an analyst has: int64 customer ids, datetime64[ns]
dates, float64 amounts and a pandas Categorical of 50 product categories
(the C++ benchmark's category codes). Timed, each the median of --repeats
runs after one warm-up:

  segment     tessera.segment(frame, ...) with the rfm strategy: the whole call,
              DataFrame in, DataFrame out.
  core/days   _core.build_dataset + _core.run on ready columns (int32 epoch days,
              int64 keys, float64 amounts, int32 category codes): the inputs of
              the C++ BM_EndToEnd, through the extension with no pandas.
  core/secs   the same with int64 epoch seconds.
  core/ns     the same with int64 epoch nanoseconds, the date column segment
              hands the core (pandas' datetime64[ns] as it is).
  C++         BM_EndToEnd of tessera_pipeline_benchmark (BuildDataset + Run on
              the same columns), when --cpp-benchmark is given and the size is
              one it runs (1M, 10M).

then segment's steps one by one, to show where its extra time goes. Every
round runs every case once (the machine is shared; a change of load then
weighs on all of them), and segment is compared with both baselines: C++ is
the core as its own benchmark runs it, core/days the same work measured like
segment, in the same process after the same allocations. Timings are
printed, never asserted.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import numpy as np
import pandas as pd

import tessera
from tessera import _core
from tessera.dates import date_columns
from tessera.frames import category_columns, key_columns, number_column

EPOCH = np.datetime64("2022-01-01", "D")
AS_OF = "2024-01-01"  # the day after the two-year window
WINDOW_DAYS = 730
CATEGORIES = 50
SEED = 20240101


def size_label(rows: int) -> str:
    return f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else str(rows)


def draw_orders(rows: int, seed: int = SEED) -> dict[str, Any]:
    """The benchmarks' model drawn with numpy: every customer buys once, the
    other rows go by a lognormal(0, 1.3) propensity; acquisition uniform in
    [0, 700), life Exp(365 days) cut at the window's end, purchase days uniform
    over it; amount = lognormal(3.5, 0.6) customer mean x lognormal(0, 0.5) in
    cents; category k with p ~ 1/(k+1); rows sorted by day, ties shuffled.
    Days count from 2022-01-01, as in gen_data.py."""
    customers = max(1, rows // 10)
    rng = np.random.default_rng(seed)
    propensity = rng.lognormal(0.0, 1.3, customers)
    first = rng.integers(0, 700, customers)
    last = np.minimum(first + rng.exponential(365.0, customers), WINDOW_DAYS - 1).astype(np.int64)
    mean_spend = rng.lognormal(3.5, 0.6, customers)
    ids = rng.choice(10**12 - 10**9, customers, replace=False).astype(np.int64) + 10**9
    repeat_owners = rng.choice(customers, rows - customers, p=propensity / propensity.sum())
    owner = np.concatenate([np.arange(customers), repeat_owners])
    span = last[owner] - first[owner] + 1
    day = (first[owner] + (rng.random(rows) * span).astype(np.int64)).astype(np.int32)
    amount = np.round(mean_spend[owner] * rng.lognormal(0.0, 0.5, rows), 2)
    weights = 1.0 / np.arange(1, CATEGORIES + 1)
    category = rng.choice(CATEGORIES, rows, p=weights / weights.sum()).astype(np.int32)
    order = np.lexsort((rng.random(rows), day))
    return {"customer_id": ids[owner[order]], "day": day[order], "amount": amount[order],
            "category": category[order], "customers": customers}


def write_npy(orders: dict[str, Any], folder: pathlib.Path, label: str) -> None:
    """The layout of gen_data.py's output, which the C++ benchmarks read."""
    for name in ("customer_id", "day", "amount", "category"):
        np.save(folder / f"{label}_{name}.npy", orders[name])
    meta = {"size": label, "n_tx": len(orders["day"]), "n_cust": orders["customers"],
            "epoch": "2022-01-01", "asof_day": WINDOW_DAYS}
    (folder / f"{label}_meta.json").write_text(json.dumps(meta))


def read_npy(folder: pathlib.Path, label: str) -> dict[str, Any] | None:
    paths = {name: folder / f"{label}_{name}.npy"
             for name in ("customer_id", "day", "amount", "category")}
    if not all(path.is_file() for path in paths.values()):
        return None
    orders = {name: np.load(path) for name, path in paths.items()}
    meta = json.loads((folder / f"{label}_meta.json").read_text())
    if meta.get("epoch") != "2022-01-01" or meta.get("asof_day") != WINDOW_DAYS:
        sys.exit(f"{folder}/{label}_meta.json: expected epoch 2022-01-01 and asof_day 730")
    orders["customers"] = int(meta["n_cust"])
    return orders


class Rounds:
    """Wall times by name over rounds. Every round times every case once, so
    a change in the machine's load during the run (it is shared) weighs on
    all cases alike rather than on whichever ran last."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.recording = False

    def time(self, name: str, function):
        gc.collect()
        started = time.perf_counter()
        value = function()
        if self.recording:
            self.times.setdefault(name, []).append(time.perf_counter() - started)
        return value

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])

    def spread(self, name: str) -> str:
        return f"{min(self.times[name]):.3f}-{max(self.times[name]):.3f}"


def cpp_end_to_end(binary: str, npy_dir: pathlib.Path, rows: int) -> float:
    """Real time of one BM_EndToEnd run (Google Benchmark picks the number of
    iterations) at `rows` on the rows in `npy_dir`."""
    command = [binary, f"--benchmark_filter=BM_EndToEnd/tx:{rows}/", "--benchmark_format=json"]
    environment = dict(os.environ, TESSERA_BENCH_NPY_DIR=str(npy_dir))
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        sys.exit(f"{binary} failed ({done.returncode}): {done.stderr.strip()}")
    runs = [run for run in json.loads(done.stdout)["benchmarks"]
            if run.get("run_type") == "iteration" and not run.get("error_occurred")]
    if not runs:
        sys.exit(f"{binary} ran no BM_EndToEnd at tx:{rows} (it runs 1000000 and 10000000)")
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    return runs[0]["real_time"] * scale[runs[0]["time_unit"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="0 = every core")
    parser.add_argument("--npy-dir", type=pathlib.Path,
                        default=os.environ.get("TESSERA_BENCH_NPY_DIR") or None)
    parser.add_argument("--cpp-benchmark", help="path of tessera_pipeline_benchmark")
    arguments = parser.parse_args()
    rows, repeats, threads = arguments.rows, arguments.repeats, arguments.threads
    label = size_label(rows)

    scratch = tempfile.TemporaryDirectory(prefix="python_segment-")
    orders = read_npy(arguments.npy_dir, label) if arguments.npy_dir else None
    if orders is not None and len(orders["day"]) == rows:
        npy_dir, source = arguments.npy_dir, f"npy:{arguments.npy_dir}"
    else:
        if arguments.npy_dir:
            print(f"{arguments.npy_dir} holds no {label}_*.npy of {rows:,} rows; drawing them")
        started = time.perf_counter()
        orders = draw_orders(rows)
        npy_dir, source = pathlib.Path(scratch.name), "numpy draw (seed 20240101)"
        write_npy(orders, npy_dir, label)
        print(f"drew {rows:,} rows in {time.perf_counter() - started:.1f} s")

    epoch_days = orders["day"].astype(np.int64) + int(EPOCH.astype(np.int64))
    labels = [str(k) for k in range(CATEGORIES)]
    frame = pd.DataFrame({
        "customer_id": orders["customer_id"],
        "date": epoch_days.astype("datetime64[D]").astype("datetime64[ns]"),
        "amount": orders["amount"],
        "category": pd.Categorical.from_codes(orders["category"], categories=labels),
    })
    columns = {"int_keys": np.ascontiguousarray(orders["customer_id"]),
               "amounts": np.ascontiguousarray(orders["amount"]),
               "category_codes": np.ascontiguousarray(orders["category"]),
               "category_labels": labels}
    days = epoch_days.astype(np.int32)
    seconds = epoch_days * 86400
    nanoseconds = np.ascontiguousarray(frame["date"].to_numpy().view(np.int64))
    as_of_day = int(np.datetime64(AS_OF, "D").astype(np.int64))
    print(f"{rows:,} rows, {orders['customers']:,} customers ({source}); "
          f"threads: {threads or os.cpu_count()}; median of {repeats} after a warm-up; "
          f"1-minute load before: {os.getloadavg()[0]:.2f}")

    def segment():
        return tessera.segment(frame, customer="customer_id", date="date", amount="amount",
                               category="category", as_of=AS_OF, num_threads=threads)

    def core(dates):
        dataset = _core.build_dataset(**columns, **dates, num_threads=threads)
        return _core.run(dataset, as_of_day=as_of_day, num_threads=threads)

    def segment_by_steps(timer: Rounds) -> None:
        """What segment does, step by step, each step timed."""
        keys = timer.time("keys: key_columns",
                          lambda: key_columns(frame["customer_id"], "customer_id"))
        dates = timer.time("dates: datetime64[ns] as epoch_nanoseconds",
                           lambda: date_columns(frame["date"]))
        amounts = timer.time("amounts: number_column",
                             lambda: number_column(frame["amount"], "amount"))
        category = timer.time("category: Categorical codes -> int32",
                              lambda: category_columns(frame["category"]))
        built = timer.time("_core.build_dataset", lambda: _core.build_dataset(
            **keys, **dates, amounts=amounts, **category, num_threads=threads))
        dataset = tessera.Dataset(built, "customer_id")
        result = timer.time("_core.run (rfm)",
                            lambda: tessera.run(dataset, as_of=AS_OF, num_threads=threads))
        timer.time("Result._take_frame (output DataFrame, columns handed over)",
                   result._take_frame)

    timer = Rounds()
    for round_number in range(repeats + 1):
        timer.recording = round_number > 0  # the first round warms up
        customers = timer.time("segment", segment)
        if len(customers) != orders["customers"]:
            sys.exit(f"segment gave {len(customers)} customers, expected {orders['customers']}")
        del customers
        timer.time("core/days", lambda: core({"days": days}))
        timer.time("core/secs", lambda: core({"epoch_seconds": seconds}))
        timer.time("core/ns", lambda: core({"epoch_nanoseconds": nanoseconds}))
        segment_by_steps(timer)
        if arguments.cpp_benchmark and timer.recording:
            timer.times.setdefault("cpp", []).append(
                cpp_end_to_end(arguments.cpp_benchmark, npy_dir, rows))
    segment_time, core_days, core_nanoseconds = (
        timer.median(name) for name in ("segment", "core/days", "core/ns"))
    cpp = timer.median("cpp") if "cpp" in timer.times else None
    steps = [(name, timer.median(name)) for name in timer.times
             if name not in ("segment", "core/days", "core/secs", "core/ns", "cpp")]

    width = 44
    print(f"\n{'case':<{width}} {'median s':>8} {'min-max s':>12} {'vs core/days':>12}")
    cases = [("tessera.segment(DataFrame)", "segment"),
             ("core/days: _core.build_dataset + run", "core/days"),
             ("core/secs: same, int64 epoch seconds", "core/secs"),
             ("core/ns: same, int64 epoch nanoseconds", "core/ns")]
    if cpp is not None:
        cases.append(("C++ BM_EndToEnd (same rows)", "cpp"))
    for label_text, name in cases:
        value = timer.median(name)
        print(f"{label_text:<{width}} {value:8.3f} {timer.spread(name):>12} "
              f"{value / core_days:11.2f}x")
    top_level = [(name, value) for name, value in steps if not name.startswith(" ")]
    print(f"\nsegment's steps (sum {sum(value for _, value in top_level):.3f} s):")
    for name, value in steps:
        print(f"  {name:<{width - 2}} {value:8.3f}")
    # Google Benchmark repeats BM_EndToEnd in a hot loop, where freed memory
    # comes straight back: at 1M rows that makes it faster than the very same
    # calls made between segment's allocations.
    print()
    baselines = [("core/days", core_days), ("core/ns", core_nanoseconds)] + (
        [("C++ BM_EndToEnd", cpp)] if cpp else [])
    for baseline_name, baseline in baselines:
        print(f"tessera.segment / {baseline_name} = {segment_time / baseline:.3f} "
              f"({(segment_time / baseline - 1) * 100:+.1f}%; target: at most +20%)")
    print(f"1-minute load after: {os.getloadavg()[0]:.2f}")
    scratch.cleanup()


if __name__ == "__main__":
    main()
