"""Pelican settings for the Tibet county news digest (local development)."""

from pathlib import Path

from digest.assets import fingerprint_filter

ROOT = Path(__file__).resolve().parent

AUTHOR = "Tibet County Digest"
SITENAME = "Tibet County Digest"
SITESUBTITLE = "Local-government news from the Tibet Autonomous Region, in machine translation"
SITEURL = ""

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Articles keep the file name ingest gave them: one stable URL per article. A folder per month
# lets each search index read whole months (plugins/digest_incremental/state.py: search_shards).
ARTICLE_URL = "articles/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "articles/{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# Drafts (undated articles, duplicates held by ingest) are not written at all: a page under
# drafts/ would still be indexed by Pagefind and show the same story twice in search.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

THEME = str(ROOT / "theme")  # the digest plugin's pages need its templates
# `{{ 'css/digest.css' | fingerprint }}` -> 'css/digest.css?v=<hash>': lets hosts cache theme
# files for a year (docs/hosting/) because the URL changes with the file.
JINJA_FILTERS = {"fingerprint": fingerprint_filter(Path(THEME) / "static")}

# Theme pages (theme/templates): search (Pagefind), 404 and sitemap.xml are direct templates.
# Readers browse by official, place, campaign and office (plugin pages), so Pelican's tag,
# category and author pages are not written.
# The home page and its numbered pages are the plugin's (pages that stay put: plugins/digest_pages/listpages.py).
DIRECT_TEMPLATES = ["archives", "search", "404", "sitemap"]
ARCHIVES_SAVE_AS = "archives/index.html"
SEARCH_SAVE_AS = "search/index.html"
SITEMAP_SAVE_AS = "sitemap.xml"
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ""
# With no CATEGORY_SAVE_AS Pelican gives articles no category, and its draft writer then fails on
# `draft.category` (undated and duplicate articles are drafts): every article gets one, unused.
DEFAULT_METADATA = {"category": "news"}

PLUGIN_PATHS = [str(ROOT / "plugins")]
# digest_pages: entity pages, overviews, digests, per-entity feeds, data/ (plugins/digest_pages/README.md)
PLUGINS = ["digest_pages"]

# Feeds off while developing; publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
# One language, no translations. Pelican's search for them (utils.process_translations) is
# quadratic in the number of articles: 0.55 s at 10,000, about 50 s at 100,000.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
# The date is the front-matter's, always: Pelican's default reads one from the file name too, parsed
# with dateutil and then overridden (1.8 s of every build at 10,000 articles).
FILENAME_METADATA = ""
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 20
# Numbered pages of any article list (home, entity pages) live at <page>/page/N/, page 1 the oldest.
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
RELATIVE_URLS = True
CACHE_CONTENT = False
