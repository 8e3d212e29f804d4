"""Errors that name the file and line a maintainer or curator has to fix."""

from __future__ import annotations

from pathlib import Path


class DigestError(Exception):
    """Bad input: carries the file, the 1-based line (when known) and what to do about it."""

    def __init__(self, path: str | Path | None, line: int | None, message: str):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):  # rebuilt from its parts when it crosses a process boundary
        return (self.__class__, (self.path, self.line, self.message))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class RawFormatError(DigestError):
    """A raw article that cannot be read as an article."""


class FrontMatterError(DigestError):
    """A Markdown file whose YAML front-matter is missing, malformed or has a bad field."""
