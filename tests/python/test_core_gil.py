"""build_dataset and run release the GIL: other Python threads keep running."""
import threading
import time

import numpy as np

from tessera import _core


class Counter(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.count = 0
        self.stop = False

    def run(self):
        while not self.stop:
            self.count += 1


def counted_during(work):
    """(increments the counter thread made while `work` ran, seconds, increments per
    second of the counter alone)."""
    counter = Counter()
    counter.start()
    time.sleep(0.2)
    before = counter.count
    time.sleep(0.2)
    alone_rate = (counter.count - before) / 0.2
    start, begun = time.perf_counter(), counter.count
    work()
    seconds, advanced = time.perf_counter() - start, counter.count - begun
    counter.stop = True
    counter.join()
    return advanced, seconds, alone_rate


def test_a_long_run_lets_another_thread_progress():
    rng = np.random.default_rng(3)
    rows = 2_000_000
    columns = {
        "int_keys": rng.integers(0, 300_000, rows).astype(np.int64),
        "days": rng.integers(18000, 18700, rows).astype(np.int32),
        "amounts": rng.gamma(2.0, 30.0, rows),
    }

    def work():
        dataset = _core.build_dataset(**columns, num_threads=1)
        _core.run(dataset, strategies=[("rfm", ""), ("abc", "")], num_threads=1)

    advanced, seconds, alone_rate = counted_during(work)
    # Holding the GIL, the core would leave the counter at most the switch
    # interval (5 ms) at either end of the call; released, the counter runs
    # for the whole call. A quarter of its solo rate allows for a loaded machine.
    assert seconds > 0.1
    assert advanced > 0.25 * alone_rate * seconds, (advanced, seconds, alone_rate)
