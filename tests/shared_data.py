"""Where the tests find ``../shared`` (the real seed report and reference data).

The folder sits beside the repository; ``NETFREEDOM_SHARED`` may point elsewhere. Nothing
from it is copied into the repository: tests read it at run time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NETFREEDOM_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seeds" / "000_a76c731e3ec3b3b8.txt"
SAMPLES = REPO / "src" / "netfreedom" / "samples"


def seed_path() -> Path:
    """The seed report; skips the test outside CI when ../shared is absent, fails in CI."""
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the seed report is missing at {SEED}")
        pytest.skip(f"no seed report at {SEED}")
    return SEED
