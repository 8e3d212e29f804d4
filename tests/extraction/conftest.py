from pathlib import Path

import pytest

from digest.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def shipped_gazetteer():
    """The curated gazetteer in content/, loaded once per test session."""
    return load_gazetteer(ROOT / "content" / "gazetteer")
