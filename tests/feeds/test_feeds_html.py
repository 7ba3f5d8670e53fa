"""html_to_text: the structure kept, the rest dropped, nothing hostile left."""

from __future__ import annotations

from sitrep.feeds.html import html_to_text


def test_paragraphs_become_blank_line_separated() -> None:
    html = "<p>The bridge reopened at dawn.</p>\n<p>Traffic resumed\n  slowly.</p>"
    assert html_to_text(html) == "The bridge reopened at dawn.\n\nTraffic resumed slowly."


def test_br_and_block_elements_break_lines() -> None:
    html = "<div>Line one<br>Line two<br/>Line three</div><h2>Heading</h2>after"
    assert html_to_text(html) == "Line one\nLine two\nLine three\n\nHeading\n\nafter"


def test_scripts_styles_iframes_and_tags_are_removed() -> None:
    html = (
        "<style>p { color: red }</style><p>Kept <b>bold</b> and <a href='x'>link</a>.</p>"
        "<script>alert('no')</script><iframe src='http://x'>frame text</iframe>"
        "<noscript>enable js</noscript><img src='a.png' alt='pic'>"
    )
    assert html_to_text(html) == "Kept bold and link."


def test_entities_are_decoded() -> None:
    html = "<p>Talks &amp; truce &ndash; &quot;soon&quot; &#8217;24 &#x41;&nbsp;B &lt;tag&gt;</p>"
    assert html_to_text(html) == "Talks & truce – \"soon\" ’24 A B <tag>"


def test_nested_lists_keep_items_and_nesting() -> None:
    html = "<p>Points:</p><ul><li>north<ul><li>ridge</li><li>valley</li></ul></li><li>south</li></ul><p>End</p>"
    assert html_to_text(html) == "Points:\n\n- north\n  - ridge\n  - valley\n- south\n\nEnd"


def test_whitespace_is_normalised() -> None:
    html = "  <p>\n\t spaced   out\u00a0\u00a0words \n</p>\n\n\n<p></p><p> </p>"
    assert html_to_text(html) == "spaced out words"


def test_plain_text_passes_through() -> None:
    assert html_to_text("no markup at all") == "no markup at all"
    assert html_to_text("") == ""


def test_broken_markup_does_not_lose_text() -> None:
    assert html_to_text("<p>open <b>never closed <i>deep") == "open never closed deep"
    assert html_to_text("a < b and c > d") == "a < b and c > d"


def test_unclosed_script_hides_only_its_own_content() -> None:
    assert html_to_text("<p>before</p><script>var x = '<p>hidden</p>'") == "before"


def test_control_sequences_are_stripped() -> None:
    html = "<p>\x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07clip \x07bell &#27;[2J esc</p>"
    text = html_to_text(html)
    assert "\x1b" not in text and "\x07" not in text
    assert "ZXZpbA" not in text
    assert text.startswith("red clip bell")


def test_tables_keep_rows_on_lines() -> None:
    html = "<table><tr><td>Town</td><td>Status</td></tr><tr><td>A</td><td>held</td></tr></table>"
    assert html_to_text(html) == "Town Status\nA held"


def test_paragraphs_inside_list_items_stay_with_their_bullets() -> None:
    html = "<ul><li><p>first point</p><p>its detail</p></li><li><div>second</div></li></ul><p>after</p>"
    assert html_to_text(html) == "- first point\nits detail\n- second\n\nafter"
