"""Data text at the boundary: Markdown and HTML escaping, and which links are allowed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seesaw import safe


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
        "&lt;a href=&quot;x&quot;&gt;it&#x27;s&lt;/a&gt;"
    )
