"""Old name of :mod:`corpus_tools.kwic` (kept so existing notebooks and scripts still import)."""

from corpus_tools.kwic import cut_context, dispersion, kwic, match_terms, plot_dispersion

__all__ = ["cut_context", "dispersion", "kwic", "match_terms", "plot_dispersion"]
