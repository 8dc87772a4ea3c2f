"""The learned linker: how likely two mentions are to state one fact, and where to cut.

The parameters are learned from annotated news clusters by ``make train``
(``benchmarks/train.py``, scikit-learn, seeded) and ship as ``linker.json`` beside
this module: per kind a standardised logistic model over the features of
:mod:`factdesk.text.pair_features`, the probability above which two mentions are
linked, and the lower one at which two mutual best matches are.  Only the numbers
ship; scoring is a dot product, so the product needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from factdesk.text.pair_features import FEATURES, about_columns

PARAMETERS = Path(__file__).with_name("linker.json")


class LinkerError(Exception):
    """The parameter file is missing, unreadable or made for other features."""


@dataclass(frozen=True)
class KindModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # link when the probability reaches this
    mutual: float  # link two mutual best matches from this probability on
    # the *about* model: the same pairs weighed on what they concern only (pair_features.about_columns)
    about_coef: tuple[float, ...] = ()
    about_intercept: float = 0.0
    merge: float = 2.0  # join two groups whose cross pairs reach this about-probability on average (> 1: never)

    def probability(self, row: list[float]) -> float:
        return _logistic(self.intercept, row, self.mean, self.scale, self.coef)

    def about_probability(self, row: list[float]) -> float:
        columns, mean, scale = self._about
        return _logistic(self.about_intercept, [row[k] for k in columns], mean, scale, self.about_coef)

    @cached_property
    def _about(self) -> tuple[list[int], list[float], list[float]]:
        """The about model's columns and their standardisation (worked out once, not for every pair)."""
        columns = about_columns(_kind_of(self.features))
        return columns, [self.mean[k] for k in columns], [self.scale[k] for k in columns]

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "threshold": self.threshold,
                "mutual": self.mutual, "about_coef": list(self.about_coef), "about_intercept": self.about_intercept,
                "merge": self.merge}

    @classmethod
    def from_json(cls, kind: str, data: dict[str, Any]) -> KindModel:
        features = tuple(data["features"])
        if features != FEATURES[kind]:
            raise LinkerError(f"the {kind} parameters were learned for other features: run `make train`")
        model = cls(features, tuple(map(float, data["mean"])), tuple(float(s) or 1.0 for s in data["scale"]),
                    tuple(map(float, data["coef"])), float(data["intercept"]), float(data["threshold"]),
                    float(data["mutual"]), tuple(map(float, data.get("about_coef", ()))),
                    float(data.get("about_intercept", 0.0)), float(data.get("merge", 2.0)))
        if not len(model.mean) == len(model.scale) == len(model.coef) == len(features):
            raise LinkerError(f"the {kind} parameters have the wrong length")
        if model.merge <= 1 and len(model.about_coef) != len(about_columns(kind)):
            raise LinkerError(f"the {kind} about-model has the wrong length")
        return model


def _kind_of(features: tuple[str, ...]) -> str:
    return next(k for k, names in FEATURES.items() if names == features)


def _logistic(intercept: float, row: list[float], mean, scale, coef) -> float:
    z = intercept
    for x, m, s, w in zip(row, mean, scale, coef, strict=True):
        z += w * (x - m) / s
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


@dataclass(frozen=True)
class Linker:
    name: str
    trained: str  # what it was trained on, for About boxes and notes
    kinds: dict[str, KindModel]

    @property
    def version(self) -> str:
        return self.name

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "trained": self.trained,
                "kinds": {k: m.to_json() for k, m in sorted(self.kinds.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linker:
        try:
            kinds = {k: KindModel.from_json(k, data["kinds"][k]) for k in FEATURES}
            return cls(str(data["name"]), str(data.get("trained", "")), kinds)
        except (KeyError, TypeError, ValueError) as e:
            raise LinkerError(f"the linker parameters are malformed ({e!r}): run `make train`") from e


def read_linker(path: Path) -> Linker:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise LinkerError(f"cannot read the linker parameters {path.name}: {e}") from e
    return Linker.from_json(data)


@cache
def load_linker() -> Linker:
    """The shipped parameters (read once per process)."""
    return read_linker(PARAMETERS)
