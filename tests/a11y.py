"""axe-core in Chromium: the accessibility audit of the report pages and figure files.

`python -m tests.a11y FOLDER...` prints each page's violations by impact (the figures
quoted in reports come from this command); the browser tests use `audit`.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Impacts that fail the audit.
BLOCKING = ("critical", "serious")


def audit(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the loaded `page` (WCAG 2 A/AA and best practice)."""
    from axe_playwright_python.sync_playwright import Axe

    return list(Axe().run(page).response["violations"])


def counts(violations: Iterable[dict[str, Any]]) -> Counter[str]:
    """Failing elements per impact (axe's own count is per rule; this is per node)."""
    out: Counter[str] = Counter()
    for v in violations:
        out[str(v["impact"])] += len(v["nodes"])
    return out


def blocking(violations: Iterable[dict[str, Any]]) -> list[str]:
    """One line per critical or serious rule: id, impact, count and the first target."""
    return [
        f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def reveal_everything(page: Any) -> None:
    """Show the code (the report's toggle) and open every disclosure, so the audit
    also covers what a reader can open."""
    page.evaluate(
        """() => {
        const b = document.getElementById('seesaw-code-toggle');
        if (b && document.body.classList.contains('seesaw-code-hidden')) b.click();
        document.querySelectorAll('details').forEach(d => { d.open = true; });
        }"""
    )


def wait_for_charts(page: Any) -> None:
    """Wait until every plotly chart on the page has drawn."""
    page.wait_for_function(
        "[...document.querySelectorAll('.plotly-graph-div')].every(d => d._fullLayout)",
        timeout=30_000,
    )


def main(folders: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for folder in folders:
            for path in sorted(Path(folder).glob("*.html")):
                page = browser.new_page()
                page.goto(path.resolve().as_uri(), wait_until="load")
                wait_for_charts(page)
                for state in ("as loaded", "code shown, disclosures open"):
                    if state != "as loaded":
                        reveal_everything(page)
                    found = audit(page)
                    c = counts(found)
                    rules = Counter({v["id"]: len(v["nodes"]) for v in found})
                    print(
                        f"{path} ({state}): critical {c['critical']}, "
                        f"serious {c['serious']}, moderate {c['moderate']}, "
                        f"minor {c['minor']}  "
                        + ", ".join(f"{k} {n}" for k, n in rules.most_common())
                    )
                page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
