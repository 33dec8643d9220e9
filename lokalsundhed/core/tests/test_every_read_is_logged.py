"""Every page that shows a person's details writes a row of the access log.

Walks the authorization matrix (core/tests/test_authorization.py): every page that answers 200 to
a GET is opened once, by the first persona allowed to (or by a resident, for a public page), in
the matrix's world, which holds residents, volunteers and people interested in a room. When the
page shows the first name of one of them, the request must have written a read, search or
export row. A new page that shows someone's details without logging the read fails here.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.test_authorization import MATRIX, matrix_world
from lokalsundhed.core.tests.world import World
from lokalsundhed.errands.models import Errand
from lokalsundhed.offers.models import SignUp
from lokalsundhed.referrals.models import Observation
from lokalsundhed.volunteers.models import Volunteer
from lokalsundhed.work.models import Interest

pytestmark = pytest.mark.django_db

READS = (Action.READ, Action.SEARCH, Action.EXPORT)
# The pages someone of the matrix may open. Not among them: a volunteer's own shifts
# (volunteers:my_shifts), which only the volunteer's own login opens and which shows only them.
PAGES = sorted(name for name, row in MATRIX.items()
               if row.method == "get" and row.ok_status == 200 and (row.ok or row.public))


@pytest.fixture
def world(db) -> World:
    return matrix_world()


def _people_named_in(world: World) -> re.Pattern[str]:
    """The first names of everyone the world holds details of, and the addresses residents typed,
    as whole words."""
    names = {
        *SignUp.objects.values_list("first_name", flat=True),
        *Errand.objects.values_list("resident_first_name", flat=True),
        *Errand.objects.values_list("address", flat=True),
        *Observation.objects.values_list("resident_first_name", flat=True),
        *Volunteer.objects.values_list("first_name", flat=True),
        *Interest.objects.values_list("first_name", flat=True),
    }
    names = {name for name in names if len(name) >= 4}
    assert names, "the matrix's world holds no one: this test would prove nothing"
    return re.compile(r"\b(" + "|".join(re.escape(name) for name in sorted(names)) + r")\b")


def test_the_world_names_people_on_its_pages(client, world):
    """The check below can fail: the world's pages do show people (a course's participants, an
    errand's address, the volunteers)."""
    shown = 0
    for url_name in ["offers:offer_detail", "errands:errand_restore", "volunteers:volunteer_list"]:
        row = MATRIX[url_name]
        log_in(client, world.users[sorted(row.ok)[0]])
        shown += bool(_people_named_in(world).search(client.get(reverse(url_name, kwargs=row.kwargs(world)))
                                                     .content.decode()))
    assert shown == 3


@pytest.mark.parametrize("url_name", PAGES)
def test_a_page_that_shows_someones_details_logs_the_read(client, world, url_name):
    row = MATRIX[url_name]
    if row.ok:
        log_in(client, world.users[sorted(row.ok)[0]])
    url = reverse(url_name, kwargs=row.kwargs(world))
    before = Entry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    named = _people_named_in(world).search(content.decode(errors="replace"))
    if named:
        logged = Entry.objects.filter(id__gt=before, action__in=READS).exists()
        assert logged, f"{url_name} ({url}) shows {named.group()!r} but wrote no read to the access log"
