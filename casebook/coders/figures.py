"""The figures `casebook agree` reports: each with its key, name, symbol and unit, computed
from the sufficient statistics of a set of ratings (:class:`Tally`).

A :class:`Tally` holds the compressed counts table and every coder pair's contingency
table, so the pooled figure of many codes is the sum of their tallies, never a stacked
array of all judgements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from casebook.coders import stats

# key: (name, symbol). The order is the order of the table's columns.
NAMES: dict[str, tuple[str, str]] = {
    "percent": ("percent agreement", "%"),
    "cohen": ("Cohen's kappa", "κ"),
    "scott": ("Scott's pi", "π"),
    "fleiss": ("Fleiss' kappa", "Fleiss κ"),
    "bp": ("Brennan-Prediger kappa (Bennett's S, Randolph's free-marginal kappa)", "κn"),
    "ac1": ("Gwet's AC1", "AC1"),
    "alpha": ("Krippendorff's alpha (nominal)", "α"),
    "kappa_linear": ("Cohen's weighted kappa (linear)", "κw lin."),
    "kappa_quadratic": ("Cohen's weighted kappa (quadratic)", "κw quad."),
    "ac2_linear": ("Gwet's AC2 (linear weights)", "AC2 lin."),
    "ac2_quadratic": ("Gwet's AC2 (quadratic weights)", "AC2 quad."),
    "alpha_ordinal": ("Krippendorff's alpha (ordinal)", "α ord."),
    "alpha_interval": ("Krippendorff's alpha (interval)", "α int."),
    "alpha_ratio": ("Krippendorff's alpha (ratio)", "α ratio"),
    "alpha_u": ("Krippendorff's unitized alpha-u", "αu"),
    "alpha_u_binary": ("Krippendorff's binary |u-alpha", "|uα"),
    "segments": ("segment agreement", "segm. %"),
}
# The catalogue's word for each unit a figure can be about (casebook.i18n).
UNIT_WORDS = {"sentence": "unit_sentence", "turn": "unit_turn", "character": "unit_character",
              "coding": "unit_coding"}
# The catalogue's one-line definition of each figure.
DEFINITIONS = {
    "percent": "def_percent", "cohen": "def_cohen", "scott": "def_scott",
    "fleiss": "def_fleiss", "bp": "def_bp", "ac1": "def_ac1", "alpha": "def_alpha",
    "kappa_linear": "def_kappa_linear", "kappa_quadratic": "def_kappa_quadratic",
    "ac2_linear": "def_ac2_linear", "ac2_quadratic": "def_ac2_quadratic",
    "alpha_ordinal": "def_alpha_ordinal", "alpha_interval": "def_alpha_interval",
    "alpha_ratio": "def_alpha_ratio", "alpha_u": "def_alpha_u",
    "alpha_u_binary": "def_alpha_u_binary", "segments": "def_segments"}
# Accepted in --coefficients besides the keys.
ALIASES = {"bennett-s": "bp", "s": "bp", "randolph": "bp", "brennan-prediger": "bp",
           "kappa": "cohen", "pi": "scott", "percent-agreement": "percent",
           "alpha-nominal": "alpha", "alpha-u": "alpha_u", "alpha-u-binary": "alpha_u_binary"}


@dataclass(slots=True)
class Figure:
    key: str
    unit: str  # what one judgement is about: sentence, turn, character, coding
    value: float | None
    ci: tuple[float, float] | None = None
    ci_method: str | None = None
    p_below: dict[float, float] | None = None
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or NAMES[self.key][0]

    def as_dict(self) -> dict:
        data = {"name": self.name, "symbol": NAMES[self.key][1], "unit": self.unit,
                "value": self.value}
        if self.ci_method:
            data.update(ci=list(self.ci) if self.ci else None, ci_method=self.ci_method)
        if self.p_below:
            data["p_below"] = {f"{k:.3f}": v for k, v in self.p_below.items()}
        return data


@dataclass(slots=True)
class Tally:
    """What every categorical coefficient needs: the counts table (rows kept once, with
    weights) and each coder pair's contingency table."""

    q: int
    table: np.ndarray
    weights: np.ndarray
    pairs: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)
    _rated: stats.Rated | None = field(default=None, repr=False)

    @classmethod
    def of(cls, ratings: np.ndarray, q: int, weights=None) -> Tally:
        table, w = stats.compress(stats.counts(ratings, q), weights)
        return cls(q, table, w, stats.pair_tables(ratings, q, weights))

    @classmethod
    def total(cls, tallies: list[Tally]) -> Tally:
        """All judgements of ``tallies`` (of the same coders and categories) as one set."""
        table, w = stats.compress(np.vstack([t.table for t in tallies]),
                                  np.concatenate([t.weights for t in tallies]))
        pairs = {k: sum((t.pairs[k] for t in tallies[1:]), tallies[0].pairs[k])
                 for k in tallies[0].pairs}
        return cls(tallies[0].q, table, w, pairs)

    @property
    def rated(self) -> stats.Rated:
        """The table as the coefficients start from it, worked out once for all of them."""
        if self._rated is None:
            self._rated = stats.Rated(self.table, self.weights)
        return self._rated

    @property
    def units(self) -> float:
        return stats.pairable_units(self.rated)


