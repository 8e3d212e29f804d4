"""What a page is made from (plugins/digest_incremental/inputs.py): plain functions, no Pelican build."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, strategies as st
from jinja2 import DictLoader, Environment

from plugins.digest_incremental.inputs import Fingerprints, NotPlain, page_values


class Entity:
    """Shaped like digest_pages' entities: a link shows its name, its own page its count too."""

    def __init__(self, name: str, count: int):
        self.name, self.count = name, count

    def link_inputs(self):
        return (self.name,)

    def page_inputs(self):
        return vars(self)


def digest(values: dict, subjects=("entity",)) -> bytes:
    return Fingerprints(subjects).page("page.html", values)


def test_a_link_to_an_entity_changes_with_its_name_not_its_count_and_its_own_page_with_both():
    before, counted, renamed = Entity("Seni", 3), Entity("Seni", 4), Entity("Sêni", 3)
    chips = lambda e: {"chips": [e]}  # noqa: E731 - a page that links to it
    own = lambda e: {"entity": e}  # noqa: E731 - its own page
    assert digest(chips(before)) == digest(chips(counted)) != digest(chips(renamed))
    assert len({digest(own(before)), digest(own(counted)), digest(own(renamed))}) == 3


def test_what_an_overview_lists_is_shown_whole():
    assert digest({"entities": [Entity("Seni", 3)]}, subjects=("entities",)) != \
        digest({"entities": [Entity("Seni", 4)]}, subjects=("entities",))


@given(st.lists(st.one_of(st.text(max_size=5), st.integers(), st.none(), st.booleans()), max_size=6),
       st.lists(st.one_of(st.text(max_size=5), st.integers(), st.none(), st.booleans()), max_size=6))
def test_different_plain_values_digest_differently(a, b):
    """Strings, numbers and lists are tagged and length-prefixed: ['ab'] is not ['a', 'b'], 1 is not '1'."""
    if [(type(x), x) for x in a] != [(type(y), y) for y in b]:
        assert digest({"v": a}) != digest({"v": b})
    else:
        assert digest({"v": a}) == digest({"v": b})


def test_a_set_digests_the_same_in_any_order_and_dataclasses_by_their_fields():
    @dataclass
    class Row:
        position: str
        articles: int

    assert digest({"v": {"b", "a", "c"}}) == digest({"v": {"c", "b", "a"}})
    assert digest({"v": Row("Secretary", 2)}) != digest({"v": Row("Secretary", 3)})


def test_an_object_no_view_describes_makes_the_page_unskippable():
    with pytest.raises(NotPlain):
        digest({"v": [object()]})


def test_the_inputs_are_what_the_template_and_the_templates_it_uses_read():
    env = Environment(loader=DictLoader({
        "base.html": "{{ SITENAME }} {% for k in menu %}{{ k }}{% endfor %}{% block body %}{% endblock %}",
        "macros.html": "{% macro chip(e) %}{{ e.name }} {{ footer_note }}{% endmacro %}",
        "page.html": '{% extends "base.html" %}{% import "macros.html" as m with context %}'
                     "{% block body %}{% set local = 1 %}{{ m.chip(entity) }}{{ local }}{% endblock %}",
        "dynamic.html": "{% include chosen %}",
    }))
    context = {"SITENAME": "Digest", "menu": ["a"], "footer_note": "n", "unused": 1, "output_file": "x/index.html"}
    values = page_values(env.get_template("page.html"), context, {"entity": "E"})
    # settings (upper case) are code, `unused` is not read, `local` is the template's own, the address is the key
    assert values == {"menu": ["a"], "footer_note": "n", "entity": "E"}
    assert page_values(env.get_template("dynamic.html"), context, {"chosen": "base.html"}) is None
