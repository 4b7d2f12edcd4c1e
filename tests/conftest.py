"""Hypothesis profiles, chosen with GUIDELINE_PROFILE (default ``ci``).

- ``ci``: derandomized, no example database, a few hundred examples per property.
- ``thorough``: ten times as many examples, random seeds, for runs by hand.
- ``dev``: a quick run while editing.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=300, derandomize=True, database=None, **_COMMON)
settings.register_profile("thorough", max_examples=3000, **_COMMON)
settings.register_profile("dev", max_examples=30, **_COMMON)
settings.load_profile(os.environ.get("GUIDELINE_PROFILE", "ci"))
