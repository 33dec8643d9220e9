"""Every form is drawn in DKFDS markup by the project's form templates (core/form_renderer.py):
labels tied to their fields, hints and errors announced, choices escaped, in the reader's language."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation

from lokalsundhed.core.form_renderer import FormRenderer


class _Everything(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the door")
    agree = forms.BooleanField(label="Agreed")
    signs = forms.MultipleChoiceField(label="Signs", widget=forms.CheckboxSelectMultiple,
                                      choices=[("a", "Falls"), ("b", "<b>Loud</b>")])
    kind = forms.ChoiceField(label="Kind", choices=[("x", "Tom & Jerry <script>"), ("y", "Other")])
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("The form as a whole is wrong")


def _rendered(language: str, data: dict | None = None) -> str:
    with translation.override(language):
        form = _Everything(data)
        if data is not None:
            form.is_valid()
        return str(form)


def test_the_project_draws_forms_with_its_own_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_fields_are_drawn_in_dkfds_markup_with_their_labels_and_hints():
    html = _rendered("en")
    assert '<label class="form-label" for="id_name">Name</label>' in html
    assert '<span class="form-hint" id="id_name_helptext">As on the door</span>' in html
    assert re.search(r'<input type="text" name="name" class="form-input" required '
                     r'aria-describedby="id_name_helptext" id="id_name">', html)
    # A checkbox: the box first, its label beside it.
    assert re.search(r'<div class="form-group-checkbox">\s*<input type="checkbox" name="agree" '
                     r'class="form-checkbox" required id="id_agree">\s*'
                     r'<label class="form-label" for="id_agree">Agreed</label>', html)
    # A list of checkboxes: a fieldset with a legend, each box with its label.
    assert '<legend class="form-label">Signs</legend>' in html
    assert re.search(r'<div class="form-group-checkbox">\s*<input type="checkbox" name="signs" value="a" '
                     r'class="form-checkbox" id="id_signs_0">\s*<label class="form-label" for="id_signs_0">'
                     r'Falls</label>', html)
    assert '<select name="kind" class="form-select" id="id_kind">' in html
    assert '<textarea name="note" class="form-input" cols="40" rows="3" id="id_note">' in html
    assert '<input type="hidden" name="hidden" id="id_hidden">' in html
    assert html.count('<div class="form-group">') == 5  # one group per visible field, the hidden one inside


def test_what_a_choice_says_is_escaped_not_run():
    html = _rendered("en")
    assert "Tom &amp; Jerry &lt;script&gt;" in html
    assert "&lt;b&gt;Loud&lt;/b&gt;" in html
    assert "<script>" not in html and "<b>Loud" not in html


def test_errors_are_announced_beside_their_field_and_above_the_form_in_the_readers_language():
    html = _rendered("da", {"name": "", "kind": "y", "signs": ["b"], "note": "Hello <there>"})
    assert '<div class="form-group form-error">' in html
    assert ('<span class="form-error-message" id="id_name_error"><span class="sr-only">Fejl: </span>'
            "Dette felt er påkrævet.</span>") in html
    assert 'aria-invalid="true" aria-describedby="id_name_helptext id_name_error"' in html
    assert re.search(r'<div class="alert alert-error" role="alert">\s*<svg class="icon-svg alert-icon" role="img" '
                     r'aria-label="Fejl"', html)
    assert '<p class="alert-text">The form as a whole is wrong</p>' in html
    # What the reader wrote and chose is kept, escaped.
    assert '<option value="y" selected>Other</option>' in html
    assert 'value="b" class="form-checkbox" id="id_signs_1" checked>' in html
    assert "Hello &lt;there&gt;</textarea>" in html

    english = _rendered("en", {"name": ""})
    assert '<span class="sr-only">Error: </span>This field is required.' in english


@pytest.mark.django_db
def test_every_admin_form_is_drawn_the_admins_own_widgets_by_django_templates(rf):
    """The admin's widgets (a related object's add and change links) have no Jinja2 templates:
    they fall back to Django's, and every form of the admin site renders."""
    from django.contrib import admin

    from lokalsundhed.accounts.models import User

    request = rf.get("/admin/")
    request.user = User(is_superuser=True, is_staff=True)
    wrapped = 0
    for model, model_admin in admin.site._registry.items():
        forms_of_admin = [model_admin.get_form(request)()]
        forms_of_admin += [inline.get_formset(request).form() for inline in model_admin.get_inline_instances(request)]
        for form in forms_of_admin:
            html = str(form)
            assert 'class="form-group' in html, model.__name__
            wrapped += html.count('class="related-widget-wrapper"')
    assert wrapped > 10
