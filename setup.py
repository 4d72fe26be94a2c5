"""Builds the tessera Python package: the pure-Python files of
bindings/python/tessera plus the extension tessera._core, which CMake builds
from this repository (the pattern of pybind11's cmake_example).

Offline, with Debian's setuptools, wheel and pybind11-dev (scripts/install-deps.sh):

    /usr/bin/python3 -m pip install --no-build-isolation --no-deps .

--no-build-isolation makes pip use the installed setuptools instead of
downloading one. CMAKE_BUILD_PARALLEL_LEVEL sets the number of compile jobs;
CMAKE_GENERATOR and CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) are honoured.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def tessera_version() -> str:
    """The version from include/tessera/version.h, the single source of truth."""
    header = (ROOT / "include" / "tessera" / "version.h").read_text()
    parts = [re.search(rf"#define TESSERA_VERSION_{part} +(\d+)", header).group(1)
             for part in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        build_dir = Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DTESSERA_BUILD_PYTHON=ON",
            "-DTESSERA_BUILD_TESTS=OFF",
            "-DTESSERA_BUILD_BENCHMARKS=OFF",
            "-DTESSERA_BUILD_CLI=OFF",
            "-DTESSERA_BUILD_C_API=OFF",
            # The extension must match the interpreter installing it.
            f"-DPython3_EXECUTABLE={sys.executable}",
        ]
        if "CMAKE_GENERATOR" not in os.environ and shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        build = ["cmake", "--build", str(build_dir), "--target", "tessera_python"]
        # `setup.py build_ext -j N`; otherwise cmake --build reads
        # CMAKE_BUILD_PARALLEL_LEVEL itself.
        if self.parallel:
            build += ["--parallel", str(self.parallel)]
        subprocess.run(configure, check=True)
        subprocess.run(build, check=True)

        built = list((build_dir / "python" / "tessera").glob("_core*" + self.ext_suffix()))
        if len(built) != 1:
            raise RuntimeError(f"expected one tessera/_core extension in {build_dir}, found {built}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)

    def ext_suffix(self) -> str:
        import sysconfig
        return sysconfig.get_config_var("EXT_SUFFIX") or ".so"


setup(
    version=tessera_version(),
    packages=["tessera"],
    package_dir={"tessera": "bindings/python/tessera"},
    package_data={"tessera": ["*.pyi", "py.typed"]},
    ext_modules=[CMakeExtension("tessera._core")],
    cmdclass={"build_ext": CMakeBuild},
)
