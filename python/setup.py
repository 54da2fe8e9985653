"""Packages reentry for Python: the ctypes binding with libreentry_c inside.

    python3 -m venv --system-site-packages .venv      # Debian: pip refuses the system python
    .venv/bin/pip install ./python                    # after building: cmake --build build

No network is needed: pip builds this with the setuptools already installed
(Debian's python3-setuptools). There is deliberately no pyproject.toml: with
one, pip builds in an isolated environment and downloads setuptools first.

The library bundled is, in order: $REENTRY_LIBRARY, or the newest
libreentry_c.so* in a build folder of this checkout (../build*). With
REENTRY_NO_BUNDLE=1 the package is built without it and finds the library at
run time (REENTRY_LIBRARY or the system's library path, e.g. after
`cmake --install`). CMake builds a wheel with -DREENTRY_BUILD_PYTHON=ON.
"""

import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
if sys.platform == "win32":
    LIBRARY_NAME = "reentry_c.dll"
elif sys.platform == "darwin":
    LIBRARY_NAME = "libreentry_c.dylib"
else:
    LIBRARY_NAME = "libreentry_c.so"


def bundle_library():
    """The libreentry_c to bundle, or None when REENTRY_NO_BUNDLE is set."""
    if os.environ.get("REENTRY_NO_BUNDLE"):
        return None
    explicit = os.environ.get("REENTRY_LIBRARY")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            sys.exit(f"REENTRY_LIBRARY={explicit}: no such file")
        return path.resolve()
    built = [p for build in sorted(HERE.parent.glob("build*")) for p in build.glob(LIBRARY_NAME)]
    built = [p for p in built if p.is_file()]
    if not built:
        sys.exit(
            f"{LIBRARY_NAME} not found in {HERE.parent}/build*: build it first "
            "(cmake -S . -B build -G Ninja && cmake --build build --target reentry_c), set "
            "REENTRY_LIBRARY to its path, or set REENTRY_NO_BUNDLE=1 to use an installed one")
    return max(built, key=lambda p: p.stat().st_mtime).resolve()


class BuildWithLibrary(build_py):
    """Copies libreentry_c next to the package's modules."""

    def run(self):
        super().run()
        library = bundle_library()
        if library is not None:
            target = Path(self.build_lib) / "reentry" / LIBRARY_NAME
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(library, target)
            print(f"reentry: bundling {library}")


class BinaryDistribution(Distribution):
    """A platform wheel: it carries a native library (but no Python C API)."""

    def has_ext_modules(self):
        return not os.environ.get("REENTRY_NO_BUNDLE")


commands = {"build_py": BuildWithLibrary}
try:
    from wheel.bdist_wheel import bdist_wheel

    class PlatformWheel(bdist_wheel):
        """py3-none-<platform>: any Python 3, since ctypes needs no ABI tag."""

        def get_tag(self):
            python, abi, platform = super().get_tag()
            if os.environ.get("REENTRY_NO_BUNDLE"):
                return python, abi, platform
            return "py3", "none", platform

    commands["bdist_wheel"] = PlatformWheel
except ImportError:  # wheel absent: pip installs with setup.py install
    pass

setup(
    name="reentry",
    version="0.1.0",
    description=("Risk/needs assessment scoring for reentry: Python binding of the reentry "
                 "library's C ABI (ctypes)"),
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    url="https://github.com/reentry/reentry",
    packages=["reentry"],
    package_data={"reentry": ["py.typed"]},
    python_requires=">=3.8",
    extras_require={"numpy": ["numpy"]},
    cmdclass=commands,
    distclass=BinaryDistribution,
    zip_safe=False,
)
