"""The standard catalogue of practical help, seeded into every housing organisation (PRODUCT.md,
point 3), and its tasks' names in the reader's language.

The Danish name is what the housing organisation keeps (and may change); the English one is the
source text of the name residents read in their own language: the resident catalogues translate
each (context "errand task"), so a resident who reads Arabic meets the tasks in Arabic on the
request form and on the request's own page. A task the organisation added or renamed is shown by
its own name (see ErrandType.label).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# code → (Danish name, the name in the reader's language, allowed for caretakers).
DEFAULT_CATALOGUE: dict[str, tuple[str, Promise, bool]] = {
    "hearing_aid_batteries": ("Skifte batterier i høreapparat",
                              pgettext_lazy("errand task", "Change hearing-aid batteries"), True),
    "read_letters": ("Læse breve højt", pgettext_lazy("errand task", "Read letters aloud"), True),
    "rubbish": ("Bære affald ud og sortere det", pgettext_lazy("errand task", "Carry out and sort rubbish"), True),
    "clean_aids": ("Rengøre hjælpemidler", pgettext_lazy("errand task", "Clean assistive devices"), True),
    "move_furniture": ("Flytte et bord eller andre møbler",
                       pgettext_lazy("errand task", "Move a table or other furniture"), True),
    "book_transport": ("Hjælpe med at bestille Flextrafik",
                       pgettext_lazy("errand task", "Help book Flextrafik transport"), True),
    "weekend_contact": ("Være kontakt i weekenden, når elevatoren er i stykker",
                        pgettext_lazy("errand task", "Be the weekend contact when the lift is down"), True),
    "personal_care": ("Personlig pleje (bad, toilet, påklædning)",
                      pgettext_lazy("errand task", "Personal care (bathing, toilet, dressing)"), False),
    "medication": ("Give eller dosere medicin", pgettext_lazy("errand task", "Give or dispense medicine"), False),
}
# Said of the standard tasks caretakers may not do: stored in Danish, read in the reader's language.
NOT_ALLOWED_NOTE = "Det er hjemmeplejens opgave. Kontakt kommunen (Én Indgang)."
_NOT_ALLOWED_NOTE = pgettext_lazy("errand task", "That is home care's work. Contact the municipality (Én Indgang).")


def standard_label(code: str, name: str) -> str | None:
    """The standard task `code` in the reader's language, while the organisation still calls it by
    the standard Danish `name`; None for a task of its own or one it renamed."""
    standard = DEFAULT_CATALOGUE.get(code)
    if standard is None or standard[0] != name:
        return None
    return str(standard[1])


def note_label(note: str) -> str:
    """A task's note in the reader's language where it is the standard one; else as written."""
    return str(_NOT_ALLOWED_NOTE) if note == NOT_ALLOWED_NOTE else note
