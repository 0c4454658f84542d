"""`import corpus_tools` and the CLI's --help stay light: heavy libraries load only when used."""

import subprocess
import sys

import pytest

HEAVY = ("pandas", "sklearn", "nltk", "seaborn", "matplotlib", "scipy")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize(
    ("code", "allowed"),
    [("import corpus_tools", set()), ("from corpus_tools.cli import main", {"pandas"})],
)
def test_importing_loads_no_heavy_library(code, allowed):
    loaded = {m.split(".")[0] for m in _modules_after(code)}
    assert loaded & set(HEAVY) <= allowed, sorted(loaded & set(HEAVY))


def test_names_still_resolve_on_first_use():
    import corpus_tools as ct

    assert ct.CorpusError.__module__ == "corpus_tools.errors"
    assert callable(ct.load_processed) and ct.frames.__name__ == "corpus_tools.frames"
    assert set(ct.__all__) <= set(dir(ct))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ct.nope  # noqa: B018
