"""The reference build: plain Pelican (no plugins, its default theme) over the same articles, with
one tag per official, place and campaign standing in for the digest's three entity kinds.

Tag pages are paginated like the digest's entity pages; no feeds and no search index, so the
reference does strictly less work than the digest build it is compared with.
"""

AUTHOR = "Benchmark"
SITENAME = "Plain Pelican reference"
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "en"
THEME = "notmyidea"
ARTICLE_URL = "articles/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "articles/{date:%Y}/{date:%m}/{slug}/index.html"
DEFAULT_PAGINATION = 20
RELATIVE_URLS = True
PLUGINS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
ARTICLE_TRANSLATION_ID = None  # as pelicanconf.py: Pelican's translation search is quadratic
PAGE_TRANSLATION_ID = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
