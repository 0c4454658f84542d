"""Evaluating the extractor against a gold labelling of quotations.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pandas as pd

from corpus_tools.quotes.actors import GOLD_COLUMNS, KINDS, QuoteError, load_actor_table
from corpus_tools.quotes.extract import _normalise_space, extract_quotes
from corpus_tools.quotes.patterns import _MARKS, _WORD_RE

# --------------------------------------------------------------------------------------------
# Evaluation against a gold labelling
# --------------------------------------------------------------------------------------------


def load_gold_quotes(path: str | Path) -> pd.DataFrame:
    """Load a gold quote file (CSV with ``#`` comments; columns :data:`GOLD_COLUMNS`), validated.

    Examples
    --------
    >>> from corpus_tools import paths
    >>> gold = load_gold_quotes(paths.GOLD_QUOTES)
    >>> list(gold.columns), sorted(set(gold["kind"])) == sorted(KINDS)
    (['file', 'kind', 'speaker', 'quote', 'note'], True)
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuoteError(f"{path}: gold quote file not found.") from None
    body = "\n".join(line for line in raw.splitlines() if not line.lstrip().startswith("#"))
    gold = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    if tuple(gold.columns) != GOLD_COLUMNS:
        raise QuoteError(f"{path.name}: columns are {list(gold.columns)}, expected {list(GOLD_COLUMNS)}.")
    for i, rec in enumerate(gold.to_dict("records")):
        if rec["kind"] not in KINDS:
            raise QuoteError(f"{path.name}, data row {i + 1}, field 'kind': {rec['kind']!r} is not one of {KINDS}.")
        if not rec["quote"].strip():
            raise QuoteError(f"{path.name}, data row {i + 1}, field 'quote': empty.")
    return gold


def _norm_quote(s: str) -> str:
    s = unicodedata.normalize("NFC", str(s))
    return _normalise_space(s).strip(" " + _MARKS)


def _token_set(s: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in _WORD_RE.findall(str(s))}


def match_quotes(predicted: pd.DataFrame, gold: pd.DataFrame, *, key: str = "file",
                 min_overlap: float = 1.0) -> pd.DataFrame:
    """Align predicted quotes with gold quotes by text, within each ``key`` (file or doc_id).

    Identical texts (whitespace-normalised, outer quote marks stripped) pair first, in order; then,
    when ``min_overlap < 1``, remaining pairs with a word-set Jaccard overlap of at least
    ``min_overlap`` pair greedily (highest overlap first). Reported-speech boundaries are fuzzy,
    so evaluate ``indirect`` rows with e.g. ``min_overlap=0.5``.

    Returns
    -------
    pandas.DataFrame
        One row per gold or predicted quote: ``status`` ("matched", "missed" or "spurious"),
        ``key``, ``gold_quote``, ``pred_quote``, ``gold_kind``, ``pred_kind``, ``gold_speaker``,
        ``pred_speaker``, ``overlap`` and ``speaker_correct``.

    Examples
    --------
    >>> gold = pd.DataFrame({"file": ["f", "f"], "quote": ["a b c", "d e"], "kind": ["direct"] * 2,
    ...                      "speaker": ["X", ""]})
    >>> pred = pd.DataFrame({"file": ["f"], "quote": ["a  b c"], "kind": ["direct"], "speaker": ["X"]})
    >>> match_quotes(pred, gold)[["status", "gold_quote", "speaker_correct"]].values.tolist()
    [['matched', 'a b c', True], ['missed', 'd e', False]]
    """
    for name, df in (("predicted", predicted), ("gold", gold)):
        if not isinstance(df, pd.DataFrame):
            raise QuoteError(f"{name} must be a DataFrame, got {type(df).__name__}.")
        missing = [c for c in (key, "quote", "speaker", "kind") if c not in df.columns]
        if missing:
            raise QuoteError(f"{name} table lacks column(s) {missing}; it has {list(df.columns)}.")
    if not 0 < min_overlap <= 1:
        raise QuoteError(f"min_overlap must be in (0, 1], got {min_overlap!r}.")
    rows = []
    keys = sorted(set(gold[key]) | set(predicted[key]), key=str)
    for k in keys:
        g = gold[gold[key] == k].reset_index(drop=True)
        p = predicted[predicted[key] == k].reset_index(drop=True)
        g_norm = [_norm_quote(x) for x in g["quote"]]
        p_norm = [_norm_quote(x) for x in p["quote"]]
        pairs: dict[int, tuple[int, float]] = {}
        used: set[int] = set()
        for gi, gn in enumerate(g_norm):
            for pi, pn in enumerate(p_norm):
                if pi not in used and gn == pn:
                    pairs[gi] = (pi, 1.0)
                    used.add(pi)
                    break
        if min_overlap < 1:
            g_sets = [_token_set(x) for x in g["quote"]]
            p_sets = [_token_set(x) for x in p["quote"]]
            scored = []
            for gi in range(len(g)):
                if gi in pairs:
                    continue
                for pi in range(len(p)):
                    if pi in used:
                        continue
                    union = g_sets[gi] | p_sets[pi]
                    jac = len(g_sets[gi] & p_sets[pi]) / len(union) if union else 0.0
                    if jac >= min_overlap:
                        scored.append((-jac, gi, pi))
            for neg, gi, pi in sorted(scored):
                if gi not in pairs and pi not in used:
                    pairs[gi] = (pi, -neg)
                    used.add(pi)
        for gi in range(len(g)):
            if gi in pairs:
                pi, ov = pairs[gi]
                gs, ps = str(g.at[gi, "speaker"]), str(p.at[pi, "speaker"])
                rows.append(("matched", k, g.at[gi, "quote"], p.at[pi, "quote"], g.at[gi, "kind"], p.at[pi, "kind"],
                             gs, ps, ov, _normalise_space(gs).casefold() == _normalise_space(ps).casefold()))
            else:
                rows.append(("missed", k, g.at[gi, "quote"], "", g.at[gi, "kind"], "", str(g.at[gi, "speaker"]),
                             "", 0.0, False))
        for pi in range(len(p)):
            if pi not in used:
                rows.append(("spurious", k, "", p.at[pi, "quote"], "", p.at[pi, "kind"], "", str(p.at[pi, "speaker"]),
                             0.0, False))
    return pd.DataFrame(rows, columns=["status", key, "gold_quote", "pred_quote", "gold_kind", "pred_kind",
                                       "gold_speaker", "pred_speaker", "overlap", "speaker_correct"])


def evaluate_quotes(predicted: pd.DataFrame, gold: pd.DataFrame, *, key: str = "file",
                    min_overlap: float = 1.0) -> pd.DataFrame:
    """Precision and recall of quote extraction (spans) and attribution (speakers) against gold.

    Parameters
    ----------
    predicted, gold
        Tables with ``key``, ``quote``, ``speaker`` and ``kind`` (predicted: rows of
        :func:`extract_quotes` plus a ``file`` column; gold: :func:`load_gold_quotes`).
        Filter both to the kinds you want to score before calling.
    key, min_overlap
        As for :func:`match_quotes`.

    Returns
    -------
    pandas.DataFrame
        One row: ``n_gold``, ``n_predicted``, ``n_matched``, ``span_precision`` (matched /
        predicted), ``span_recall`` (matched / gold), ``span_f1``, ``kind_accuracy`` (same kind,
        among matched), ``attribution_accuracy`` (same speaker, "" included, among matched),
        ``attribution_precision`` (correct among matched quotes given a speaker),
        ``attribution_recall`` (gold quotes with a speaker that were found AND given that
        speaker). A ratio with a zero denominator is NaN (e.g. precision with no predictions).

    Examples
    --------
    >>> gold = pd.DataFrame({"file": ["f"] * 3, "quote": ["a b", "c d", "e f"], "kind": ["direct"] * 3,
    ...                      "speaker": ["X", "Y", ""]})
    >>> pred = pd.DataFrame({"file": ["f"] * 3, "quote": ["a b", "c d", "g h"], "kind": ["direct"] * 3,
    ...                      "speaker": ["X", "Z", ""]})
    >>> evaluate_quotes(pred, gold).round(3).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'n_gold': 3.0, 'n_predicted': 3.0, 'n_matched': 2.0, 'span_precision': 0.667,
     'span_recall': 0.667, 'span_f1': 0.667, 'kind_accuracy': 1.0, 'attribution_accuracy': 0.5,
     'attribution_precision': 0.5, 'attribution_recall': 0.5}
    """
    m = match_quotes(predicted, gold, key=key, min_overlap=min_overlap)
    if len(gold) == 0:
        raise QuoteError("gold table is empty: nothing to evaluate against.")
    matched = m[m["status"] == "matched"]

    def ratio(a: float, b: float) -> float:
        return a / b if b else float("nan")

    n_gold, n_pred, n_match = len(gold), len(predicted), len(matched)
    p, r = ratio(n_match, n_pred), ratio(n_match, n_gold)
    given = matched[matched["pred_speaker"].str.strip() != ""]
    gold_with = m[(m["status"] != "spurious") & (m["gold_speaker"].str.strip() != "")]
    out = dict(
        n_gold=n_gold, n_predicted=n_pred, n_matched=n_match, span_precision=p, span_recall=r,
        span_f1=ratio(2 * p * r, p + r) if n_match else 0.0,
        kind_accuracy=ratio(int((matched["gold_kind"] == matched["pred_kind"]).sum()), n_match),
        attribution_accuracy=ratio(int(matched["speaker_correct"].sum()), n_match),
        attribution_precision=ratio(int(given["speaker_correct"].sum()), len(given)),
        attribution_recall=ratio(int(gold_with["speaker_correct"].sum()), len(gold_with)),
    )
    return pd.DataFrame([out]).astype("float64")


def evaluate_attribution(texts: dict, gold: pd.DataFrame, *, extractor=None, kinds=("direct", "partial", "phrase"),
                         key: str = "file") -> pd.DataFrame:
    """Score an extractor against gold quotes over several texts (span P/R, attribution accuracy).

    Parameters
    ----------
    texts
        ``{file name: text}``; every ``gold[key]`` value must be a key.
    gold
        A gold table (:func:`corpus_tools.quotes.load_gold_quotes`).
    extractor
        A function ``text -> quote table``; ``None`` for :func:`extract_quotes`.
    kinds
        Gold and predicted rows of these kinds are scored (default: quotations in marks).
    key
        The gold column naming the text.

    Returns
    -------
    pandas.DataFrame
        One row, as :func:`corpus_tools.quotes.evaluate_quotes` (``span_precision``,
        ``span_recall``, ``attribution_accuracy``, ...).

    Examples
    --------
    >>> gold = pd.DataFrame({"file": ["a"], "kind": ["direct"], "speaker": ["Jane Roe"],
    ...                      "quote": ["We are full,"], "note": [""]})
    >>> texts = {"a": 'Jane Roe, a nurse, spoke. "We are full," she said.'}
    >>> evaluate_attribution(texts, gold)[["span_recall", "attribution_accuracy"]].values.tolist()
    [[1.0, 1.0]]
    """
    if not isinstance(texts, dict):
        raise QuoteError(f"texts must be a dict of file name -> text, got {type(texts).__name__}.")
    if not isinstance(gold, pd.DataFrame) or key not in gold.columns:
        raise QuoteError(f"gold must be a DataFrame with a {key!r} column (load_gold_quotes()).")
    missing = sorted(set(gold[key]) - set(texts))
    if missing:
        raise QuoteError(f"gold names text(s) {missing} that are not in texts. Fix: pass every text.")
    extractor = extractor or extract_quotes
    frames = []
    for name in sorted(set(gold[key])):
        df = extractor(texts[name])
        df = df[df["kind"].isin(kinds)].copy()
        df.insert(0, key, name)
        frames.append(df[[key, "quote", "speaker", "kind"]])
    predicted = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[key, "quote", "speaker", "kind"])
    return evaluate_quotes(predicted, gold[gold["kind"].isin(kinds)].reset_index(drop=True), key=key)


