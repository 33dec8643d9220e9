"""Whether this server can make PDFs (WeasyPrint and Pango's libraries): one answer for every
capability that offers a PDF (exports, certificates, reports, dashboards); and the one fetcher
they render with, which reads nothing they do not name."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def pdf_unavailable_reason() -> str | None:
    """Why this server cannot make PDFs (WeasyPrint missing, or Pango's libraries), or None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def fetcher(*allowed_files: str) -> Any:
    """WeasyPrint's fetcher for the project's PDFs: they are self-contained, so no file or network
    address is read while rendering one, but for the files named here (a font). Anything else is
    refused and left out of the page (WeasyPrint warns and goes on); a PDF can never be a way to
    read the server's files or reach its network."""
    from weasyprint.urls import URLFetcher

    allowed = {f"file://{path}" for path in allowed_files}

    class Refusing(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in allowed:
                return super().fetch(url, headers)
            raise ValueError(f"not fetched while rendering a PDF: {url[:60]}")

    return Refusing(allowed_protocols=("file",))
