"""Every page's title is plain words: the layout writes the `title` block inside `<title>`, where a
browser shows markup as text and a screen reader reads it out first."""

from __future__ import annotations

import re
from pathlib import Path

import lokalsundhed

TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.DOTALL)


def test_no_page_title_holds_markup_or_runs_over_lines():
    root = Path(lokalsundhed.__file__).parent
    titles = {
        f"{path.relative_to(root)}: {title.strip()[:60]}"
        for path in root.rglob("*.html")
        for title in TITLE_BLOCK.findall(path.read_text(encoding="utf-8"))
        if "<" in title or "\n" in title
    }
    assert not titles
