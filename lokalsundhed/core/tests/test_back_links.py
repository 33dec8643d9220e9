"""Every back link is drawn as DKFDS draws one: the arrow icon first (flipped on right-to-left pages)."""

from __future__ import annotations

import re
from pathlib import Path

import lokalsundhed

BACK_LINK = re.compile(r'<a [^>]*class="back-link"[^>]*>(.{0,200})', re.S)


def test_every_back_link_starts_with_the_dkfds_arrow():
    root = Path(lokalsundhed.__file__).parent
    found, bare = 0, []
    for template in root.glob("**/templates/**/*.html"):
        for link in BACK_LINK.finditer(template.read_text(encoding="utf-8")):
            found += 1
            if not re.match(r'<svg class="icon-svg" focusable="false" aria-hidden="true"><use href="[^"]*#chevron-left">',
                            link.group(1)):
                bare.append(f"{template.relative_to(root)}: {link.group(0)[:90]}")
    assert found > 10, "no back links found: this test would prove nothing"
    assert not bare, "back links without their arrow:\n" + "\n".join(bare)
