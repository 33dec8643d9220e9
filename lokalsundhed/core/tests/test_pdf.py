"""The project's PDFs read no file and no address while rendering, but those they name."""

from __future__ import annotations

import os

import pytest

from lokalsundhed.core.pdf import fetcher, pdf_unavailable_reason

needs_weasyprint = pytest.mark.skipif(
    pdf_unavailable_reason() is not None and os.environ.get("CI") != "true",
    reason=f"WeasyPrint cannot run here: {pdf_unavailable_reason()}",
)


@needs_weasyprint
def test_a_pdf_naming_a_file_or_an_address_is_made_without_reading_it(tmp_path):
    """The fetcher refuses, and WeasyPrint leaves the picture out and goes on (a plain function that
    refused, as the PDFs had, stopped WeasyPrint 70 with an AttributeError: a failed export)."""
    from weasyprint import HTML

    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>')
    html = (f'<p>Brev</p><img src="file://{secret}"><img src="http://169.254.169.254/latest/meta-data/">'
            '<img src="http://127.0.0.1:8000/">')
    pdf = HTML(string=html, url_fetcher=fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF") and b"SECRET" not in pdf
    for address in (f"file://{secret}", "http://169.254.169.254/latest/meta-data/"):
        with pytest.raises(ValueError, match="not fetched"):
            fetcher().fetch(address)


@needs_weasyprint
def test_a_file_the_pdf_names_is_read(tmp_path):
    font = tmp_path / "font.ttf"
    font.write_bytes(b"not really a font")
    response = fetcher(str(font)).fetch(f"file://{font}")
    assert response.read() == b"not really a font"
    response.close()
    with pytest.raises(ValueError, match="not fetched"):
        fetcher(str(font)).fetch(f"file://{tmp_path}/other.ttf")
