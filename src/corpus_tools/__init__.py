"""corpus_tools: the helper library behind the Border Frames notebooks.

Core (imported here): load a corpus, clean it, tokenise it, build and read the processed tables.
``corpus_tools.notebook.setup()`` is the notebooks' shared header. Analysis modules are imported
by name when needed (``corpus_tools.frames``,
``corpus_tools.sentiment``, ``corpus_tools.quotes``, ``corpus_tools.compare``,
``corpus_tools.topics``, ``corpus_tools.reliability``).

Examples
--------
>>> import corpus_tools as ct
>>> corpus = ct.load_processed()
>>> int(corpus.documents["n_sentences"].sum()) == len(corpus.sentences)
True
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# Imported on first use (PEP 562), so `import corpus_tools` and `python -m corpus_tools --help`
# stay fast: pandas, scikit-learn, nltk and seaborn load only when something needs them.
_FUNCTIONS = {
    "CorpusError": "corpus_tools.errors",
    "build_processed": "corpus_tools.build",
    "load_processed": "corpus_tools.processed",
    "clean_text": "corpus_tools.clean",
    "load_corpus": "corpus_tools.io",
    "split_sentences": "corpus_tools.tokenize",
    "tokenize_document": "corpus_tools.tokenize",
    "tokenize_words": "corpus_tools.tokenize",
}
_MODULES = {
    "actors", "adapt", "build", "build_workers", "clean", "cli", "compare", "concordance", "describe",
    "domains", "errors", "findings", "frames", "io", "kwic", "notebook", "outputs", "paths", "plots",
    "processed", "quotes", "reliability", "resources", "runner", "sentiment", "stats", "textnorm", "tokenize",
    "topics",
}


def __getattr__(name: str) -> Any:
    if name in _FUNCTIONS:
        value = getattr(import_module(_FUNCTIONS[name]), name)
    elif name in _MODULES:
        value = import_module(f"corpus_tools.{name}")
    else:
        raise AttributeError(f"module 'corpus_tools' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FUNCTIONS) | _MODULES)


__all__ = [
    "CorpusError",
    "build_processed",
    "clean_text",
    "load_corpus",
    "load_processed",
    "notebook",
    "paths",
    "plots",
    "split_sentences",
    "tokenize_document",
    "tokenize_words",
]
