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


def test_setup_label_none_rule(tmp_path):
    from corpus_tools.build import build_processed

    def corpus(n):
        table = tmp_path / f"c{n}.csv"
        rows = [f'd{i:02d},"Paragraph {i} of the council report on road number {i} and its repair."' for i in range(n)]
        table.write_text("doc_id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
        build_processed(table, tmp_path / f"p{n}", progress=False)
        return tmp_path / f"p{n}"

    assert notebook.setup(label=None).label == "outlet"  # the bundled corpus has outlets
    assert notebook.setup(corpus(3), label=None).label == "doc_id"  # few documents: each its own group
    many = notebook.setup(corpus(13), label=None)
    assert many.label == "group" and set(many.corpus.documents["group"]) == {notebook.ALL_CORPUS}
