"""A browser's date picker reads and writes ISO dates only ("2026-12-07"): a date field drawn in the
Danish format ("07.12.2026") shows empty, and saving the form then erases the date. Every date
and time field of every form draws its value in ISO, so an edit form never loses one."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import lokalsundhed

ISO = {forms.DateField: "%Y-%m-%d", forms.DateTimeField: "%Y-%m-%dT%H:%M"}


def _all_form_classes() -> set[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(lokalsundhed.__path__, "lokalsundhed."):
        leaf = module.name.rsplit(".", 1)[-1]
        if leaf in ("forms", "public_forms") or leaf.endswith("_forms"):
            importlib.import_module(module.name)
    found: set[type[forms.BaseForm]] = set()
    todo: list[type] = [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("lokalsundhed."):
                found.add(sub)
    return found


def test_every_date_picker_draws_its_value_as_the_browser_reads_it():
    drawn_otherwise = []
    checked = 0
    for form_class in _all_form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            for kind, iso in ISO.items():
                if type(field) is kind and field.widget.input_type in ("date", "datetime-local"):
                    checked += 1
                    if field.widget.format != iso:
                        drawn_otherwise.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert checked >= 10  # the walk found the forms
    assert not drawn_otherwise, f"date pickers that would show a date empty: {sorted(drawn_otherwise)}"
