"""What the benches share: milliseconds and the one percentile every bench reports."""

from __future__ import annotations

import math


def ms(seconds: float) -> float:
    return seconds * 1000.0


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile of ``samples`` (p in 0..100): the smallest sample that at least
    ``p`` % of the samples are not above."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]
