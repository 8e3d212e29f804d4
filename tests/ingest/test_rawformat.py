"""The raw-format parser against the variants real county pages produce."""

from pathlib import Path

import pytest

from digest.errors import RawFormatError
from digest.rawformat import read_dateline, read_raw_file

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
FULL_FOOTER = {
    "sponsor": "Test County People's Government",
    "address": "No. 1 Test Road, Test County, Lhasa, Tibet",
    "tel": "0891-0000000",
    "website_id": "5401210001",
    "public_security_record": "Zanggong Anbei No. 54012102000001",
    "icp_record": "Zang ICP Bei No. 2020000001-1",
    "technical_support": "Tibet Media Group",
}


def parse(name):
    return read_raw_file(FIXTURES / name)


def test_base_article_has_every_field():
    article = parse("base.txt")
    assert article.title == "Lhunzhub County Holds Test Meeting on Grassland Protection"
    assert article.date.isoformat() == "2023-06-02T09:15:00+08:00"
    assert article.source == "Test County Media Center"
    assert article.editor == "Test Editor"
    assert article.footer == FULL_FOOTER
    assert len(article.body) == 2 and article.body[0].startswith("On June 1,")
    assert article.warnings == []


@pytest.mark.parametrize("name", ["crlf_bom.txt", "nbsp_fullwidth.txt", "source_one_space.txt",
                                  "source_tab_spaces.txt", "utf16.txt"])
def test_spacing_and_encoding_variants_parse_like_the_base(name):
    base, variant = parse("base.txt"), parse(name)
    assert (variant.title, variant.date, variant.source, variant.editor) == (base.title, base.date, base.source, base.editor)
    assert variant.footer == base.footer
    assert variant.body == base.body


def test_whitespace_variants_hash_alike_so_a_refetch_is_not_a_new_article():
    assert parse("crlf_bom.txt").text_sha256 == parse("base.txt").text_sha256
    assert parse("source_tab_spaces.txt").text_sha256 == parse("base.txt").text_sha256


def test_missing_footer_is_a_warning_not_an_error():
    article = parse("footer_missing.txt")
    assert article.editor is None
    assert all(value is None for value in article.footer.values())
    assert any("no footer" in w for w in article.warnings)
    assert len(article.body) == 2


def test_footer_cut_mid_line_keeps_what_is_there():
    article = parse("footer_cut.txt")
    assert article.footer["sponsor"] == "Test County People's Government"
    assert article.footer["address"].startswith("No. 1 Test Road")
    assert article.footer["tel"] is None
    assert any("missing: tel" in w for w in article.warnings)


def test_no_dateline_warns_and_invents_no_date():
    article = parse("no_dateline.txt")
    assert article.date is None and article.source is None
    assert any("no dateline" in w for w in article.warnings)
    assert article.body[0].startswith("On June 1,")


@pytest.mark.parametrize("cut", ["2023-06-0", "2023-0-12 09:15", "2023-06-00 Source: Test Desk"])
def test_a_dateline_cut_short_is_no_date_rather_than_an_error(cut):
    # a page cut off mid-date (found by the inspect fuzzer): the article stays, undated, as a draft
    assert read_dateline(cut) is None
    assert read_dateline("2023-06-02 09:15:00 Source: Test Desk")[0][:3] == (2023, 6, 2)


def test_editor_glued_to_last_paragraph_is_split_off():
    article = parse("editor_glued.txt")
    assert article.editor == "Test Editor"
    assert article.body[-1].endswith("responsibility system.")
    assert "Editor" not in article.body[-1]


def test_image_file_lines_are_not_body_text():
    article = parse("image_lines.txt")
    assert article.body == parse("base.txt").body
    assert any("image" in w for w in article.warnings)


def test_html_fragments_never_survive_as_markup():
    article = parse("html_fragments.txt")
    text = " ".join(article.body)
    assert "<" not in text and ">" not in text and "&nbsp;" not in text
    assert text.startswith("On June 1,")
    assert "alert(1)" in text  # the words stay, as text


def test_related_article_title_after_footer_is_ignored():
    article = parse("related_after_footer.txt")
    assert article.footer == FULL_FOOTER
    assert all("Water Conservancy" not in p for p in article.body)
    assert any("after the footer" in w for w in article.warnings)


def test_sponsored_by_and_miit_labels():
    article = parse("sponsored_by_miit.txt")
    assert article.footer["sponsor"].startswith("Publicity Department of Angren County")
    assert article.footer["icp_record"] == "Zang ICP Bei No. 2023000028-1"
    assert article.footer["public_security_record"] == "Zanggong Anbei No. 540226020000001"


