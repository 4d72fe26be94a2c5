#!/usr/bin/python3
"""Executes a Jupyter notebook top to bottom and fails when any cell errors.

Usage::

    run_notebook.py NOTEBOOK [--require-file PATH]... [--require-clean]
                    [--timeout SECONDS] [--output EXECUTED.ipynb]

The kernel is ipykernel on this very interpreter (sys.executable), whatever
kernelspecs the machine or the user has installed, so the notebook sees the
same PYTHONPATH (the build tree's tessera) as the caller. Cells run in the
notebook's folder, with Jupyter/IPython state in a temporary folder, so a run
leaves nothing behind in the home directory. Figures go through matplotlib's
inline backend whatever MPLBACKEND the caller has: it needs no display and
renders every figure (with Agg) into the cell's output, so an error raised
while drawing fails the run, where a plain Agg backend would never draw.

Exit status: 0 when every cell ran; 1 when a cell failed (its number, source
and traceback are printed), the kernel died or a cell timed out; 77 (CTest's
SKIP_RETURN_CODE) when a ``--require-file`` is missing, unless CI=true, which
turns that into a failure; 2 for bad arguments.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import sys
import tempfile
import time

SKIP = 77
KERNEL_NAME = "tessera-python3"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", type=pathlib.Path)
    parser.add_argument("--require-file", action="append", default=[], type=pathlib.Path,
                        metavar="PATH", help="skip (exit 77) when this file is missing")
    parser.add_argument("--require-clean", action="store_true",
                        help="fail when the stored notebook holds outputs or execution counts")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--output", type=pathlib.Path,
                        help="write the executed notebook here (for reading its outputs)")
    return parser.parse_args(argv)


def missing_inputs(paths: list[pathlib.Path]) -> int | None:
    """None when every required file exists; else the exit status after
    saying which one is missing."""
    missing = [path for path in paths if not path.is_file()]
    if not missing:
        return None
    names = ", ".join(str(path) for path in missing)
    if os.environ.get("CI", "").lower() == "true":
        print(f"run_notebook: required data missing: {names} (CI=true requires it)")
        return 1
    print(f"run_notebook: skipped: required data missing: {names}")
    return SKIP


def stored_outputs(notebook) -> list[int]:
    """Numbers (1-based) of the code cells saved with outputs or an execution
    count: the repository keeps notebooks cleared so diffs stay readable."""
    return [number for number, cell in enumerate(notebook.cells, 1)
            if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))]


def write_kernelspec(folder: pathlib.Path) -> None:
    """A kernelspec running ipykernel on this interpreter."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python ({sys.executable})",
        "language": "python",
    }))


def first_error(notebook) -> tuple[int, str, str] | None:
    """(cell number, source, traceback) of the first cell with an error output."""
    for number, cell in enumerate(notebook.cells, 1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                traceback = "\n".join(output.get("traceback", []))
                return number, cell.source, _ANSI_ESCAPE.sub("", traceback)
    return None


def report_failure(notebook, path: pathlib.Path, error: BaseException) -> None:
    found = first_error(notebook)
    if found is None:
        print(f"run_notebook: {path}: {type(error).__name__}: {error}")
        return
    number, source, traceback = found
    rule = "-" * 72
    print(f"run_notebook: {path}: cell {number} failed\n{rule}\n{source}\n{rule}\n{traceback}")


def execute(notebook, folder: pathlib.Path, timeout: int) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="run_notebook-") as scratch:
        scratch_path = pathlib.Path(scratch)
        write_kernelspec(scratch_path)
        # The kernel inherits this environment: PYTHONPATH as given, plus these.
        os.environ["MPLBACKEND"] = INLINE_BACKEND
        # Quiets debugpy's notice about frozen modules on every kernel start.
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        os.environ["JUPYTER_RUNTIME_DIR"] = str(scratch_path / "runtime")
        os.environ["IPYTHONDIR"] = str(scratch_path / "ipython")
        os.environ["MPLCONFIGDIR"] = str(scratch_path / "matplotlib")
        specs = KernelSpecManager(kernel_dirs=[str(scratch_path / "kernels")])
        manager = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)
        client = NotebookClient(notebook, km=manager, timeout=timeout,
                                startup_timeout=120, allow_errors=False,
                                resources={"metadata": {"path": str(folder)}})
        try:
            client.execute()
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    status = missing_inputs(arguments.require_file)
    if status is not None:
        return status
    import nbformat

    path = arguments.notebook.resolve()
    notebook = nbformat.read(path, as_version=4)
    if arguments.require_clean:
        dirty = stored_outputs(notebook)
        if dirty:
            print(f"run_notebook: {path}: code cells {dirty} are stored with outputs; "
                  "clear them before committing (Jupyter: Edit > Clear All Outputs)")
            return 1
    started = time.monotonic()
    try:
        execute(notebook, path.parent, arguments.timeout)
    except Exception as error:  # any failure of a cell or of the kernel fails the run
        report_failure(notebook, path, error)
        return 1
    finally:
        if arguments.output is not None:
            nbformat.write(notebook, arguments.output)
    cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    print(f"run_notebook: {path}: {cells} code cells ran in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
