"""Finding the transcript files named on a command line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

TRANSCRIPT_SUFFIXES = {".txt", ".text"}


def transcript_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into a sorted, duplicate-free list of transcript files."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TRANSCRIPT_SUFFIXES:
                    found[child] = None
        elif path.is_file():
            found[path] = None
        else:
            raise FileNotFoundError(f"找不到文件或文件夹：{path}")
    return list(found)
