"""Linking the first mention of each entity in an article's HTML (pure function)."""

from digest_pages.mentions import link_first_mentions


def test_longest_spelling_first_once_per_entity_and_never_inside_a_link_or_a_tag():
    body = ('<p>Seni District and Seni. <a href="https://x.example/seni">Seni</a></p>'
            '<p title="Seni">Seni again</p>')
    out = link_first_mentions(body, [("p/seni", "place", ["Seni", "Seni District"])])
    assert out.count('class="mention') == 1
    assert '<a class="mention mention--place" href="p/seni">Seni District</a> and Seni.' in out
    assert '<a href="https://x.example/seni">Seni</a>' in out and '<p title="Seni">Seni again</p>' in out


def test_a_spelling_never_splits_a_character_reference_or_a_longer_word():
    body = "<p>Herders &amp; cadres of Nimu and Nimuxi met.</p>"
    out = link_first_mentions(body, [("x/amp", "campaign", ["amp"]), ("p/nimu", "place", ["Nimu"])])
    assert "&amp;" in out and "x/amp" not in out
    assert '<a class="mention mention--place" href="p/nimu">Nimu</a> and Nimuxi' in out


def test_escaped_text_is_matched_as_the_reader_escaped_it_and_hrefs_are_escaped():
    out = link_first_mentions("<p>A &amp; B County met.</p>", [('p/a"b', "place", ["A & B County"])])
    assert out == '<p><a class="mention mention--place" href="p/a&quot;b">A &amp; B County</a> met.</p>'
