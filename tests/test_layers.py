"""The direction of imports, as pyproject.toml's [tool.importlinter] contracts say (`make test`
runs lint-imports too): the kernel (portal) imports no feature app, the composition layer sits
on top and no app imports it, an earlier stage never imports a later one, and complaints and the
survey import only registration and the kernel."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_goes_down_the_layers():
    linter = Path(sys.executable).parent / "lint-imports"

    run = subprocess.run(
        [str(linter), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
