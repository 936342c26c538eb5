"""axe-core (pinned in tests/browser/package-lock.json) run inside a Playwright page.

Our pages send a Content Security Policy without inline or foreign script, so axe is not added
as a <script> tag (the policy would block it): Playwright's page.evaluate() goes through the
DevTools protocol, which the page's policy does not govern."""

import json
import os
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0/2.1/2.2 at levels A and AA, plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = {"serious", "critical"}


@cache
def _source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_source() -> str:
    """axe-core's script; skips the test where npm has not installed it (fails on CI)."""
    if not AXE_JS.exists():
        message = (
            "tests/browser/node_modules/axe-core is missing; `make test` installs it"
            " (npm ci --prefix tests/browser), .ci/run installs Debian's npm for that"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return _source()


def axe_run(page: Page) -> list[dict]:
    """Every violation axe finds on the page as it is now (all impacts)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    # iframes: False — the only frames are PDF viewers, which axe cannot enter.
    options = {"runOnly": {"type": "tag", "values": TAGS}, "iframes": False}
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def describe(url: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [json.dumps(node["target"]) for node in violation["nodes"]]
        lines.append(
            f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" — {len(targets)} element(s): {', '.join(targets[:8])}"
            + (" …" if len(targets) > 8 else "")
        )
    return "\n".join(lines)


class AxeAudit:
    """Visit pages, run axe on each, and remember what it found; `assert_clean()` fails once,
    listing every serious or critical violation of every page visited."""

    def __init__(self, page: Page):
        self.page = page
        self.serious: list[str] = []
        self.lesser: list[str] = []
        self.checked: list[str] = []

    def check(self, where: str) -> None:
        """Run axe on the page as it is now; `where` names it in the report."""
        violations = axe_run(self.page)
        self.checked.append(where)
        serious = [v for v in violations if v["impact"] in SERIOUS]
        lesser = [v for v in violations if v["impact"] not in SERIOUS]
        if serious:
            self.serious.append(describe(where, serious))
        if lesser:
            self.lesser.append(describe(where, lesser))

    def visit(self, path: str, shows: str = "", *, status: int = 200) -> None:
        """Open the page, make sure it is the page meant (its status, and `shows` in its main
        content: the data the test put there), then run axe on it."""
        response = self.page.goto(path)
        assert response is not None
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        if shows:
            expect(self.page.locator("main")).to_contain_text(shows)
        self.check(path)

    def assert_clean(self) -> None:
        assert self.checked
        if self.lesser:  # not failures: shown with the test's output (pytest -rA)
            print("axe, moderate and minor:", *self.lesser, sep="\n")
        assert not self.serious, "axe found serious/critical violations:\n" + "\n".join(
            self.serious
        )
