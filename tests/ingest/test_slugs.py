"""One slug function (digest/slugs.py), the same as Pelican's for the names and titles it gets."""

from __future__ import annotations

from hypothesis import given, strategies as st
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from digest.slugs import slug

NAMES = ["Gesang Dunzhu", "Party Secretary of Nima County", "Director of the County People's Congress",
         "Zhejiang's aid (2022)", "Xīzàng Ü-Tsang", "Tibet——the new era", "拉萨 Lhasa", "A_B", "Ge Qingmin"]


def pelican(text: str) -> str:
    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def test_names_and_titles_get_pelicans_slug():
    assert [slug(name) for name in NAMES] == [pelican(name) for name in NAMES]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_gets_pelicans_slug_but_for_dashes_at_the_ends(text):
    assert slug(text) == pelican(text).strip("-")


def test_a_long_title_is_cut_after_a_whole_word():
    cut = slug("Hangzhou Tibet Assistance Working Group Study and Implement the Spirit of Hangzhou Leaders", 40)
    assert cut == "hangzhou-tibet-assistance-working-group" and len(cut) <= 40
