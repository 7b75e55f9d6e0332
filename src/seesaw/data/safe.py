"""Data text at the boundary: the one place untrusted strings are escaped, once, where
they are put into markup: `md` (inline Markdown that renders literally), `md_link` (a
link only to an http(s) URL with a host) and `html_text` (HTML text or attribute)."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

# ASCII punctuation that Markdown (CommonMark + GFM, as nbconvert's mistune reads it)
# may treat as syntax. CommonMark lets any ASCII punctuation be backslash-escaped, so
# escaping a few more than needed only costs a backslash in the source.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+\-.!|{}~:$])")
_WS = re.compile(r"[\s\u2028\u2029]+")


def html_text(text: object) -> str:
    """`text` escaped for HTML content or a quoted attribute; quotes as numeric
    references, which HTML, SVG and plotly's label markup all decode."""
    escaped = html.escape(str(text), quote=False)
    return escaped.replace('"', "&#34;").replace("'", "&#39;")


def md(text: object) -> str:
    """`text` as inline Markdown that renders literally (never as HTML, a link or a heading)."""
    s = _WS.sub(" ", str(text)).strip()
    s = _MD_SPECIAL.sub(r"\\\1", s)
    # '<', '>', '&', quotes as entities: no raw HTML, no autolink, no entity tricks.
    return html_text(s)


def safe_url(url: object) -> str | None:
    """The URL if it is http(s) with a host, percent-encoded for use in markup; else None."""
    s = str(url).strip()
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # Keep the URL's own reserved characters; encode what could close or break markup.
    return quote(s, safe=":/?#[]@!$&'*+,;=%~-._")


def md_link(text: object, url: object) -> str:
    """A Markdown link to an http(s) URL with a host; otherwise the escaped text alone."""
    target = safe_url(url)
    label = md(text)
    if target is None:
        return label
    target = target.replace("(", "%28").replace(")", "%29").replace("'", "%27")
    return f"[{label}](<{html_text(target)}>)"
