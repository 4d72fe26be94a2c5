"""The package's face: version check against the extension, __all__, and
documentation on everything public."""
import inspect
import pathlib
import shutil
import subprocess
import sys


import tessera
from tessera import _core


def test_version_matches_the_extension_and_the_c_header(source_dir):
    assert tessera.__version__ == _core.__version__ == "1.1.0"
    header = (source_dir / "include" / "tessera" / "version.h").read_text()
    parts = [line.split()[-1] for line in header.splitlines()
             if line.startswith("#define TESSERA_VERSION_") and line.split()[1] in
             ("TESSERA_VERSION_MAJOR", "TESSERA_VERSION_MINOR", "TESSERA_VERSION_PATCH")]
    assert ".".join(parts) == tessera.__version__


def test_a_stale_extension_is_refused_at_import(tmp_path):
    # A copy of the package whose Python files say another version than the
    # extension built beside them.
    package = tmp_path / "tessera"
    shutil.copytree(pathlib_of(tessera), package)
    init = package / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "1.1.0"', '__version__ = "9.9.9"'))
    done = subprocess.run([sys.executable, "-c", "import tessera"], cwd=tmp_path,
                          capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)})
    assert done.returncode != 0
    assert "ImportError: tessera: the extension tessera._core is version 1.1.0 but the " \
           "package is 9.9.9" in done.stderr


def pathlib_of(module):
    return pathlib.Path(module.__file__).parent


def test_all_names_exist_and_are_documented():
    for name in tessera.__all__:
        assert hasattr(tessera, name), name
        value = getattr(tessera, name)
        if name != "__version__":
            assert inspect.getdoc(value), f"tessera.{name} has no docstring"


def test_public_methods_are_documented():
    classes = [tessera.Dataset, tessera.IngestReport, tessera.Result, tessera.RuleFile,
               tessera.Strategy, tessera.TierSnapshot, tessera.TierMigration]
    for cls in classes:
        for name, member in vars(cls).items():
            if name.startswith("_") or not (callable(member) or isinstance(member, property)
                                            or isinstance(member, classmethod)):
                continue
            assert inspect.getdoc(getattr(cls, name)), f"{cls.__name__}.{name}"
    for name in tessera.plot.__all__:
        assert inspect.getdoc(getattr(tessera.plot, name)), f"plot.{name}"


def test_segment_signature_is_keyword_only():
    parameters = inspect.signature(tessera.segment).parameters
    assert list(parameters)[0] == "orders"
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(parameters.values())[1:])


def test_error_classes_are_the_extensions():
    assert tessera.Error is _core.Error
    assert tessera.RuleSyntaxError is _core.RuleSyntaxError


def test_py_typed_marker_ships():
    assert (pathlib_of(tessera) / "py.typed").is_file()
