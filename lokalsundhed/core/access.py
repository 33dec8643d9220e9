"""Access control in one place: what a user may see (scoping) and which views they may open.

Default deny, twice over:
- Every view declares its access rule with one of the decorators below. The middleware
  refuses a view of ours that has none, so a new view without a rule fails the
  authorization test generated from the URL configuration.
- Every query of an organisation-bound model goes through `scoped(user, Model)`, which only
  knows the models registered here. An unregistered model is an error, not "everything".
  `get_for_user` answers "missing" and "not yours" with the same 404.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext_noop
from django_htmx.middleware import HtmxDetails

from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.signals import access_refused

if TYPE_CHECKING:
    from lokalsundhed.accounts.models import User

logger = logging.getLogger("lokalsundhed.access")

ViewFunc = Callable[..., HttpResponseBase]  # a page, a redirect or a streamed file


class AuthedRequest(HttpRequest):
    """A request that passed a login rule: `request.user` is a member of staff."""

    user: User
    htmx: HtmxDetails  # set by django_htmx's HtmxMiddleware; falsy unless htmx sent the request


M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])

# Third-party views that bring their own authentication (login pages, Django admin, static).
TRUSTED_VIEW_MODULES = ("allauth.", "django.contrib.admin.", "django.views.static", "django.views.i18n")
# The Django admin site checks is_staff itself (and logs in through allauth, see urls.py).
TRUSTED_NAMESPACES = frozenset({"admin"})


def public(view: ViewFunc) -> ViewFunc:
    """Anyone may open this view, logged in or not (residents' pages, health checks)."""
    view.access_rule = "public"  # type: ignore[attr-defined]
    return view


def login_only(view: ViewFunc) -> ViewFunc:
    """Any logged-in member of an organisation; what they see is still scoped."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access_rule = "login"  # type: ignore[attr-defined]
    return wrapper


def require_perm(perm: Perm) -> Callable[[ViewFunc], ViewFunc]:
    """Logged in and holding `perm` through a membership in some organisation."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access_rule = f"perm:{perm}"  # type: ignore[attr-defined]
        return wrapper

    return decorator


def view_rule(view: Any) -> str | None:
    """The declared access rule of a view function or class-based view, if any."""
    rule = getattr(view, "access_rule", None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, "access_rule", None)
    return rule


def is_trusted_third_party(view: Any, namespaces: list[str] | tuple[str, ...] = ()) -> bool:
    if TRUSTED_NAMESPACES.intersection(namespaces):
        return True
    module = getattr(view, "__module__", "") or ""
    if hasattr(view, "view_class"):
        module = view.view_class.__module__
    return module.startswith(TRUSTED_VIEW_MODULES)


class AccessPolicyMiddleware:
    """Refuses every view of ours that does not declare an access rule (default deny)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        namespaces = match.namespaces if match is not None else ()
        if view_rule(view) is None and not is_trusted_third_party(view, namespaces):
            logger.error("view without an access rule refused: %s", getattr(view, "__qualname__", view))
            raise PermissionDenied


# --- Scoping -----------------------------------------------------------------------------

Scope = Callable[[Any, QuerySet[Any]], QuerySet[Any]]
_SCOPES: dict[type[Model], Scope] = {}


def register_scope(model: type[Model]) -> Callable[[Scope], Scope]:
    """Declare how `model` is narrowed to what a user may see. Used once per model."""

    def decorator(func: Scope) -> Scope:
        if model in _SCOPES:
            raise ImproperlyConfigured(f"{model.__name__} already has a scope")
        _SCOPES[model] = func
        return func

    return decorator


def scoped(user: Any, model: type[M], queryset: QuerySet[M] | None = None) -> QuerySet[M]:
    """The records of `model` that `user` may see: nothing for anonymous or inactive users."""
    try:
        scope = _SCOPES[model]
    except KeyError:
        raise ImproperlyConfigured(f"{model.__name__} has no registered scope; refusing to guess") from None
    qs = model._default_manager.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    return scope(user, qs)


def get_for_user(user: Any, model: type[M], queryset: QuerySet[M] | None = None, **lookup: Any) -> M:
    """One record the user may see, or 404 — the same answer for "missing" and "not yours"."""
    try:
        return scoped(user, model, queryset).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        _note_refusal_if_exists(user, model, lookup)
        raise Http404 from None


def _note_refusal_if_exists(user: Any, model: type[Model], lookup: dict[str, Any]) -> None:
    """A record that exists but is out of scope is a refused authorisation: log it."""
    try:
        exists = model._default_manager.filter(**lookup).exists()
    except (ValueError, TypeError):
        return
    if exists and getattr(user, "is_authenticated", False):
        logger.warning("out-of-scope %s refused for user %s", model._meta.label_lower, user.pk)
        access_refused.send(sender=model, actor=user, object_type=model._meta.label_lower,
                            object_id=str(lookup.get("pk", lookup.get("id", ""))),
                            purpose=gettext_noop("outside the user's scope"))


def registered_models() -> list[type[Model]]:
    return list(_SCOPES)


def none_q() -> Q:
    """A condition nothing matches, for building scopes."""
    return Q(pk__in=[])


# --- Who is calling ------------------------------------------------------------------------

PrincipalResolver = Callable[[HttpRequest], Any]
_PRINCIPAL_RESOLVERS: list[PrincipalResolver] = []


def register_principal_resolver(resolver: PrincipalResolver) -> PrincipalResolver:
    """Let a floor above say who a request speaks for (the API app: an API client's token), so
    that a public operation of any capability can still recognise a caller who sent one."""
    _PRINCIPAL_RESOLVERS.append(resolver)
    return resolver


def request_principal(request: HttpRequest) -> Any | None:
    """The caller a public page or operation may serve more to: an API client (by its token),
    else the logged-in, active member of staff, else None."""
    for resolver in _PRINCIPAL_RESOLVERS:
        found = resolver(request)
        if found is not None:
            return found
    user: Any = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) and user.is_active else None


def requires_scope(scope: str) -> Callable[[F], F]:
    """An API operation of any capability answers 403 unless its caller is an API client holding
    `scope` (`request.auth.has_scope`, set by the API's token authentication). The scope is
    written on the operation (`api_scope`) for the OpenAPI description and the matrix test."""

    def decorator(func: F) -> F:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            has_scope = getattr(getattr(request, "auth", None), "has_scope", None)
            if not callable(has_scope):
                raise PermissionDenied("This operation needs an API client's token.")
            if not has_scope(scope):
                raise PermissionDenied(f"The client lacks the scope {scope}.")
            return func(request, *args, **kwargs)

        wrapper.api_scope = scope  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
