"""Whether this server can make PDFs (WeasyPrint and Pango's libraries): one answer for every
capability that offers a PDF (exports, certificates, reports, dashboards)."""

from __future__ import annotations

import functools


@functools.cache
def pdf_unavailable_reason() -> str | None:
    """Why this server cannot make PDFs (WeasyPrint missing, or Pango's libraries), or None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None
