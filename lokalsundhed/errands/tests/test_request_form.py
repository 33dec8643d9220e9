"""The residents' request for practical help: a failed send opens on an error summary that takes
the focus, and each required field left empty says what to do, in the resident's language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, said", [
    ("da", ["Vælg hvad du har brug for hjælp til.", "Skriv dit fornavn.", "Skriv din adresse.",
            "Skriv dit telefonnummer."]),
    ("ar", ["اختر ما تحتاج المساعدة فيه.", "اكتب اسمك الأول.", "اكتب عنوانك.", "اكتب رقم هاتفك."]),
    ("so", ["Dooro waxa aad caawimaad uga baahan tahay.", "Qor magacaaga koowaad.", "Qor cinwaankaaga.",
            "Qor lambarka taleefankaaga."]),
])
def test_each_empty_required_field_says_what_to_do_in_the_residents_language(client, language, said):
    world = build_world()
    client.cookies["django_language"] = language
    html = client.post(reverse("errands:resident_request", args=[world.estate_a.pk]), {"when": ""}).content.decode()
    for message in said:
        assert message in html
    assert "Dette felt er påkrævet" not in html and "This field is required" not in html


def test_a_failed_request_opens_on_an_error_summary_linking_to_the_fields(client):
    world = build_world()
    html = client.post(reverse("errands:resident_request", args=[world.estate_a.pk]),
                       {"resident_first_name": "Aisha"}).content.decode()
    assert html.count("data-focus-on-load") == 1
    summary = html[html.index('<div class="alert alert-error error-summary"'):]
    summary = summary[:summary.index("</ul>")]
    assert 'tabindex="-1" data-focus-on-load' in summary
    # A choice of radio buttons is reached at its first one.
    assert 'href="#id_errand_type_0">Vælg hvad du har brug for hjælp til.</a>' in summary
    assert 'href="#id_address">Skriv din adresse.</a>' in summary
    assert "#id_resident_first_name" not in summary
