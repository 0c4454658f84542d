"""corpus_tools.notebook.setup: the shared notebook header."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from corpus_tools import notebook, paths  # noqa: E402


def test_setup_returns_corpus_label_folder_and_bound_save(tmp_path):
    corpus, label, figures_dir, save = notebook.setup(figures_dir=tmp_path)
    assert label == "outlet"
    assert figures_dir == tmp_path
    assert int(corpus.documents["n_sentences"].sum()) == len(corpus.sentences)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    saved = save(fig, "99-test")
    assert saved.path.parent == tmp_path
    assert (tmp_path / "99-test.png").is_file()


def test_setup_defaults_and_label_fallback():
    nb = notebook.setup(label="no_such_column")
    assert nb.label == "doc_id"
    assert nb.figures_dir == paths.FIGURES_DIR


def test_group_label_rule_for_label_none():
    import pandas as pd

    from corpus_tools.notebook import MAX_DOCUMENT_GROUPS, group_label

    assert group_label(pd.DataFrame({"doc_id": range(40), "outlet": "x"}), preferred=None) == "outlet"
    assert group_label(pd.DataFrame({"doc_id": range(MAX_DOCUMENT_GROUPS)}), preferred=None) == "doc_id"
    assert group_label(pd.DataFrame({"doc_id": range(MAX_DOCUMENT_GROUPS + 1)}), preferred=None) == "group"
    assert group_label(pd.DataFrame({"doc_id": range(3), "section": "s"}), preferred="section") == "section"
