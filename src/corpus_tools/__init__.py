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

from corpus_tools import notebook, paths, plots
from corpus_tools.build import build_processed, load_processed
from corpus_tools.clean import clean_text
from corpus_tools.errors import CorpusError
from corpus_tools.io import load_corpus
from corpus_tools.tokenize import split_sentences, tokenize_document, tokenize_words

__version__ = "0.1.0"

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
