"""A fifth kind of entity is one row in digest.kinds, a gazetteer file and two templates: a site
built with a dummy 'organisation' kind shows it everywhere a kind shows (issue 24)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from fixture_site import SETTINGS, FixtureArticle, place, write_content
from html_tree import parse

import sitebuild

# Run before Pelican imports the plugins (they read the registry when imported).
REGISTER = '''
import digest.kinds as _kinds
_organisation = _kinds.Kind("organisation", "organisations", "Organisations", "digest.extract.campaigns:extract",
                           filter="organisation")
_kinds.KINDS = (*_kinds.KINDS, _organisation)
_kinds.BY_NAME[_organisation.name] = _organisation
_kinds.STORED = tuple(kind for kind in _kinds.KINDS if kind.stored)
'''

TEMPLATES = {
    "organisation.html": """{% extends "entity_layout.html" %}
{% set section = 'organisations' %}
{% block kicker %}Organisation{% endblock %}
""",
    "organisations.html": """{% extends "overview_layout.html" %}
{% set section = 'organisations' %}
{% block heading %}Organisations{% endblock %}
{% block listing %}<ul class="overview-list">{% for entity in entities %}<li><a href="{{ m.href(entity.url) }}">{{ entity.name | e }}</a> <span class="count">{{ entity.count }}</span></li>{% endfor %}</ul>{% endblock %}
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fifth-kind")
    article = FixtureArticle("2022-05-03T09:00:00+08:00", "The Red Cross opens a clinic in Nima",
                             places=[place("Nima County", "nima")])
    content = write_content(root, [article])
    (content / "gazetteer" / "organisations.yaml").write_text(
        "- id: red-cross\n  name: Red Cross Society of Tibet\n  variants: [Red Cross]\n", encoding="utf-8")
    path = next((content / "articles").rglob("*.md"))
    head, body = path.read_text(encoding="utf-8").split("---\n")[1:3]
    meta = yaml.safe_load(head)
    meta["organisations"] = [{"name": "Red Cross", "id": "red-cross", "surfaces": ["Red Cross"]}]
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
    templates = root / "templates"
    templates.mkdir()
    for name, text in TEMPLATES.items():
        (templates / name).write_text(text, encoding="utf-8")
    settings = root / "settings.py"
    settings.write_text(REGISTER + SETTINGS + f"THEME_TEMPLATES_OVERRIDES = [{str(templates)!r}]\n", encoding="utf-8")
    output = root / "output"
    sitebuild.build_site(content, output, settings=str(settings))
    return output


def test_the_fifth_kind_has_its_pages_menu_entry_chips_filter_and_data(site):
    entity = parse(site / "organisations/red-cross/index.html")
    assert entity.find("h1").text == "Red Cross Society of Tibet"
    assert [a.find("a").text for a in entity.find("ol", "article-list").find_all("article")] == [
        "The Red Cross opens a clinic in Nima"]
    overview = parse(site / "organisations/index.html")
    assert "Red Cross Society of Tibet" in overview.text
    article = parse(next((site / "articles").rglob("*red-cross*/index.html")))
    menu = [a.text for a in article.find("nav", "site-nav").find_all("a")]
    assert "Organisations" in menu
    section = next(s for s in article.find_all("section") if s.find_all("h2") and s.find("h2").text == "Organisations")
    chip = section.find("a")
    assert chip.text == "Red Cross Society of Tibet" and chip.attrs.get("data-pagefind-filter") == "organisation"
    kinds = {e["kind"] for e in json.loads((site / "data/entities.json").read_text())["entities"]}
    assert "organisation" in kinds
    assert "organisations/red-cross/" in (site / "sitemap.xml").read_text()
