"""Competence development pages: the catalogue (find a module by theme), a module with its
sessions, one's own training and certificates, a manager's sessions (enrol colleagues, record
attendance) and coverage per organisation and estate. Thin: parse, authorise, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.training import certificate as certificates
from lokalsundhed.training import selectors, services
from lokalsundhed.training.forms import EnrolColleagueForm, SessionForm, ThemeFilterForm
from lokalsundhed.training.models import CORE_THEMES, Enrolment, Module, Theme, TrainingSession
from lokalsundhed.training.scopes import manager_org_ids


@require_perm(Perm.VIEW_ORGANISATION)
def catalogue(request: AuthedRequest) -> HttpResponse:
    """Modules by theme, the ones the person holds marked; for a manager, the held sessions whose
    attendance is still to record. Queries: layout (3), the modules with their coming sessions (2),
    the person's valid themes (1), the module suggested for them (1), a manager's sessions awaiting
    attendance (1)."""
    now = timezone.now()
    is_manager = request.user.has_role_perm(Perm.MANAGE_TRAINING)
    form = ThemeFilterForm(request.GET or None)
    theme = form.cleaned_data["theme"] if form.is_valid() else ""
    modules = selectors.catalogue(request.user, theme).prefetch_related(
        Prefetch("sessions", queryset=selectors.coming_sessions(request.user, now), to_attr="coming")
    )
    context = {
        "form": form,
        "modules": modules,
        "held": selectors.valid_themes(request.user, timezone.localdate()),
        "suggested": selectors.suggested_module(request.user, now),
        "is_manager": is_manager,
        "awaiting_attendance": list(selectors.sessions_awaiting_attendance(request.user, now)) if is_manager else [],
    }
    return render(request, "training/catalogue.html", context)


@require_perm(Perm.VIEW_ORGANISATION)
def module_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    module = get_for_user(request.user, Module, pk=pk)
    sessions = selectors.upcoming_sessions(request.user, timezone.now()).filter(module=module)
    mine = selectors.own_session_ids(request.user, module)
    return render(request, "training/module_detail.html", {
        "module": module, "sessions": sessions, "mine": mine,
        "is_manager": request.user.has_role_perm(Perm.MANAGE_TRAINING),
    })


def _own_organisation(request: AuthedRequest) -> Organisation:
    """The organisation one takes part for: the first of one's memberships."""
    memberships = request.user.active_memberships
    if not memberships:
        raise Http404
    return memberships[0].organisation


@require_perm(Perm.VIEW_ORGANISATION)
@require_POST
def session_enrol(request: AuthedRequest, pk: int) -> HttpResponse:
    """Enrol oneself, or (a manager, with `participant`) a colleague."""
    session = get_for_user(request.user, TrainingSession, TrainingSession.objects.select_related("module"), pk=pk)
    participant_pk = request.POST.get("participant")
    try:
        if participant_pk:
            form = EnrolColleagueForm(request.POST, people=selectors.managed_colleagues(request.user))
            if not form.is_valid():
                raise services.NotAllowed(_("Choose a colleague from the list."))
            participant = form.cleaned_data["participant"]
            organisation = selectors.participant_organisation(request.user, participant)
            assert organisation is not None  # noqa: S101  (the form's queryset guarantees one)
            services.enrol(session, participant=participant, organisation=organisation, actor=request.user,
                           request=request)
            messages.success(request, _("%(name)s is enrolled.") % {"name": participant})
            return redirect("training:session_detail", pk=session.pk)
        services.enrol(session, participant=request.user, organisation=_own_organisation(request),
                       actor=request.user, request=request)
        messages.success(request, _("You are enrolled. The session is under My training."))
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
        if participant_pk:
            return redirect("training:session_detail", pk=session.pk)
    return redirect("training:module_detail", pk=session.module_id)


@require_perm(Perm.VIEW_ORGANISATION)
def my_training(request: AuthedRequest) -> HttpResponse:
    """One's enrolments, completions with certificates, and refreshers due. Queries: layout (3),
    the enrolments with sessions and modules (1)."""
    enrolments = selectors.own_enrolments(request.user)
    today = timezone.localdate()
    return render(request, "training/my_training.html", {"enrolments": enrolments, "today": today,
                                                         "soon": today + selectors.REMINDER_WINDOW})


