"""The admin's HSDS upload: a JSON file or a ZIP of the CSV files; a bad file imports nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.accounts.models import User
from lokalsundhed.directory.models import Service
from lokalsundhed.organisations.tests.factories import municipality

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("drift@example.dk", "a long enough password")
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_OK_KEY] = True
    session.save()
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