#: Splits of an out-of-sample gold set (``metadata.csv`` column ``split``).
SPLITS: tuple[str, ...] = ("dev", "test")


def evaluate_out_of_sample(folder: str | Path | None = None, *, split: str = "test",
                           actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score :func:`extract_quotes` on one split of an out-of-sample gold set (quotes in marks).

    Parameters
    ----------
    folder
        A gold-set folder with ``gold_quotes.csv`` and ``texts/`` (``metadata.csv`` with ``file``
        and ``split``); ``None`` for ``data/annotations/quotes_oos/`` (16 news articles on other
        topics, written and labelled for issue 12: dev = oos_01-06, held-out test = oos_07-16).
    split
        ``"test"`` (the held-out articles: the out-of-sample result) or ``"dev"`` (the articles
        the rules were developed on: in-sample for the rules).
    actors
        The actor table; ``None`` for the ``generic`` domain pack's (the texts are not about the
        bundled debate, so its named actors do not apply).

    Returns
    -------
    pandas.DataFrame
        One row as :func:`evaluate_quotes`, with ``split`` and ``n_texts`` first.

    Examples
    --------
    >>> row = evaluate_out_of_sample(split="test").iloc[0]
    >>> int(row["n_texts"]), int(row["n_gold"]), bool(row["attribution_accuracy"] >= 0.87)
    (10, 92, True)
    """
    from corpus_tools import domains, paths  # the packs load this package: imported when called

    folder = Path(folder) if folder is not None else paths.ANNOTATIONS_DIR / "quotes_oos"
    if split not in SPLITS:
        raise QuoteError(f"split must be one of {SPLITS}, got {split!r}.")
    meta_path = folder / "texts" / "metadata.csv"
    if not meta_path.is_file():
        raise QuoteError(f"{meta_path}: not found. Fix: pass a gold-set folder with texts/metadata.csv.")
    meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False)
    files = sorted(meta.loc[meta.get("split", pd.Series(dtype=str)) == split, "file"])
    if not files:
        raise QuoteError(f"{meta_path}: no text has split {split!r}. Fix: fill the 'split' column.")
    gold = load_gold_quotes(folder / "gold_quotes.csv")
    gold = gold[gold["file"].isin(files)].reset_index(drop=True)
    texts = {f: (folder / "texts" / f).read_text(encoding="utf-8") for f in files}
    table = actors if actors is not None else load_actor_table(domains.load_domain("generic").path("actors"))
    score = evaluate_attribution(texts, gold, extractor=lambda t: extract_quotes(t, actors=table))
    score.insert(0, "n_texts", float(len(files)))
    score.insert(0, "split", split)
    return score
