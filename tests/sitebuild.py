"""The one way tests build a site: the command `invoke build` runs, on another content folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import tasks


class BuildFailed(Exception):
    """The build exited non-zero; `output` is what it printed."""

    def __init__(self, output: str):
        super().__init__(output)
        self.output = output


def build_site(content: Path, target: Path, settings: str = "pelicanconf.py", clean: bool = False,
               add: tuple[Path, ...] = ()) -> str:
    argv = [str(a) for a in tasks.build_command(target, settings, content=content, clean=clean, add=add)]
    done = subprocess.run(argv, cwd=tasks.ROOT, capture_output=True, text=True)
    if done.returncode:
        raise BuildFailed(done.stdout + done.stderr)
    return done.stdout
