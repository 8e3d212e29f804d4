"""Settings for the deployable site: absolute URLs and feeds."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("DIGEST_SITEURL", "https://digest.example.org")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