def _mean(values) -> float | None:
    found = [v for v in values if v is not None]
    return float(np.mean(found)) if found else None


def _pair_name(base: str, coders: int) -> str:
    return base if coders <= 2 else f"{base} (mean over coder pairs, Light 1971)"


def nominal(t: Tally, names: list[str], unit: str, ci: float | None = None
            ) -> tuple[dict[str, Figure], dict[str, dict]]:
    """The nominal figures, and per coder pair Cohen's kappa and Scott's pi."""
    tables = np.array(list(t.pairs.values()), dtype=float).reshape(-1, t.q, t.q)
    pairs = {f"{names[i]}|{names[j]}": {"cohen_kappa": c, "scott_pi": s} for (i, j), c, s in
             zip(t.pairs, stats.cohen_kappas(tables), stats.scott_pis(tables))}
    percent = stats.percent_agreement(t.rated)
    figures = {
        "percent": Figure("percent", unit, None if percent is None else 100 * percent),
        "cohen": Figure("cohen", unit, _mean(p["cohen_kappa"] for p in pairs.values()),
                        name=_pair_name(NAMES["cohen"][0], len(names))),
        "scott": Figure("scott", unit, _mean(p["scott_pi"] for p in pairs.values()),
                        name=_pair_name(NAMES["scott"][0], len(names))),
        "fleiss": Figure("fleiss", unit, stats.fleiss_kappa(t.rated)),
        "bp": Figure("bp", unit, stats.brennan_prediger(t.rated)),
        "ac1": _ac(t, unit, "ac1", None, ci),
        "alpha": _alpha(t, unit, "alpha", "nominal", None, ci),
    }
    return figures, pairs


def ordered(t: Tally, unit: str, ci: float | None = None) -> dict[str, Figure]:
    """The figures of ordered categories ``0..q-1`` (values ``1..q``)."""
    values = np.arange(1, t.q + 1, dtype=float)
    figures = {}
    for power, name in ((1, "linear"), (2, "quadratic")):
        weights = stats.order_weights(t.q, power)
        figures[f"kappa_{name}"] = Figure(f"kappa_{name}", unit, _mean(stats.cohen_kappas(
            np.array(list(t.pairs.values()), dtype=float).reshape(-1, t.q, t.q), weights)))
        figures[f"ac2_{name}"] = _ac(t, unit, f"ac2_{name}",
                                     stats.agreement_weights(t.q, power), ci)
    for metric in ("ordinal", "interval", "ratio"):
        figures[f"alpha_{metric}"] = _alpha(t, unit, f"alpha_{metric}", metric, values, ci)
    return figures


def _ac(t: Tally, unit: str, key: str, agree, ci: float | None) -> Figure:
    if not ci:
        return Figure(key, unit, stats.gwet(t.rated, None, agree))
    value, interval, _se = stats.gwet(t.rated, None, agree, confidence=ci)
    return Figure(key, unit, value, interval,
                  f"{ci:.0%} interval from Gwet's variance (Gwet 2014, ch. 5), t with n-1 df")


def _alpha(t: Tally, unit: str, key: str, metric: str, values, ci: float | None) -> Figure:
    value = stats.alpha(t.rated, None, metric, values)
    if not ci:
        return Figure(key, unit, value)
    boot = stats.alpha_bootstrap(t.rated, None, metric, values, confidence=ci)
    method = f"{ci:.0%} bootstrap interval, 2,000 draws (Hayes & Krippendorff 2007)"
    if boot is None:
        return Figure(key, unit, value, None, method)
    return Figure(key, unit, value, boot[0], method, boot[1])


def unitized(parts: tuple[float, float] | None, key: str) -> Figure:
    """An alpha from ``(D_o, D_e)`` on characters."""
    value = None if parts is None or parts[1] == 0 else 1.0 - parts[0] / parts[1]
    return Figure(key, "character", value)


def segments(agree: int, disagree: int, rule: str) -> Figure:
    total = agree + disagree
    return Figure("segments", "coding", 100.0 * agree / total if total else None,
                  name=f"segment agreement ({rule})")
