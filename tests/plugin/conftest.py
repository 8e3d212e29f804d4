import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# Pelican finds the plugin through PLUGIN_PATHS; the unit tests import it the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))

from fixture_site import build_site, write_content  # noqa: E402


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """One site built from the fixture articles, shared by every test that only reads it."""
    root = tmp_path_factory.mktemp("digest-site")
    return build_site(root, write_content(root))
