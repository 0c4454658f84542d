"""Shared fixtures: a small valid corpus folder written to a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus_tools import paths


def write_corpus(folder: Path, texts: dict[str, str | bytes], metadata: str | None = None) -> Path:
    """Write text files and a metadata.csv (default: one row per file, doc_id = file stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    if metadata is None:
        rows = ["doc_id,file,outlet"] + [f"{Path(n).stem},{n},Outlet {i}" for i, n in enumerate(texts)]
        metadata = "\n".join(rows) + "\n"
    (folder / "metadata.csv").write_text(metadata, encoding="utf-8")
    return folder


@pytest.fixture(name="write_corpus")
def write_corpus_fixture():
    """The :func:`write_corpus` helper, as a fixture (tests cannot import conftest directly)."""
    return write_corpus


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Three of the bundled articles with their metadata rows: a valid 'own corpus'."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = (paths.RAW_DIR / "metadata.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [lines[0]]
    for line in lines[1:]:
        if line.split(",")[1].startswith(("000_", "001_", "003_")):
            keep.append(line)
            shutil.copy(paths.RAW_DIR / line.split(",")[1], folder)
    (folder / "metadata.csv").write_text("".join(keep), encoding="utf-8")
    return folder
