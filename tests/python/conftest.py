"""Fixtures shared by the pytest suites of the tessera package.

CTest runs each file with PYTHONPATH pointing at the build tree's package and
TESSERA_CLI, TESSERA_SHARED_DATA and TESSERA_SOURCE_DIR set
(tests/python/CMakeLists.txt); run by hand, the same variables can be set,
and the source folder defaults to this checkout.
"""
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(
    os.environ.get("TESSERA_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SHARED_DATA = pathlib.Path(os.environ.get("TESSERA_SHARED_DATA", SOURCE_DIR.parent / "shared" / "data"))


def _missing(what):
    """Data and tools beside the checkout are optional on a developer's
    machine (skip) but required under CI (fail)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing, and CI=true requires it")
    pytest.skip(f"{what} is missing; these tests need it")


@pytest.fixture(scope="session")
def shared_file():
    """A function giving the path of a file in ../shared/data (the folder of
    real reference data beside the checkout), or skipping the test without it
    (failing it under CI=true)."""
    def find(relative):
        path = SHARED_DATA / relative
        if not path.is_file():
            _missing(f"shared data file {path}")
        return path
    return find


@pytest.fixture
def source_dir():
    """The project's source folder (bundled data, example rules)."""
    return SOURCE_DIR


@pytest.fixture
def run_cli():
    """A function running the C++ command-line tool (TESSERA_CLI) with the
    given arguments, failing the test on a nonzero exit."""
    cli = os.environ.get("TESSERA_CLI", "")
    if not cli or not os.access(cli, os.X_OK):
        _missing(f"the tessera command-line tool (TESSERA_CLI={cli!r})")

    def run(*args):
        done = subprocess.run([cli, *map(str, args)], capture_output=True, text=True)
        assert done.returncode == 0, f"tessera {' '.join(map(str, args))}:\n{done.stderr}"
        return done
    return run
