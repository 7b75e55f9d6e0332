"""seesaw.data.safe: data text put into Markdown or HTML renders as the literal text.

Checked through the Markdown renderer the report uses (nbconvert's mistune), so the
tests see what a reader's browser would get, not only the escaped string.
"""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from seesaw.data import safe
from seesaw.data.safe import html_text, md, md_link, safe_url

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "&lt;img src=x onerror=alert(1)&gt;",
    "`code` *em* _em_ **strong** ~~del~~ $x$",
    "# heading",
    "1. item",
    "- item",
    "> quote",
    "| a | b |",
    "back\\slash\\",
    "line one\nline two\r\n<b>three</b>",
]

TAG = re.compile(r"<(?!/?p>)[a-zA-Z/!?]")


def _render(markdown: str) -> str:
    return markdown2html_mistune(markdown)


def _text_of(rendered: str) -> str:
    """The text a browser shows for a rendered paragraph (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"</?p>", "", rendered).strip())


@pytest.mark.parametrize("text", HOSTILE)
def test_md_renders_as_the_literal_text(text: str) -> None:
    rendered = _render(md(text))
    assert not TAG.search(rendered), rendered  # no element but the paragraph
    assert _text_of(rendered) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_md_in_a_heading_stays_one_heading_of_text(text: str) -> None:
    rendered = _render(f"### Claim · {md(text)}")
    assert rendered.count("<h3") == 1
    # nbconvert adds an anchor link (¶) to each heading; the rest is the text.
    body = re.sub(
        r"<h3[^>]*>|</h3>|<a class=\"anchor-link\"[^>]*>&#182;</a>", "", rendered
    )
    body = body.strip()
    assert "<" not in body, rendered
    assert html.unescape(body) == f"Claim · {' '.join(text.split())}"


def test_md_of_non_strings() -> None:
    assert md(3) == "3"
    assert _text_of(_render(md(1.5))) == "1.5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a < b & c", "a &lt; b &amp; c"),
        ('say "hi"', "say &#34;hi&#34;"),
        ("it's", "it&#39;s"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        (42, "42"),
    ],
)
def test_html_text(text: object, expected: str) -> None:
    assert html_text(text) == expected
    assert html.unescape(html_text(text)) == str(text)


def test_html_text_is_the_charts_escaping() -> None:
    from seesaw.charts import theme

    for text in HOSTILE:
        assert theme.escape(text) == html_text(text)
    assert theme.escape(None) == "" and theme.escape(float("nan")) == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://Example.org", "HTTP://Example.org"),
        ("  https://example.org/x  ", "https://example.org/x"),
        ('https://example.org/"><script>', "https://example.org/%22%3E%3Cscript%3E"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("http:///x", None),
        ("https://", None),
        ("//example.org/x", None),
        ("example.org", None),
        ("http://[::1", None),
    ],
)
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_md_link_to_an_http_url() -> None:
    rendered = _render(
        md_link("Example <b>News</b>", "https://example.org/a?b=1&c=(2)")
    )
    assert rendered.strip() == (
        '<p><a href="https://example.org/a?b=1&amp;c=%282%29">'
        "Example &lt;b&gt;News&lt;/b&gt;</a></p>"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "http:///x",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "",
    ],
)
def test_md_link_gives_plain_text_for_other_targets(url: str) -> None:
    rendered = _render(md_link("[x](javascript:alert(1))", url))
    assert "<a" not in rendered
    assert _text_of(rendered) == "[x](javascript:alert(1))"


def test_md_link_cannot_be_broken_out_of() -> None:
    url = "https://example.org/x)>[y](javascript:alert(1))<'\""
    rendered = _render(md_link("label", url))
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert len(hrefs) == 1 and hrefs[0].startswith("https://example.org/x")
    assert "javascript:alert(1))" not in html.unescape(hrefs[0])
    assert rendered.count("<a ") == 1


def test_md_renders_markup_as_text() -> None:
    assert safe.md("**bold** _x_ [a](b) #1") == (
        "\\*\\*bold\\*\\* \\_x\\_ \\[a\\]\\(b\\) \\#1"
    )
    assert safe.md("<img src=x>") == "&lt;img src=x&gt;"
    assert safe.md("line one\nline two\u2028three") == "line one line two three"
    assert safe.md(3) == "3"


@given(st.text(max_size=80))
def test_md_never_leaves_raw_html_or_a_newline(text: str) -> None:
    out = safe.md(text)
    assert "<" not in out and ">" not in out
    assert "\n" not in out and "\r" not in out


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.org/a?b=1#c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("example.org/page", False),
        ("data:text/html,<b>x</b>", False),
    ],
)
def test_safe_url_allows_only_http_with_a_host(url: str, allowed: bool) -> None:
    assert (safe.safe_url(url) is not None) is allowed


def test_md_link_escapes_its_label_and_breaks_out_of_nothing() -> None:
    link = safe.md_link("A [site]", "https://example.org/a(b)c'd")
    assert link == "[A \\[site\\]](<https://example.org/a%28b%29c%27d>)"
    assert safe.md_link("text", "javascript:alert(1)") == "text"
    assert safe.md_link("<b>", "ftp://x") == "&lt;b&gt;"


def test_html_text_escapes_quotes_too() -> None:
    assert safe.html_text('<a href="x">it\'s</a>') == (
        "&lt;a href=&#34;x&#34;&gt;it&#39;s&lt;/a&gt;"
    )
