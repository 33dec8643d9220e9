"""Practical help in the pages: a caretaker takes and completes an errand and the monthly report
shows the minutes; residents ask without an account; the report keeps a fixed query count."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core import cldr
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.errands import services
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.errands.tests.factories import errand_type, request

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_a_caretaker_takes_and_completes_an_errand_and_the_report_counts_it_suppressed(client, world):
    errand = request(world.estate_a, "hearing_aid_batteries")
    log_in(client, world.users["caretaker"])
    page = client.get(reverse("errands:errand_list")).content.decode()
    assert "Parkvej 3" in page
    client.post(reverse("errands:errand_take", args=[errand.pk]))
    client.post(reverse("errands:errand_complete", args=[errand.pk]), {"minutes": "35"})
    errand.refresh_from_db()
    assert (errand.state, errand.minutes, errand.taken_by) == (Errand.State.DONE, 35, world.users["caretaker"])

    log_in(client, world.users["housing_analyst"])
    month = timezone.localdate().strftime("%Y-%m")
    html = client.get(reverse("errands:report", args=[world.estate_a.pk]), {"month": month}).content.decode()
    # One errand is one resident's help: the analyst sees "<5", never its minutes.
    assert "Skifte batterier i høreapparat" in html and "&lt;5" in html and 'data-minutes="35"' not in html
    today = timezone.localdate()
    with translation.override("da"):
        period = f"{cldr.full_date(today.replace(day=1))} – {cldr.full_date(today)}"
    assert f"<strong>Periode:</strong> {period}" in html  # the month so far, in words
    body = client.get(reverse("errands:report_csv", args=[world.estate_a.pk]), {"month": month}).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][2:6] == ["hearing_aid_batteries", "Skifte batterier i høreapparat", "<5", "–"]
    assert rows[-1][3:6] == ["total", "<5", "–"]


def test_a_resident_asks_for_help_without_an_account_and_follows_it(client, world):
    url = reverse("errands:resident_request", args=[world.estate_a.pk])
    page = client.get(url).content.decode()
    assert "Personlig pleje" in page  # said plainly: not the caretakers'
    response = client.post(url, {"errand_type": errand_type(world.estate_a, "rubbish").pk,
                                 "resident_first_name": "Aisha", "address": "Parkvej 9, st. tv",
                                 "phone": "20 30 40 50"})
    errand = Errand.objects.get(resident_first_name="Aisha")
    assert response["Location"] == reverse("errands:resident_status", args=[errand.token])
    assert errand.requested_by is None and errand.phone == "+4520304050"


def test_a_resident_cannot_ask_for_personal_care(client, world):
    url = reverse("errands:resident_request", args=[world.estate_a.pk])
    client.post(url, {"errand_type": errand_type(world.estate_a, "personal_care").pk,
                      "resident_first_name": "Aisha", "address": "Parkvej 9", "phone": "20304050"})
    assert not Errand.objects.exists()


def test_staff_ask_on_a_residents_behalf_with_an_address_from_the_estate(client, world):
    worker = world.users["social_worker"]
    log_in(client, worker)
    dwelling = world.estate_a.dwellings.first()
    client.post(reverse("errands:errand_new"), {"estate": world.estate_a.pk,
                                                "errand_type": errand_type(world.estate_a).pk,
                                                "resident_first_name": "Inge", "dwelling": dwelling.pk,
                                                "phone": "20304050"})
    errand = Errand.objects.get()
    assert errand.requested_by == worker and errand.dwelling == dwelling


def test_the_list_shows_the_residents_phone_as_it_is_read_and_dialled(client, world):
    errand = request(world.estate_a, "hearing_aid_batteries")  # phone 20304050, stored as +4520304050
    services.take(errand, actor=world.users["caretaker"])  # the phone is shown to the one who took it
    log_in(client, world.users["caretaker"])
    page = client.get(reverse("errands:errand_list")).content.decode()
    assert '<a href="tel:+4520304050" class="phone-link" dir="ltr">20 30 40 50</a>' in page
    assert ">+4520304050<" not in page


def test_the_staff_form_speaks_to_the_caretaker_about_the_resident(client, world):
    log_in(client, world.users["caretaker"])
    with translation.override("da"):
        page = client.get(reverse("errands:errand_new"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    for label in ("Hvad skal beboeren have hjælp til?", "Beboerens fornavn", "Beboerens telefonnummer",
                  "Hvornår passer det beboeren? (frivilligt)", "Intet CPR-nummer og intet om beboerens helbred."):
        assert label in page, label
    for resident_words in ("Hvad har du brug for hjælp til?", "Hvornår passer det dig?", "dit helbred"):
        assert resident_words not in page, resident_words
    # Each list starts with what to do, not "---------".
    assert "---------" not in page
    assert '<option value="" selected>Vælg afdelingen</option>' in page
    assert '<option value="" selected>Vælg adressen</option>' in page


def test_the_staff_forms_addresses_are_grouped_by_estate_in_the_order_of_the_street(client, world):
    from lokalsundhed.organisations.models import Dwelling

    for number in ("10", "9", "2B", "2"):
        Dwelling.objects.create(estate=world.estate_a, street="Aagade", number=number, postcode="7000", city="Fredericia")
    log_in(client, world.users["caretaker"])
    page = client.get(reverse("errands:errand_new"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    select = page[page.index('name="dwelling"'):]
    select = select[:select.index("</select>")]
    assert f'<optgroup label="{world.estate_a.name}">' in select
    numbers = [n for n in __import__("re").findall(r">Aagade (\w+)</option>", select)]
    assert numbers == ["2", "2B", "9", "10"], numbers


def test_a_staff_errand_sent_empty_opens_on_an_error_summary_that_says_what_to_do(client, world):
    log_in(client, world.users["caretaker"])
    empty = dict.fromkeys(("estate", "errand_type", "resident_first_name", "dwelling", "address", "phone", "when",
                           "note"), "")
    response = client.post(reverse("errands:errand_new"), empty, HTTP_ACCEPT_LANGUAGE="da")
    page = response.content.decode()
    assert "error-summary" in page and "data-focus-on-load" in page
    for message in ("Vælg, hvad beboeren skal have hjælp til.", "Skriv beboerens fornavn.",
                    "Skriv beboerens telefonnummer."):
        assert f'{message}</a>' in page, message
    assert not Errand.objects.exists()


def test_the_housing_administrator_keeps_the_catalogue(client, world):
    log_in(client, world.users["housing_admin"])
    rubbish = errand_type(world.estate_a, "rubbish")
    client.post(reverse("errands:catalogue"), {"type": rubbish.pk, "allowed": "1", "is_active": "0"})
    rubbish.refresh_from_db()
    assert not rubbish.is_active
    client.post(reverse("errands:catalogue"), {"name": "Vande blomster", "allowed": "on"})
    assert ErrandType.objects.filter(housing_organisation=world.housing_a, name="Vande blomster").exists()


def test_the_report_has_a_fixed_query_count(client, world):
    """Queries: 1 session, 2 user, 3 memberships (the layout), 4 the estate, 5 the grouped counts."""
    caretaker = world.users["caretaker"]
    types = list(ErrandType.objects.filter(housing_organisation=world.housing_a, allowed=True))
    log_in(client, world.users["housing_analyst"])
    url = reverse("errands:report", args=[world.estate_a.pk])
    client.get(url)
    counts = []
    for size in (3, 300):
        now = timezone.now()
        Errand.objects.bulk_create([
            Errand(estate=world.estate_a, errand_type=types[i % len(types)], resident_first_name="X",
                   state=Errand.State.DONE, taken_by=caretaker, taken_at=now, done_at=now, minutes=10 + i % 20)
            for i in range(size)
        ])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5, counts


@pytest.mark.parametrize("language, rubbish, personal_care", [
    ("ar", "إخراج القمامة وفرزها", "العناية الشخصية (الاستحمام، المرحاض، ارتداء الملابس)"),
    ("uk", "Винести та посортувати сміття", "Особистий догляд (купання, туалет, одягання)"),
    ("en", "Carry out and sort rubbish", "Personal care (bathing, toilet, dressing)"),
    ("da", "Bære affald ud og sortere det", "Personlig pleje (bad, toilet, påklædning)"),
])
def test_a_resident_reads_the_standard_tasks_in_their_own_language(client, world, language, rubbish, personal_care):
    """The standard catalogue is said in every resident language, on the form and on the request's
    own page; a task the housing organisation named itself keeps its own name."""
    own = ErrandType.objects.create(housing_organisation=world.estate_a.housing_organisation, code="plants",
                                    name="Vande blomster", allowed=True, order=50)
    client.cookies["django_language"] = language
    url = reverse("errands:resident_request", args=[world.estate_a.pk])
    page = client.get(url).content.decode()
    assert rubbish in page and personal_care in page
    if language == "ar":  # what the caretakers cannot do, joined as Arabic joins a list
        assert f"{personal_care} وإعطاء الأدوية" in page
    assert "Vande blomster" in page
    # A name not in the reader's language says which it is in (a screen reader's voice follows).
    marked = '<span lang="da" dir="ltr">Vande blomster</span>'
    assert (marked in page) == (language != "da")
    assert f'<span lang="da" dir="ltr">{rubbish}' not in page
    if language not in {"da", "en"}:
        assert "Carry out and sort rubbish" not in page and "Bære affald ud" not in page

    client.post(url, {"errand_type": errand_type(world.estate_a, "rubbish").pk, "resident_first_name": "Amal",
                      "address": "Parkvej 9, st. tv", "phone": "20 30 40 50"})
    errand = Errand.objects.get(resident_first_name="Amal")
    status = client.get(reverse("errands:resident_status", args=[errand.token])).content.decode()
    assert rubbish in status
    assert own.label == "Vande blomster"


def test_staff_still_read_a_renamed_standard_task_by_the_organisations_name(world):
    renamed = errand_type(world.estate_a, "rubbish")
    renamed.name, renamed.name_en = "Affald til genbrugsstationen", "Rubbish to the recycling centre"
    renamed.save()
    with translation.override("en"):
        assert renamed.label == "Rubbish to the recycling centre"
    with translation.override("ar"):
        assert renamed.label == "Rubbish to the recycling centre"  # the organisation's words, in English
    with translation.override("da"):
        assert renamed.label == "Affald til genbrugsstationen"


def test_the_housing_administrator_names_an_own_task_in_the_residents_languages(client, world):
    """A task the organisation added is read by residents in their language once it has a name
    there; until then in English, else in Danish."""
    admin = world.users["housing_admin"]
    own = services.add_errand_type(world.housing_a, name="Vande blomster", allowed=True, actor=admin)
    log_in(client, admin)
    catalogue = client.get(reverse("errands:catalogue")).content.decode()
    url = reverse("errands:catalogue_names", args=[own.pk])
    assert url in catalogue
    form = client.get(url).content.decode()
    assert 'lang="ar" dir="rtl"' in form and 'lang="uk" dir="ltr"' in form
    response = client.post(url, {"name_en": "Water the plants", "name_ar": "سقي النباتات", "name_uk": ""})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name_en, own.names) == ("Water the plants", {"ar": "سقي النباتات"})
    assert Entry.objects.filter(action=Action.CHANGE, object_id=str(own.pk),
                                    purpose="errand task named in residents' languages").exists()

    client.logout()
    request_url = reverse("errands:resident_request", args=[world.estate_a.pk])
    for language, expected in [("ar", "سقي النباتات"), ("uk", '<span lang="en" dir="ltr">Water the plants</span>'),
                               ("da", "Vande blomster")]:
        client.cookies["django_language"] = language
        assert expected in client.get(request_url).content.decode()


def test_a_standard_task_shows_what_residents_read_where_no_name_is_given(client, world):
    log_in(client, world.users["housing_admin"])
    rubbish = errand_type(world.estate_a, "rubbish")
    form = client.get(reverse("errands:catalogue_names", args=[rubbish.pk])).content.decode()
    assert 'placeholder="إخراج القمامة وفرزها"' in form and 'placeholder="Wynoszenie i segregowanie śmieci"' in form


def test_a_name_with_a_cpr_number_is_refused_and_nothing_is_saved(client, world):
    own = services.add_errand_type(world.housing_a, name="Vande blomster", allowed=True,
                                   actor=world.users["housing_admin"])
    log_in(client, world.users["housing_admin"])
    response = client.post(reverse("errands:catalogue_names", args=[own.pk]),
                           {"name_en": "Water plants", "name_ar": "سقي النباتات 010170-1234"})
    assert response.status_code == 200 and "CPR" in response.content.decode()
    own.refresh_from_db()
    assert (own.name_en, own.names) == ("", {})


def test_the_standard_note_on_what_caretakers_may_not_do_is_read_in_the_readers_language(client, world):
    from django.utils import translation as tr

    care = errand_type(world.estate_a, "personal_care")
    with tr.override("ar"):
        with pytest.raises(services.TransitionNotAllowed, match="هذه مهمة الرعاية المنزلية"):
            services.request_errand(services.ErrandRequest(
                estate=world.estate_a, errand_type=care, resident_first_name="Amal", phone="+4520304050",
                address="Parkvej 9"))
    log_in(client, world.users["housing_admin"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("errands:catalogue")).content.decode()
    assert "That is home care&#x27;s work. Contact the municipality (Én Indgang)." in page
    own = services.add_errand_type(world.housing_a, name="Bade hunden", allowed=False, note="Spørg dyrlægen.",
                                   actor=world.users["housing_admin"])
    assert own.note_label == "Spørg dyrlægen."  # an organisation's own note, as written


@pytest.mark.parametrize("count", [3, 30])
def test_the_errand_list_costs_a_fixed_number_of_queries_and_pages_the_open_ones(client, world, count,
                                                                                 django_assert_max_num_queries):
    """A large housing organisation's caretakers share every open errand of its estates: the open
    ones come in pages, oldest first; one's own and the lately cancelled stay on every page."""
    caretaker = world.users["caretaker"]
    made = [request(world.estate_a, first_name=f"Beboer {n:02}") for n in range(count)]
    services.take(made[-1], actor=caretaker)
    services.cancel(made[-2], actor=caretaker)
    log_in(client, caretaker)
    url = reverse("errands:errand_list")
    client.get(url)
    # 1. the session  2. the user  3. INSERT of the SEARCH entry in the access log  4. one's own
    # 5. the lately cancelled  6. the number of open errands  7. a page of them
    with django_assert_max_num_queries(7):
        response = client.get(url)
    open_ = count - 2
    assert [e.resident_first_name for e in response.context["page"]] == [
        f"Beboer {n:02}" for n in range(min(open_, 25))]
    assert [e.pk for e in response.context["mine"]] == [made[-1].pk]
    assert [e.pk for e in response.context["cancelled"]] == [made[-2].pk]
    if open_ > 25:
        second = client.get(url, {"page": 2})
        assert [e.resident_first_name for e in second.context["page"]] == [
            f"Beboer {n:02}" for n in range(25, open_)]
        assert [e.pk for e in second.context["mine"]] == [made[-1].pk]


@pytest.mark.parametrize("language, said", [
    ("da", "Vi sletter dit navn, telefonnummer og din adresse 6 måneder efter, at hjælpen er givet eller aflyst."),
    ("so", "Waxaan tirtirnaa magacaaga, lambarka taleefankaaga iyo cinwaankaaga 6 bilood kadib marka caawimada "
           "la bixiyo ama la joojiyo."),
])
def test_the_request_form_and_the_status_page_say_when_the_residents_details_are_deleted(
        client, world, language, said):
    client.cookies["django_language"] = language
    page = client.get(reverse("errands:resident_request", args=[world.estate_a.pk])).content.decode()
    assert said in page
    errand = request(world.estate_a)
    assert said in client.get(reverse("errands:resident_status", args=[errand.token])).content.decode()