def _enrolment_for(request: AuthedRequest, pk: int) -> Enrolment:
    return get_for_user(request.user, Enrolment,
                        Enrolment.objects.select_related("session__module", "session__host", "user", "organisation"),
                        pk=pk)


@require_perm(Perm.VIEW_ORGANISATION)
@require_POST
def enrolment_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for(request, pk)
    try:
        services.cancel_enrolment(enrolment, actor=request.user, request=request)
        messages.success(request, _("The enrolment is cancelled."))
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
    if enrolment.user_id != request.user.pk:
        return redirect("training:session_detail", pk=enrolment.session_id)
    return redirect("training:my_training")


@require_perm(Perm.MANAGE_TRAINING)
@require_POST
def enrolment_attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for(request, pk)
    try:
        services.record_attendance(enrolment, attended=request.POST.get("attended") == "1", actor=request.user,
                                   request=request)
        messages.success(request, _("Attendance is recorded."))
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect("training:session_detail", pk=enrolment.session_id)


@require_perm(Perm.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def session_new(request: AuthedRequest) -> HttpResponse:
    form = SessionForm(request.POST or None, modules=selectors.catalogue(request.user),
                       hosts=selectors.host_organisations(request.user),
                       initial={"module": request.GET.get("module")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.plan_session(data["module"], host=data["host"], starts_at=data["starts_at"],
                                            ends_at=data["ends_at"], place=data["place"],
                                            capacity=data["capacity"], actor=request.user, request=request)
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The session is planned. Enrol your people on it."))
            return redirect("training:session_detail", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form})


@require_perm(Perm.MANAGE_TRAINING)
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A manager's view of a session: their organisations' participants, enrol a colleague,
    record attendance. Queries: layout (3), the session (1), its participants (1), colleagues (1)."""
    session = get_for_user(request.user, TrainingSession, TrainingSession.objects.select_related("module", "host"),
                           pk=pk)
    managed = manager_org_ids(request.user)
    participants = list(
        scoped(request.user, Enrolment).filter(session=session, organisation_id__in=managed)
        .exclude(state=Enrolment.State.CANCELLED).select_related("user", "organisation").order_by("user__full_name")
    )
    record(actor=request.user, action=Action.READ, obj=session, organisation_id=min(managed),
           purpose=gettext_noop("training participants"), request=request)
    enrolled = {e.user_id for e in participants}
    people = selectors.managed_colleagues(request.user).exclude(pk__in=enrolled).order_by("full_name", "email")
    context = {
        "session": session,
        "participants": participants,
        "form": EnrolColleagueForm(people=people),
        "started": session.starts_at <= timezone.now(),
    }
    return render(request, "training/session_detail.html", context)


@require_perm(Perm.VIEW_ORGANISATION)
def certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The certificate of a completed module: the participant's own, or their manager's copy."""
    enrolment = _enrolment_for(request, pk)
    if enrolment.state != Enrolment.State.COMPLETED:
        raise Http404
    reason = certificates.pdf_unavailable_reason()
    if reason is not None:
        return HttpResponse(_("PDF is not available on this server."), status=503, content_type="text/plain")
    record(actor=request.user, action=Action.EXPORT, obj=enrolment, organisation_id=enrolment.organisation_id,
           purpose=gettext_noop("training certificate"), request=request)
    response = HttpResponse(certificates.as_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kursusbevis-{enrolment.pk}.pdf"'
    return response


@require_perm(Perm.VIEW_AGGREGATES)
def coverage(request: AuthedRequest) -> HttpResponse:
    """Share of caretakers and social workers trained in each core theme, per housing
    organisation and per estate. Queries: layout (3), the estates in scope (1), the grouped
    counts per organisation (1) and per estate (1) — whatever the number of people."""
    today = timezone.localdate()
    organisation_ids, estate_ids = selectors.coverage_scope(request.user)
    context = {
        "themes": [(theme, Theme(theme).label) for theme in CORE_THEMES],
        "organisations": selectors.coverage_by_organisation(organisation_ids, today),
        "estates": selectors.coverage_by_estate(estate_ids, today),
        "small": selectors.SMALL,
        "organisation_caption": _("Per housing organisation"),
        "estate_caption": _("Per estate"),
    }
    return render(request, "training/coverage.html", context)
