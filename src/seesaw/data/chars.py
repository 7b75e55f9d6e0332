"""Characters that move results silently, found and named: invisible characters,
bidirectional controls (Trojan Source, CVE-2021-42574), and letters of another script
mixed into a Latin word (Unicode's mixed-script test, UTS #39 section 5.1, word by word),
which make two values that read the same compare different."""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional controls (embeddings, overrides, isolates, marks): they reorder what is
#: shown, so the same text can display as something else (Trojan Source, CVE-2021-42574).
BIDI = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Unicode categories of characters that show nothing or are not text: controls, format
#: characters (zero-width, BOM, soft hyphen, word joiner), line and paragraph
#: separators, private use, surrogates and unassigned code points.
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
#: The scripts whose letters pass for Latin ones (by the first word of a letter's name).
LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})
_SUSPECT = re.compile(r"[^\x20-\x7e]")  # the fast path: printable ASCII needs no look
_WORD = re.compile(r"\w+")


def describe(ch: str) -> str:
    """'U+200B ZERO WIDTH SPACE'."""
    name = unicodedata.name(ch, "")
    if not name:
        cat = unicodedata.category(ch)
        kinds = {"Cc": "a control character", "Co": "a private-use character"}
        name = f"({kinds.get(cat, f'unnamed, category {cat}')})"
    return f"U+{ord(ch):04X} {name}"


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").partition(" ")[0]


def problem(value: str, *, ascii_only: bool = False) -> str | None:
    """What is wrong with the characters of one matched value, or None."""
    if not _SUSPECT.search(value):
        return None
    for i, ch in enumerate(value, start=1):
        where = f"{describe(ch)} at character {i}"
        if ch in BIDI:
            return f"{where} is a bidirectional control, which reorders what is shown; delete it"
        cat = unicodedata.category(ch)
        if cat in INVISIBLE or (cat == "Zs" and ch != " "):
            kind = "a space that is not a plain space" if cat == "Zs" else "invisible"
            return f"{where} is {kind}; delete it or type a plain character"
        if ascii_only and not ch.isascii():
            return f"{where} is outside ASCII (a look-alike letter or digit?); ids are ASCII"
    for word in _WORD.finditer(value):
        scripts = {_script(c) for c in word.group() if c.isalpha()}
        if "LATIN" in scripts and scripts & LOOKALIKE_SCRIPTS:
            for i, ch in enumerate(word.group(), start=word.start() + 1):
                if _script(ch) in LOOKALIKE_SCRIPTS:
                    return (
                        f"{describe(ch)} at character {i} is a look-alike among Latin "
                        "letters; type the Latin letter"
                    )
    return None
