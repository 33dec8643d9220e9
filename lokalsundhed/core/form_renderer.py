"""How forms are drawn: every field in DKFDS markup, rendered by Jinja2.

A form's fields are the most repeated markup of a staff page (a checkbox per sign, an option
per estate), and Django's template language spent more time on them than on the rest of the
page. The form templates (`lokalsundhed/jinja2/django/forms/`) are therefore Jinja2, which Django
ships templates for and supports as a form renderer; the pages stay in Django's templates and
call `{{ form }}` or `{{ field.as_field_group }}` as before. A widget template Jinja2 does not
have (the admin's own widgets) is rendered by the project's Django templates, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django.conf import settings
from django.forms.renderers import BaseRenderer
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext

TEMPLATES = Path(settings.BASE_DIR) / "lokalsundhed" / "jinja2"


def environment(**options: Any) -> Any:
    """Jinja2 for form templates: Django's translations (`_()`, `ngettext()`) and `static()`."""
    import jinja2

    # Every value escaped, whatever the caller asks (Django's backend asks the same), and the
    # line break that ends an included template kept, as Django's templates keep it.
    options.pop("autoescape", None)
    env = jinja2.Environment(
        autoescape=True, extensions=["jinja2.ext.i18n"], keep_trailing_newline=True, **options
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["static"] = static
    return env


class FormRenderer(BaseRenderer):
    """The project's fields first, then Django's Jinja2 form templates, then the Django
    templates of the apps (the admin's widgets)."""

    @cached_property
    def engine(self) -> Jinja2:
        return Jinja2({
            "APP_DIRS": False,
            "DIRS": [TEMPLATES, Path(django.forms.__file__).parent / "jinja2"],
            "NAME": "forms",
            "OPTIONS": {"environment": "lokalsundhed.core.form_renderer.environment"},
        })

    def get_template(self, template_name: str) -> Any:
        try:
            return self.engine.get_template(template_name)
        except TemplateDoesNotExist:
            return get_template(template_name)
