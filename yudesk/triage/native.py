"""Compiled builds of the triage hot path, used only when they match the sources.

The classifier is pure Python. `make native` (``native.main(["build"])``) compiles the modules
in COMPILED with mypyc (the compiler mypy ships, which also builds black and mypy themselves)
into ``_native/`` next to this file, with a manifest of the sources' SHA-256. On import,
``yudesk.triage`` calls ``activate``: when every compiled source still matches the manifest
and the build is for this interpreter, the package's import path puts ``_native/`` first and
those modules load compiled; otherwise, or with ``YUDESK_NATIVE=0``, everything loads from
the sources. Stale binaries can never run: the modules of one build call each other
directly in C, so a single changed source turns the whole build off.

Compiled and pure give the same results (tests/unit/test_triage_native.py classifies the
corpus both ways); compiled runs ~18 % fewer instructions per message and is 13-18 % faster
(bench/triage.py prints both rates).
Kept out: ``result`` (its dataclasses cross process pipes as pickles), ``ruledata`` (it names
the data directories by its own ``__file__``: a compiled module's names the build), the
training and CLI modules, and this one.

This module is imported before any compiled one and uses the standard library only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import MutableSequence
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = PACKAGE_DIR / "_native"
GROUP = "yudesk_triage"  # mypyc's shared library of the build: yudesk_triage__mypyc
COMPILED = (
    "normalize",
    "translit",
    "matcher",
    "model",
    "reading",
    "scope",
    "critical",
    "credentials",
    "abuse",
    "lemmas",
    "pipeline",
)
ENV_SWITCH = "YUDESK_NATIVE"  # "0": always the sources

ACTIVE = False  # whether this process loaded the compiled modules


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(build_dir: Path) -> Path:
    return build_dir / "manifest.json"


def _interpreter() -> str:
    return f"{sys.implementation.cache_tag}-{sysconfig.get_config_var('SOABI')}"


def build_status(build_dir: Path = BUILD_DIR) -> str:
    """"ok" when the build in ``build_dir`` may run here, else why not."""
    try:
        data = json.loads(_manifest(build_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "not built (make native)"
    except (OSError, ValueError) as exc:
        return f"unreadable manifest: {exc}"
    if data.get("error"):
        return f"build failed: {data['error']}"
    if data.get("interpreter") != _interpreter():
        return f"built for {data.get('interpreter')}, this is {_interpreter()}"
    sources = data.get("sources") or {}
    if set(sources) != set(COMPILED):
        return "built from another list of modules"
    for name in COMPILED:
        if _digest(PACKAGE_DIR / f"{name}.py") != sources[name]:
            return f"{name}.py changed since the build"
    if not (build_dir / data.get("library", "")).is_file():
        return "shared library missing"
    return "ok"


def activate(package_path: MutableSequence[str], build_dir: Path = BUILD_DIR) -> bool:
    """Put the compiled modules first on the package's import path when they may run."""
    global ACTIVE
    if os.environ.get(ENV_SWITCH, "1") == "0" or build_status(build_dir) != "ok":
        return False
    data = json.loads(_manifest(build_dir).read_text(encoding="utf-8"))
    name = f"{GROUP}__mypyc"
    if name not in sys.modules:
        # The shared library is a top-level module; it is loaded by path so that nothing
        # is added to sys.path.
        spec = importlib.util.spec_from_file_location(name, build_dir / data["library"])
        if spec is None or spec.loader is None:
            return False
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    package_path.insert(0, str(build_dir))
    ACTIVE = True
    return True


def build(build_dir: Path = BUILD_DIR) -> str:
    """Compile COMPILED into ``build_dir``; returns build_status() afterwards. A failure
    (no C compiler, a type error mypyc refuses) is written to the manifest, so the
    classifier runs from the sources and `make` does not retry until a source changes."""
    root = PACKAGE_DIR.parents[1]
    sources = {name: _digest(PACKAGE_DIR / f"{name}.py") for name in COMPILED}
    shutil.rmtree(build_dir, ignore_errors=True)
    build_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="yudesk-native-") as tmp:
        script = (
            "import sys\n"
            "from setuptools import setup\n"
            "from mypyc.build import mypycify\n"
            "paths = sys.argv[1:]\n"
            "sys.argv = sys.argv[:1]\n"
            f"setup(name='yudesk-native', ext_modules=mypycify(\n"
            f"    ['--ignore-missing-imports', *paths], group_name={GROUP!r}, opt_level='3'),\n"
            f"    script_args=['build_ext', '--build-lib', {tmp + '/lib'!r},\n"
            f"                 '--build-temp', {tmp + '/tmp'!r}])\n"
        )
        paths = [f"yudesk/triage/{name}.py" for name in COMPILED]
        proc = subprocess.run(
            [sys.executable, "-c", script, *paths],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        lib = Path(tmp) / "lib"
        libraries = sorted(lib.glob(f"{GROUP}__mypyc*.so"))
        if proc.returncode != 0 or not libraries:
            error = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
            _manifest(build_dir).write_text(
                json.dumps({"error": " | ".join(error) or f"exit {proc.returncode}"}),
                encoding="utf-8",
            )
            return build_status(build_dir)
        for so in (lib / "yudesk" / "triage").glob("*.so"):
            shutil.copy2(so, build_dir / so.name)
        shutil.copy2(libraries[0], build_dir / libraries[0].name)
    _manifest(build_dir).write_text(
        json.dumps(
            {
                "interpreter": _interpreter(),
                "library": libraries[0].name,
                "sources": sources,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return build_status(build_dir)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["build"]:
        status = build()
        print(f"triage native build: {status}")
        return 0  # a failed build leaves the pure-Python classifier: not an error for make
    print(f"triage native build: {build_status()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