def test_copyright_label_is_the_sponsor():
    assert parse("copyright_label.txt").footer["sponsor"] == "Test County People's Government"


def test_original_url_line_is_kept_out_of_the_body():
    article = parse("url_line.txt")
    assert article.url == "http://www.example.gov.cn/xw/202306/t20230602_1.html"
    assert article.body == parse("base.txt").body


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("empty.txt", 1, "empty"),
        ("whitespace_only.txt", 1, "empty"),
        ("binary.bin.txt", 1, "binary file"),
        ("gbk.txt", 1, "not UTF-8"),
        ("bad_date.txt", 2, "impossible date"),
    ],
)
def test_bad_input_names_file_and_line(name, line, words):
    with pytest.raises(RawFormatError) as caught:
        parse(name)
    message = str(caught.value)
    assert message.startswith(f"{FIXTURES / name}:{line}: ")
    assert words in message


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not beside the checkout")
def test_real_seeds_parse_without_warnings():
    for seed in sorted(SEEDS.glob("*.txt")):
        article = read_raw_file(seed)
        assert article.warnings == [], seed
        assert article.footer["technical_support"] == "Tibet Media Group"


# Real pages from other outlets: no headline, chrome above it, labelled datelines, video scripts.
@pytest.mark.parametrize(
    "name, title, date, source, warning",
    [
        ("dateline_first.txt", "On June 1, the county held a test meeting on grassland protection.",
         "2023-06-02T09:15:00+08:00", "Test County Media Center", "no headline"),
        ("title_only.txt", "Just A Title", "2023-06-02T09:15:00+08:00", "Test", "no body text"),
        ("no_headline_paragraph.txt", "On March 3, the people's government of a test county held a meeting on spring "
         "ploughing and the repair of irrigation channels in six townships, and asked every …",
         None, None, "no headline"),
        ("chrome_and_labelled_date.txt", "Test County Opens A Winter Fodder Depot", "2023-12-09T16:15:00+08:00",
         "Test Daily", "page chrome"),
        ("bracket_script.txt", "In a test township, the weaving of wool blankets is an old craft that many families "
         "still keep.", None, None, "no headline"),
        ("bracket_label_first.txt", "In a test village, three families still carve prayer blocks by hand.", None, None,
         "no headline"),
        ("updated_on.txt", "Test Prefecture: Greenhouses Help Farmers Earn More", "2020-02-14T00:00:00+08:00", None,
         "no time of day"),
    ],
)
def test_every_readable_page_gives_an_article(name, title, date, source, warning):
    article = parse(name)
    assert article.title == title
    assert (article.date.isoformat() if article.date else None) == date
    assert article.source == source
    assert any(warning in w for w in article.warnings), article.warnings
    assert article.body and not any("<" in line or "iframe" in line for line in article.body)


@pytest.mark.parametrize(
    "name, date, source, first_line",
    [
        ("byline_dateline.txt", "2019-06-12T09:30:00+08:00", "Test Tibet News", "A dairy cooperative"),
        ("glued_source_dateline.txt", "2021-01-28T16:23:00+08:00", "Test Tibet Online", "On January 11,"),
        ("cut_tag_then_text.txt", "2023-09-20T10:00:00+08:00", "Test Daily", "Farmers of a test county"),
    ],
)
def test_other_outlets_datelines_and_cut_tags(name, date, source, first_line):
    """Bylines carrying outlet and date, a source glued to the time, a tag cut open before the text."""
    article = parse(name)
    assert article.date.isoformat() == date and article.source == source
    assert article.body[0].startswith(first_line), article.body


@pytest.mark.parametrize("name, title", [
    ("date_prefix_headline.txt", "Herders of a test county move to the summer pasture early"),
    ("date_prefix_paragraph.txt", "Herders of nine villages in Lhunzhub County moved their yaks to the summer pasture a week"),
])
def test_a_date_stamp_glued_to_the_first_line_keeps_the_line(name, title):
    """Some corpora put ' date 2021-05-12 ' before the headline or the first paragraph: the date is
    the article's, and the words after it are still its headline or its text."""
    article = parse(name)
    assert article.date.isoformat() == "2021-05-12T00:00:00+08:00"
    assert article.title.startswith(title)
    assert "Lhunzhub County" in " ".join(article.body)
    assert any("glued" in w for w in article.warnings)
