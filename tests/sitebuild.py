"""The one way tests build a site: the command `invoke build` runs, on another content folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import tasks


class BuildFailed(Exception):
    """The build exited non-zero; `output` is what it printed."""

    def __init__(self, output: str):
        super().__init__(output)
        self.output = output


def build_site(content: Path, target: Path, settings: str = "pelicanconf.py", clean: bool = False,
               add: tuple[Path, ...] = (), shard_pages: int | None = None) -> str:
    """`shard_pages`: articles per search index (DIGEST_SHARD_PAGES), so a small site has several."""
    argv = [str(a) for a in tasks.build_command(target, settings, content=content, clean=clean, add=add)]
    env = {**os.environ, **({"DIGEST_SHARD_PAGES": str(shard_pages)} if shard_pages else {})}
    done = subprocess.run(argv, cwd=tasks.ROOT, capture_output=True, text=True, env=env)
    if done.returncode:
        raise BuildFailed(done.stdout + done.stderr)
    return done.stdout
