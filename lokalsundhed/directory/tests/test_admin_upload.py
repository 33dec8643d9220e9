"""The admin's HSDS upload: a JSON file or a ZIP of the CSV files; a bad file imports nothing."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lokalsundhed.accounts.tests.factories import superuser
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.directory.models import Service
from lokalsundhed.organisations.tests.factories import municipality

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def admin_client(client):
    user = superuser("drift@example.dk")
    log_in(client, user)
    return client


def test_an_administrator_uploads_the_official_example(admin_client):
    url = reverse("admin:directory_service_import")
    assert admin_client.get(url).status_code == 200
    upload = SimpleUploadedFile("service_full.json", (DATA / "service_full.json").read_bytes())
    response = admin_client.post(url, {"file": upload, "municipality": municipality("0607").pk})
    assert response.status_code == 200
    assert Service.objects.count() == 1


def test_a_zip_of_csv_files_is_imported(admin_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (DATA / "csv").glob("*.csv"):
            archive.write(path, f"hsds/{path.name}")
    upload = SimpleUploadedFile("hsds.zip", buffer.getvalue())
    admin_client.post(reverse("admin:directory_service_import"),
                      {"file": upload, "municipality": municipality("0607").pk})
    assert Service.objects.count() == 1


def test_a_broken_upload_shows_its_problems_and_imports_nothing(admin_client):
    upload = SimpleUploadedFile("broken.json", b'{"id": "x", "name": 1}')
    response = admin_client.post(reverse("admin:directory_service_import"), {"file": upload})
    assert response.status_code == 200
    text = response.content.decode()
    assert "broken.json" in text and "is not a" in text
    assert Service.objects.count() == 0


def test_a_deeply_nested_json_upload_is_reported_unreadable(admin_client):
    upload = SimpleUploadedFile("deep.json", b"[" * 100_000)
    response = admin_client.post(reverse("admin:directory_service_import"), {"file": upload})
    assert response.status_code == 200
    assert "<code>deep.json</code>: not readable as JSON: nested too deeply" in response.content.decode()
    assert Service.objects.count() == 0


def _zip_bomb(members: int, member_bytes: int) -> bytes:
    """A small ZIP of CSV files that unpack to `member_bytes` each, written without holding them in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in range(members):
            with archive.open(f"part{n}.csv", "w", force_zip64=True) as member:
                chunk = b"0" * (1024 * 1024)
                for _ in range(member_bytes // len(chunk)):
                    member.write(chunk)
    return buffer.getvalue()


def test_a_zip_that_unpacks_past_the_limit_is_refused_without_reading_it_whole(admin_client, monkeypatch):
    from lokalsundhed.directory import admin as directory_admin

    monkeypatch.setattr(directory_admin, "MAX_UNPACKED_BYTES", 4 * 1024 * 1024)
    read_sizes: list[int] = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, *args, **kwargs):
        opened = real_open(self, *args, **kwargs)
        real_read = opened.read
        opened.read = lambda n=-1: (read_sizes.append(n), real_read(n))[1]
        return opened

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    bomb = _zip_bomb(3, 3 * 1024 * 1024)  # 9 MB in all: the first file fits, the second would not
    assert len(bomb) < 100_000
    upload = SimpleUploadedFile("bomb.zip", bomb)
    response = admin_client.post(reverse("admin:directory_service_import"), {"file": upload})
    text = response.content.decode()
    assert "<code>bomb.zip</code>: unpacks to more than 4 MB" in text
    assert read_sizes and all(0 < n <= directory_admin.CHUNK_BYTES for n in read_sizes)  # streamed in chunks
    assert Service.objects.count() == 0


def test_the_report_names_the_upload_never_a_temporary_folder(admin_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.json", "{}")  # no services.csv at all
    upload = SimpleUploadedFile("leer.zip", buffer.getvalue())
    response = admin_client.post(reverse("admin:directory_service_import"), {"file": upload})
    text = response.content.decode()
    assert "<code>leer.zip</code>: no services.csv with services in it" in text
    assert tempfile.gettempdir() not in text and not re.search(r"<code>tmp\w+", text)
