"""Team members submit for their teams' recommendations; inspectorate staff review and run rounds.

Every submission is looked up through what the person may see (their teams', or all sent ones
for inspectorate staff), so another team's id is simply not found."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from icibi_tracker import clock, data_version
from recommendations.models import Recommendation

from . import notify
from .forms import DetailsForm, KindForm, RecordForm, ReturnForm, RoundForm
from .models import (
    RATE_ROUNDS,
    Evidence,
    Submission,
    SubmissionChanged,
    UpdateRound,
    is_member,
    refusal_for,
    teams_of,
)

DUE_DAYS = 90
PAGE_SIZE = 50
# A team page lists this many of each kind, linking to the full list for more.
LISTED = 20


def reviews(user):
    """Inspectorate staff (and superusers) review submissions and run rounds."""
    return user.has_perm("submissions.change_submission")


def inspectorate_only(view):
    def checked(request, *args, **kwargs):
        if not reviews(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    checked.__name__ = view.__name__
    return checked


def posted(request):
    """A form's data and files: bound on a POST, even an empty one, so it says what is missing."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def visible_submissions(user):
    """Inspectorate staff see every sent submission; a team member their own teams', drafts included."""
    if reviews(user):
        return Submission.objects.exclude(state=Submission.State.DRAFT)
    return Submission.objects.for_teams_of(user)


def own_submission(user, pk):
    """One of the person's teams' submissions, or not found."""
    return get_object_or_404(Submission.objects.for_teams_of(user).select_related("recommendation__inspection"), pk=pk)


def submittable(request, pk):
    """The recommendation, if the person is in its owner team; not found otherwise."""
    recommendation = get_object_or_404(
        Recommendation.objects.for_list().prefetch_related("sub_elements", "responses"), pk=pk
    )
    if not is_member(request.user, recommendation.owner_id):
        raise Http404("Only its owner team submits for a recommendation.")
    return recommendation


@require_safe
def team(request):
    today = clock.today()
    teams = list(teams_of(request.user))
    context = {"teams": teams, "today": today}
    if teams:
        mine = Recommendation.objects.open().filter(owner__in=teams).for_list()
        ours = Submission.objects.filter(team__in=teams).for_list()
        rounds = UpdateRound.objects.open().asking(teams)
        context.update(
            overdue=mine.overdue(today).order_by("next_due_date", "pk")[:LISTED],
            due=mine.next_due_within(DUE_DAYS, today).order_by("next_due_date", "pk")[:LISTED],
            returned=ours.filter(state=Submission.State.RETURNED)[:LISTED],
            drafts=ours.filter(state=Submission.State.DRAFT, submitted_by=request.user)[:LISTED],
            waiting=ours.awaiting_review()[:LISTED],
            listed=LISTED,
            # What each round asks of the teams counts every item it asks of them: once per version of the data.
            rounds=data_version.cached(
                lambda: [(r, *r.asks_of(teams), list(r.asked_of(teams)[:LISTED])) for r in rounds],
                "team-rounds",
                *sorted(team.pk for team in teams),
            ),
            due_caption=f"Due in the next {DUE_DAYS} days",
        )
    return render(request, "submissions/team.html", context)


def start(request, pk):
    """The first question: what kind of submission."""
    recommendation = submittable(request, pk)
    refusal = refusal_for(recommendation)
    form = KindForm(*posted(request))
    if refusal is None and form.is_valid():
        return redirect("submissions:new", pk=pk, kind=form.cleaned_data["kind"])
    return render(
        request, "submissions/start.html", {"recommendation": recommendation, "form": form, "refusal": refusal}
    )


