"""A page's <title> is text: a title block that swallowed markup shows HTML in the browser tab
and in screen readers' page lists (it happened once, in a merge)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TITLE = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)


def _titles_with_markup(text: str) -> list[str]:
    return [t.strip()[:80] for t in TITLE.findall(text) if "<" in t]


def test_no_title_block_holds_markup():
    found = [
        f"{path.relative_to(ROOT)}: {title}"
        for room in ("platform", "tenants", "public_site")
        for path in sorted((ROOT / room).rglob("*.html"))
        for title in _titles_with_markup(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert _titles_with_markup("{% block title %}x<h2>y</h2>{% endblock %}") == ["x<h2>y</h2>"]
