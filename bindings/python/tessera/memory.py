"""The scratch cache: large temporary arrays of a run kept for the next one.

Building a dataset and running on it stage rows in large arrays (24 bytes a
transaction row while grouping by customer). Fresh memory from the system
arrives one page fault at a time, which on a virtual machine can cost as much
as the work itself, so freed arrays are kept for the next run in the process,
up to a limit (1 GiB unless set). The cache is shared by every thread; results
never depend on it. A long-lived process that runs rarely may want less::

    tessera.set_scratch_cache_limit(0)        # keep nothing
    tessera.release_scratch_cache()           # or give it back after a batch
"""
from __future__ import annotations

from . import _core


def set_scratch_cache_limit(bytes: int) -> None:
    """Sets the most bytes of freed scratch memory kept for reuse.

    Parameters
    ----------
    bytes : int
        The limit, 1 GiB (1073741824) until set. A limit below what is kept
        now frees the excess at once; 0 keeps nothing, so every array goes
        back to the system when its run ends. Any integer with ``__index__``
        (a numpy integer too); beyond 2**63 - 1 means no limit.

    Raises
    ------
    ValueError
        :class:`InvalidInputError` when ``bytes`` is negative.
    TypeError
        When ``bytes`` is not an integer.
    """
    _core.set_scratch_cache_limit(bytes)


def scratch_cache_limit() -> int:
    """The limit in bytes set by :func:`set_scratch_cache_limit`.

    Returns
    -------
    int
        1073741824 (1 GiB) until set.
    """
    return _core.scratch_cache_limit()


def scratch_cache_size() -> int:
    """The bytes of scratch memory kept for reuse right now.

    Returns
    -------
    int
        0 until a run has finished; arrays held by live datasets and runs in
        flight are not counted.
    """
    return _core.scratch_cache_size()


def release_scratch_cache() -> None:
    """Returns every kept scratch array to the system; the limit stays."""
    _core.release_scratch_cache()


__all__ = [
    "set_scratch_cache_limit",
    "scratch_cache_limit",
    "scratch_cache_size",
    "release_scratch_cache",
]