def new(request, pk, kind):
    recommendation = submittable(request, pk)
    if kind not in Submission.Kind.values:
        raise Http404("No such kind of submission.")
    if refusal_for(recommendation):
        return redirect("submissions:start", pk=pk)
    form = DetailsForm(*posted(request), kind=kind, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            draft = Submission.start(
                recommendation,
                kind,
                request.user,
                form.model_fields(),
                form.cleaned_data["files"],
                form.cleaned_data["links"],
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            return redirect("submissions:check", pk=draft.pk)
    return render(
        request,
        "submissions/details.html",
        {"recommendation": recommendation, "form": form, "kind": Submission.Kind(kind), "submission": None},
    )


def add_model_errors(form, error):
    for field, problems in error.message_dict.items():
        field = "part" if field == "sub_element" else field  # the form asks for the element as the part
        form.add_error(field if field in form.fields else None, problems)


def change(request, pk):
    """Change a draft, or answer a return; evidence already attached stays."""
    submission = own_submission(request.user, pk)
    if not submission.may_be_changed:
        messages.info(request, f"Submission {submission.reference} is {submission.get_state_display().lower()}.")
        return redirect("submissions:detail", pk=pk)
    existing = submission.evidence.filter(link="").count()
    initial = {name: getattr(submission, name) for name in DetailsForm.QUESTIONS[submission.kind]}
    initial = {k: (v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v) for k, v in initial.items()}
    form = DetailsForm(
        *posted(request),
        kind=submission.kind,
        recommendation=submission.recommendation,
        existing_files=existing,
        initial={**initial, "part": submission.sub_element_id or ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission.revise(
                request.user,
                int(request.POST.get("version", 0)),
                form.model_fields(),
                form.cleaned_data["files"],
                form.cleaned_data["links"],
            )
        except SubmissionChanged as changed:
            messages.error(request, str(changed))
            return redirect("submissions:detail", pk=pk)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            return redirect("submissions:check", pk=pk)
    context = {
        "recommendation": submission.recommendation,
        "form": form,
        "kind": Submission.Kind(submission.kind),
        "submission": submission,
    }
    return render(request, "submissions/details.html", context)


def check(request, pk):
    """Check your answers, then send."""
    submission = own_submission(request.user, pk)
    if not submission.may_be_changed:
        return redirect("submissions:detail", pk=pk)
    if request.method == "POST":
        try:
            sent = submission.submit(request.user, int(request.POST.get("version", 0)))
        except SubmissionChanged as changed:
            messages.error(request, str(changed))
        else:
            notify.submitted(sent)
            return redirect("submissions:sent", pk=pk)
    return render(request, "submissions/check.html", {"submission": submission, "evidence": submission.evidence.all()})


@require_safe
def sent(request, pk):
    submission = own_submission(request.user, pk)
    if submission.state not in Submission.AWAITING_REVIEW:
        return redirect("submissions:detail", pk=pk)
    return render(request, "submissions/sent.html", {"submission": submission})


def withdraw(request, pk):
    submission = own_submission(request.user, pk)
    if not submission.may_be_withdrawn:
        messages.info(request, f"Submission {submission.reference} is {submission.get_state_display().lower()}.")
        return redirect("submissions:detail", pk=pk)
    if request.method == "POST":
        try:
            submission.withdraw(request.user, int(request.POST.get("version", 0)))
        except SubmissionChanged as changed:
            messages.error(request, str(changed))
        else:
            messages.success(request, f"Submission {submission.reference} is withdrawn.")
        return redirect("submissions:detail", pk=pk)
    return render(request, "submissions/withdraw.html", {"submission": submission})


@require_safe
def detail(request, pk):
    submission = get_object_or_404(
        visible_submissions(request.user).for_list().select_related("reviewed_by", "withdrawn_by", "round"), pk=pk
    )
    context = {
        "submission": submission,
        "evidence": submission.evidence.all(),
        "history": submission.history.select_related("history_user").order_by("history_date"),
        "reviews": reviews(request.user),
        "ours": not reviews(request.user) or is_member(request.user, submission.team_id),
    }
    return render(request, "submissions/detail.html", context)


@require_safe
def evidence_file(request, pk, evidence_pk):
    """A file, only to inspectorate staff and the owning team, always as a download."""
    submission = get_object_or_404(visible_submissions(request.user), pk=pk)
    item = get_object_or_404(Evidence.objects.exclude(file=""), submission=submission, pk=evidence_pk)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@inspectorate_only
def queue(request):
    page = Paginator(Submission.objects.review_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "submissions/queue.html", {"page": page, "today": clock.today()})


@require_safe
def closure_claimed_list(request):
    """Every role sees which recommendations' closure is claimed and awaits review; not the claims themselves."""
    claims = Submission.objects.awaiting_review().filter(kind=Submission.Kind.CLOSURE).for_list()
    page = Paginator(claims.order_by("submitted_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "submissions/closure_claimed.html", {"page": page})


@inspectorate_only
def record(request, pk):
    submission = get_object_or_404(Submission.objects.for_list(), pk=pk)
    closure = submission.kind == Submission.Kind.CLOSURE
    form = RecordForm(*posted(request), closure=closure)
    if submission.is_awaiting_review and request.method == "POST" and form.is_valid():
        try:
            submission.record(request.user, int(request.POST.get("version", 0)), **form.cleaned_data)
        except SubmissionChanged as changed:
            messages.error(request, str(changed))
            return redirect("submissions:detail", pk=pk)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            notify.reviewed(submission.pk)
            messages.success(request, f"Submission {submission.reference} is recorded.")
            return redirect("submissions:detail", pk=pk)
    elif not submission.is_awaiting_review:
        messages.info(request, f"Submission {submission.reference} is {submission.get_state_display().lower()}.")
        return redirect("submissions:detail", pk=pk)
    context = {"submission": submission, "form": form, "evidence": submission.evidence.all()}
    return render(request, "submissions/record.html", context)


@inspectorate_only
def send_back(request, pk):
    submission = get_object_or_404(Submission.objects.for_list(), pk=pk)
    if not submission.is_awaiting_review:
        messages.info(request, f"Submission {submission.reference} is {submission.get_state_display().lower()}.")
        return redirect("submissions:detail", pk=pk)
    form = ReturnForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            submission.send_back(request.user, int(request.POST.get("version", 0)), form.cleaned_data["reason"])
        except SubmissionChanged as changed:
            messages.error(request, str(changed))
        else:
            notify.reviewed(submission.pk)
            messages.success(request, f"Submission {submission.reference} is returned to {submission.team}.")
        return redirect("submissions:detail", pk=pk)
    return render(request, "submissions/return.html", {"submission": submission, "form": form})


@require_safe
def rounds(request):
    listed = UpdateRound.objects.prefetch_related(Prefetch("inspections"))
    context = {
        "rounds": listed,
        "reviews": reviews(request.user),
        "on_time": UpdateRound.on_time_rates(clock.today()),
        "rate_rounds": RATE_ROUNDS,
    }
    return render(request, "submissions/rounds.html", context)


@inspectorate_only
def open_round(request):
    form = RoundForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        round_ = form.save(request.user)
        notify.round_opened(round_.pk)
        messages.success(request, f"“{round_}” is open: each team with items in it has been emailed.")
        return redirect("submissions:round", pk=round_.pk)
    return render(request, "submissions/open_round.html", {"form": form})


@require_safe
def round_detail(request, pk):
    round_ = get_object_or_404(UpdateRound.objects.select_related("opened_by"), pk=pk)
    today = clock.today()
    # Per team, counted over every item the round asks about: once per day and version of the data.
    by_team = data_version.cached(round_.by_team, "round", round_.pk, today)
    context = {"round": round_, "by_team": by_team, "reviews": reviews(request.user), "today": today}
    return render(request, "submissions/round.html", context)


@require_POST
@inspectorate_only
def close_round(request, pk):
    round_ = get_object_or_404(UpdateRound, pk=pk)
    round_.close()
    messages.success(request, f"“{round_}” is closed.")
    return redirect(reverse("submissions:round", args=[pk]))
