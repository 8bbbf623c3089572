"""The Home Office reporting through the tracker (DOMAIN.md, "Keeping the record current: the Home
Office side"): team members submit, inspectorate staff record or return. A submission never changes
the record by itself; recording it writes through the same model methods the admin uses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from icibi_tracker import clock
from icibi_tracker.audit import Versioned, person
from icibi_tracker.dates import FactPrecision, Precision, describe, describe_due
from recommendations.models import Owner, Recommendation, SubElement
from responses.models import HomeOfficeResponse, ProgressUpdate, TargetRevision
from responses.targets import parse_target

from . import evidence

TEXT_LIMIT = 10_000  # a page of A4 is about 3,000 characters: room for a real update, not a dump


class TeamMembership(models.Model):
    """A person in a Home Office team (an owner): they submit for its recommendations."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="memberships", verbose_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships", verbose_name="person"
    )

    class Meta:
        ordering = ["owner", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "user"],
                name="team_membership_unique",
                violation_error_message="This person is already in this team.",
            )
        ]

    def __str__(self):
        return f"{person(self.user)} in {self.owner}"


def teams_of(user):
    return Owner.objects.filter(memberships__user=user)


def is_member(user, owner_id):
    """Row form: may `user` submit for a recommendation owned by `owner_id`?"""
    return owner_id is not None and TeamMembership.objects.filter(user=user, owner_id=owner_id).exists()


class SubmissionChanged(Exception):
    """Someone else acted on the submission since this person's copy was read: say what happened."""


class SubmissionQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(state__in=Submission.AWAITING_REVIEW)

    def live(self):
        """Sent and not withdrawn: what a round counts as submitted."""
        return self.filter(state__in=Submission.COUNTED)

    def for_teams_of(self, user):
        """Only submissions of the person's own teams: another team's, whatever its id, is not found."""
        return self.filter(team__memberships__user=user)

    def for_list(self):
        return self.select_related("recommendation__inspection", "team", "submitted_by", "sub_element")

    def review_queue(self):
        """What waits for inspectorate staff: oldest first, so none waits longest by accident."""
        return self.awaiting_review().for_list().order_by("submitted_at", "pk")


def closure_claimed_q():
    """QuerySet form of Recommendation-level "closure claimed": a closure claim submitted and not yet
    recorded (DOMAIN.md), on the whole or on any element."""
    claims = Submission.objects.filter(
        recommendation=OuterRef("pk"), kind=Submission.Kind.CLOSURE, state__in=Submission.AWAITING_REVIEW
    )
    return Exists(claims)


def item_closure_claimed_q():
    """Per tracked item, for the due and overdue lists: a claim on the whole recommendation concerns
    each of its items; a claim on an element, only that element's."""
    claims = Submission.objects.filter(
        Q(sub_element__isnull=True) | Q(sub_element=OuterRef("sub_element")),
        recommendation=OuterRef("recommendation"),
        kind=Submission.Kind.CLOSURE,
        state__in=Submission.AWAITING_REVIEW,
    )
    return Exists(claims)


def closure_claimed(recommendation):
    """Row form of closure_claimed_q(); reads the recommendation's prefetched submissions if there are any."""
    return any(s.is_closure_claim_awaiting_review for s in recommendation.submissions.all())


def closure_claimed_count(recommendations):
    return recommendations.filter(closure_claimed_q()).count()


# A team's on-time rate is over its last few rounds: recent enough to act on, and cheap to count.
RATE_ROUNDS = 12


class UpdateRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def asking(self, owners):
        """Rounds that ask about a recommendation of one of these teams."""
        asked = UpdateRound.recommendations.through.objects.filter(
            updateround=OuterRef("pk"), recommendation__owner__in=owners
        )
        return self.filter(Exists(asked))


class UpdateRound(models.Model):
    """The inspectorate asking for updates on a set of open recommendations by a deadline."""

    name = models.CharField(max_length=150, help_text="For example, Recommendation update, spring 2027")
    deadline = models.DateField()
    # Empty: every recommendation open when the round was opened.
    inspections = models.ManyToManyField("inspections.Inspection", blank=True, related_name="update_rounds")
    # Which recommendations it asks about, fixed when it opens, so late changes do not move its figures.
    recommendations = models.ManyToManyField(Recommendation, related_name="update_rounds", editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = UpdateRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def deadline_in_words(self):
        return describe(self.deadline, Precision.DAY)

    @classmethod
    @transaction.atomic
    def open_round(cls, name, deadline, by, inspections=()):
        round_ = cls.objects.create(name=name, deadline=deadline, opened_by=by)
        asked = Recommendation.objects.open()
        if inspections:
            round_.inspections.set(inspections)
            asked = asked.filter(inspection__in=inspections)
        round_.recommendations.set(asked)
        return round_

    def close(self):
        if self.closed_at is None:
            self.closed_at = timezone.now()
            self.save(update_fields=["closed_at"])

    def by_team(self):
        """Per team (None: no owner recorded), in two queries: asked, submitted, recorded, returned,
        outstanding (nothing submitted) and late (submitted after the deadline, or outstanding past it)."""
        deadline_end = self.deadline
        asked = dict(
            self.recommendations.order_by().values_list("owner").annotate(n=Count("pk")).values_list("owner", "n")
        )
        names = dict(Owner.objects.filter(pk__in=[k for k in asked if k]).values_list("pk", "name"))
        # Each recommendation counted once, by its latest live submission in this round; on time
        # if its first one came by the deadline.
        latest = {}
        for rec_id, owner_id, state, submitted_at in (
            self.submissions.live()
            .order_by("submitted_at", "pk")
            .values_list("recommendation_id", "recommendation__owner_id", "state", "submitted_at")
        ):
            first = latest[rec_id][2] if rec_id in latest else submitted_at
            latest[rec_id] = (owner_id, state, first)
        today = clock.today()
        rows = []
        for owner_id, count in asked.items():
            mine = [v for v in latest.values() if v[0] == owner_id]
            late = sum(1 for _, _, at in mine if timezone.localdate(at) > deadline_end)
            outstanding = count - len(mine)
            rows.append(
                {
                    "owner_id": owner_id,
                    "team": names.get(owner_id, ""),
                    "asked": count,
                    "submitted": len(mine),
                    "recorded": sum(1 for _, state, _ in mine if state == Submission.State.RECORDED),
                    "returned": sum(1 for _, state, _ in mine if state == Submission.State.RETURNED),
                    "outstanding": outstanding,
                    "late": late + (outstanding if today > deadline_end else 0),
                    "on_time": len(mine) - late,
                }
            )
        return sorted(rows, key=lambda r: (r["owner_id"] is None, r["team"]))

    @classmethod
    def on_time_rates(cls, today, rounds=RATE_ROUNDS):
        """Per team, across the last `rounds` rounds whose deadline has passed: items sent by the deadline
        of those asked, as (team, on time, asked, percent), best first. Two queries a round."""
        totals = {}
        for round_ in cls.objects.filter(deadline__lt=today).order_by("-deadline", "-pk")[:rounds]:
            for row in round_.by_team():
                on_time, asked = totals.get(row["team"], (0, 0))
                totals[row["team"]] = (on_time + row["on_time"], asked + row["asked"])
        rates = [(team, on, asked, round(100 * on / asked) if asked else 0) for team, (on, asked) in totals.items()]
        return sorted(rates, key=lambda r: (-r[3], r[0]))

    def asked_of(self, owners):
        """The recommendations the round asks of these teams."""
        return self.recommendations.filter(owner__in=owners).for_list()

    def asks_of(self, owners):
        """(submitted, asked) for the recommendations the round asks of these teams."""
        asked = self.recommendations.filter(owner__in=owners)
        submitted = asked.filter(submissions__round=self, submissions__state__in=Submission.COUNTED).distinct()
        return submitted.count(), asked.count()


class Submission(Versioned):
    """A team's report on one of its recommendations, waiting for inspectorate staff to record or return it."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "Progress update"
        EXTENSION = "extension", "Extension"
        CLOSURE = "closure", "Closure claim"
        BLOCKED = "blocked", "Blocked"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RESUBMITTED = "resubmitted", "Resubmitted"
        RETURNED = "returned", "Returned"
        RECORDED = "recorded", "Recorded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    AWAITING_REVIEW = (State.SUBMITTED, State.RESUBMITTED)
    # Still the team's or the reviewer's to act on: one at a time per recommendation, element and kind.
    UNFINISHED = (State.SUBMITTED, State.RESUBMITTED, State.RETURNED)
    COUNTED = (State.SUBMITTED, State.RESUBMITTED, State.RETURNED, State.RECORDED)
    WITHDRAWABLE = (State.DRAFT, *UNFINISHED)

    STATE_TAG_COLOURS = {
        State.DRAFT: "govuk-tag--grey",
        State.SUBMITTED: "govuk-tag--blue",
        State.RESUBMITTED: "govuk-tag--blue",
        State.RETURNED: "govuk-tag--orange",
        State.RECORDED: "govuk-tag--green",
        State.WITHDRAWN: "govuk-tag--grey",
    }

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="submissions")
    sub_element = models.ForeignKey(
        SubElement, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions"
    )
    team = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions")
    round = models.ForeignKey(UpdateRound, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)

    # What it says: the text is what has been done (progress, closure), the reason (extension), or
    # what the work waits for (blocked).
    text = models.TextField(max_length=TEXT_LIMIT)
    as_of = models.DateField(null=True, blank=True)  # progress: the date the update is true on
    new_target_text = models.CharField("new target as written", max_length=300, blank=True)
    agreed_by = models.CharField("who in the Home Office agreed it", max_length=200, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    implemented_on = models.DateField(null=True, blank=True)
    blocked_by = models.CharField(max_length=200, blank=True)
    blocked_since = models.DateField(null=True, blank=True)

    submitted_at = models.DateTimeField(default=timezone.now)
    resubmitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # Two colleagues submitting for the same item at once: one wins, the other is told. An
            # element's and the whole's are apart; two constraints, as NULLs never clash in a unique one.
            models.UniqueConstraint(
                fields=["recommendation", "kind"],
                condition=Q(state__in=["submitted", "resubmitted", "returned"], sub_element__isnull=True),
                name="one_unfinished_submission_per_kind",
                violation_error_message="This recommendation already has one of these waiting.",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "sub_element", "kind"],
                condition=Q(state__in=["submitted", "resubmitted", "returned"], sub_element__isnull=False),
                name="one_unfinished_submission_per_element_and_kind",
                violation_error_message="This element already has one of these waiting.",
            ),
        ]
        indexes = [
            # The review queue: what waits, oldest first.
            models.Index(fields=["state", "submitted_at"], name="submission_queue_idx"),
            # Its page, read in that order through one index (the states of AWAITING_REVIEW, which Meta
            # cannot name), and stopped at fifty: not every waiting submission joined, then sorted.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(state__in=["submitted", "resubmitted"]),
                name="submission_awaiting_idx",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display().lower()} on {self.recommendation}"

    @property
    def reference(self):
        return f"HO-{self.pk:05d}" if self.pk else "not yet submitted"

    @property
    def is_awaiting_review(self):
        """Row form of SubmissionQuerySet.awaiting_review()."""
        return self.state in self.AWAITING_REVIEW

    @property
    def is_closure_claim_awaiting_review(self):
        return self.kind == self.Kind.CLOSURE and self.is_awaiting_review

    @property
    def is_returned(self):
        return self.state == self.State.RETURNED

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    @property
    def may_be_withdrawn(self):
        return self.state in self.WITHDRAWABLE

    @property
    def may_be_changed(self):
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def state_tag_colour(self):
        return self.STATE_TAG_COLOURS[self.state]

    @property
    def target_reading(self):
        """The new target as the tracker reads it ("30 June 2027, a quarter"), or "" if it cannot."""
        return target_reading(self.new_target_text)

    @property
    def submitted_in_words(self):
        return describe(timezone.localdate(self.submitted_at), Precision.DAY)

    @property
    def source(self):
        """How the record names where a recorded fact came from."""
        return f"Submission {self.reference} from {self.team}, by {person(self.submitted_by)}"

    def summary(self):
        """What recording it writes into the record, in one sentence."""
        when = lambda day: describe(day, Precision.DAY)  # noqa: E731
        part = f" element {self.sub_element.letter} of" if self.sub_element_id else ""
        return {
            self.Kind.PROGRESS: f"Recording it adds a progress update on{part} the recommendation, "
            f"as of {when(self.as_of)}.",
            self.Kind.EXTENSION: f"Recording it extends the target of{part} the recommendation to "
            f"“{self.new_target_text}” ({self.target_reading}), agreed by {self.agreed_by} on {when(self.agreed_on)}.",
            self.Kind.CLOSURE: f"Recording it closes{part} the recommendation as implemented on "
            f"{when(self.implemented_on)}, with this evidence.",
            self.Kind.BLOCKED: f"Recording it sets the Home Office status to blocked by {self.blocked_by}.",
        }[self.kind]

    # State changes: each reads the stored row, locked, and refuses if it moved on since `version`.

    def _locked(self, version, allowed):
        current = Submission.objects.select_for_update().get(pk=self.pk)
        if current.state not in allowed or current.version != version:
            raise SubmissionChanged(current.what_happened())
        return current

    def what_happened(self):
        who = person(self.reviewed_by or self.withdrawn_by or self.submitted_by)
        at = timezone.localtime(self.reviewed_at or self.submitted_at)
        said = {
            self.State.WITHDRAWN: f"was withdrawn by {person(self.withdrawn_by)}",
            self.State.RECORDED: f"was already recorded by {who} at {at:%H:%M} on {describe(at.date(), 'day')}",
            self.State.RETURNED: f"was returned by {who} at {at:%H:%M} on {describe(at.date(), 'day')}",
        }.get(self.state, f"was changed by {person(self.submitted_by)} since you opened it")
        return f"Submission {self.reference} {said}. Nothing you sent was saved; this page shows it as it is now."

    @classmethod
    def start(cls, recommendation, kind, by, fields, files=(), links=()):
        """A draft for the recommendation's team, with its evidence, written together or not at all."""
        draft = cls(recommendation=recommendation, team_id=recommendation.owner_id, kind=kind, submitted_by=by)
        return draft._write(fields, by, files, links)

    def revise(self, by, version, fields, files=(), links=()):
        """Change a draft, or a returned submission before it goes back; evidence is only ever added."""
        with transaction.atomic():
            current = self._locked(version, (self.State.DRAFT, self.State.RETURNED))
        return current._write(fields, by, files, links)

    def _write(self, fields, by, files, links):
        stored = []
        try:
            with transaction.atomic():
                for name, value in fields.items():
                    setattr(self, name, value)
                self.full_clean(exclude=["submitted_by", "team", "round", "version"])
                self.save()
                for upload, kind in files:
                    item = Evidence(submission=self, name=evidence.clean_name(upload.name, kind), added_by=by)
                    item.content_type, item.size, item.sha256 = kind.content_type, upload.size, evidence.sha256(upload)
                    item.file.save(item.name, upload, save=False)
                    stored.append(item.file.name)
                    item.save()
                for link in links:
                    Evidence.objects.create(submission=self, link=link, name=link[:200], added_by=by)
        except BaseException:
            # A submission and its files are kept together or not at all: no file outlives a failed write.
            for name in stored:
                Evidence.file.field.storage.delete(name)
            raise
        return self

    @transaction.atomic
    def submit(self, by, version):
        """Send a draft, or a returned submission again, to inspectorate staff."""
        current = self._locked(version, (self.State.DRAFT, self.State.RETURNED))
        refusal = refusal_for(Recommendation.objects.get(pk=current.recommendation_id)) or current.closure_refusal()
        if refusal:
            raise SubmissionChanged(f"{refusal} Your submission {current.reference} is kept; withdraw it.")
        now = timezone.now()
        if current.state == self.State.DRAFT:
            current.state, current.submitted_at = self.State.SUBMITTED, now
            current.round = UpdateRound.objects.open().filter(recommendations=current.recommendation_id).first()
        else:
            current.state, current.resubmitted_at = self.State.RESUBMITTED, now
        current.submitted_by = by
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            other = (
                Submission.objects.filter(
                    recommendation=current.recommendation_id,
                    sub_element=current.sub_element_id,
                    kind=current.kind,
                    state__in=self.UNFINISHED,
                )
                .select_related("submitted_by")
                .first()
            )
            concerns = f"element {current.sub_element.letter}" if current.sub_element_id else "this recommendation"
            raise SubmissionChanged(
                f"{person(other.submitted_by)} sent a {current.get_kind_display().lower()} for {concerns} "
                f"first ({other.reference}, {other.get_state_display().lower()}). Yours is kept as a draft: "
                "withdraw theirs, or wait for the review, before sending it."
            ) from None
        return current

    @transaction.atomic
    def withdraw(self, by, version):
        current = self._locked(version, self.WITHDRAWABLE)
        current.state, current.withdrawn_by = self.State.WITHDRAWN, by
        current.save(update_fields=["state", "withdrawn_by"])
        return current

    @transaction.atomic
    def send_back(self, by, version, reason):
        """Return it to the team with the reviewer's reason."""
        current = self._locked(version, self.AWAITING_REVIEW)
        current.state, current.reviewed_by, current.reviewed_at = self.State.RETURNED, by, timezone.now()
        current.return_reason = reason
        current.save(update_fields=["state", "reviewed_by", "reviewed_at", "return_reason"])
        return current

    @transaction.atomic
    def record(self, by, version, assessment=Recommendation.Assessment.NOT_ASSESSED, assessment_note=""):
        """Write what it says into the record through the model layer, and mark it recorded, all or nothing.
        On a closure claim, `assessment` is the inspectorate's where the evidence allows."""
        current = self._locked(version, self.AWAITING_REVIEW)
        recommendation = Recommendation.objects.select_related("inspection").get(pk=current.recommendation_id)
        # Short: the history keeps a reason of up to 100 characters.
        recommendation._change_reason = f"Recorded from submission {current.reference}"
        writer = {
            self.Kind.PROGRESS: current._record_progress,
            self.Kind.EXTENSION: current._record_extension,
            self.Kind.CLOSURE: current._record_closure,
            self.Kind.BLOCKED: current._record_blocked,
        }[current.kind]
        writer(recommendation, by, assessment, assessment_note)
        current.state, current.reviewed_by, current.reviewed_at = self.State.RECORDED, by, timezone.now()
        current.save(update_fields=["state", "reviewed_by", "reviewed_at"])
        return current

    def _record_progress(self, recommendation, by, *_):
        ProgressUpdate.objects.create(
            recommendation=recommendation,
            sub_element=self.sub_element,
            reported_on=self.as_of,
            reported_precision=FactPrecision.DAY,
            reported_by=ProgressUpdate.Reporter.HOME_OFFICE,
            source=self.source[:300],
            text=self.text,
        )

    def _record_extension(self, recommendation, by, *_):
        revision = TargetRevision(
            response=self.response_concerned(),
            new_target_text=self.new_target_text,
            reason=self.text,
            requested_by=f"{self.team} ({person(self.submitted_by)})"[:200],
            agreed_by=self.agreed_by,
            agreed_on=self.agreed_on,
            agreed_precision=FactPrecision.DAY,
            source=self.source[:300],
        )
        revision.full_clean(exclude=["recommendation"])
        revision.save()

    def _record_closure(self, recommendation, by, assessment, note):
        evidence = "\n".join([self.text, *(e.described for e in self.evidence.all()), f"Source: {self.source}"])
        refusal = self.closure_refusal()
        if refusal:
            raise SubmissionChanged(f"{refusal} Nothing was recorded; return the claim to the team.")
        if self.sub_element_id:
            # The element's own closure; the recommendation closes with its last open item.
            self.response_concerned().close(self.implemented_on, evidence)
            recommendation.refresh_from_db()
        else:
            recommendation.close(self.implemented_on, evidence)
        if assessment != Recommendation.Assessment.NOT_ASSESSED:
            part = f" (element {self.sub_element.letter})" if self.sub_element_id else ""
            recommendation.assessment = assessment
            recommendation.assessed_on, recommendation.assessed_precision = clock.today(), FactPrecision.DAY
            recommendation.assessment_source = f"Inspectorate review of submission {self.reference}{part}"
            recommendation.assessment_note = note
            recommendation.clean()
            recommendation.save(
                update_fields=[
                    "assessment",
                    "assessed_on",
                    "assessed_precision",
                    "assessment_source",
                    "assessment_note",
                ]
            )

    def _record_blocked(self, recommendation, by, *_):
        recommendation.ho_status = Recommendation.HomeOfficeStatus.BLOCKED
        recommendation.blocked_by = self.blocked_by
        recommendation.save(update_fields=["ho_status", "blocked_by"])
        ProgressUpdate.objects.create(
            recommendation=recommendation,
            sub_element=self.sub_element,
            reported_on=timezone.localdate(self.submitted_at),
            reported_by=ProgressUpdate.Reporter.HOME_OFFICE,
            source=self.source[:300],
            text=f"Blocked by {self.blocked_by} since {describe(self.blocked_since, Precision.DAY)}. {self.text}",
        )

    def closure_refusal(self):
        """Why this element's closure cannot be claimed or recorded now, or None: only an open element
        of this recommendation with a target of its own is closed on its own."""
        if self.kind != self.Kind.CLOSURE or not self.sub_element_id:
            return None
        element = self.sub_element
        if element.recommendation_id != self.recommendation_id:
            return OTHER_RECOMMENDATIONS_ELEMENT
        item = self.response_concerned()
        if item is None or not item.has_target:
            return (
                f"Element {element.letter} has no target of its own, so it is closed with the whole "
                "recommendation: claim closure of the whole recommendation."
            )
        if item.is_closed:
            return f"Element {element.letter} was already closed on {item.closed_in_words}."
        return None

    def response_concerned(self):
        """The response it concerns, the element's or else the whole recommendation's: the one whose
        target an extension moves, the one an element's closure claim closes."""
        responses = HomeOfficeResponse.objects.filter(recommendation_id=self.recommendation_id)
        return responses.filter(sub_element=self.sub_element).first()

    def clean(self):
        refusal = refusal_for(self.recommendation) if self.recommendation_id and self._state.adding else None
        if refusal:
            raise ValidationError(refusal)
        today = clock.today()
        published = self.recommendation.inspection.published_on if self.recommendation_id else None
        errors = {}
        for name, label in DATED.get(self.kind, {}).items():
            day = getattr(self, name)
            if day is None:
                errors[name] = f"Enter {label} as day/month/year, for example 3/5/2027"
            elif day > today:
                errors[name] = f"{label[:1].upper()}{label[1:]} must be today or in the past"
            elif published and day < published:
                errors[name] = (
                    f"{label[:1].upper()}{label[1:]} must be on or after the report was published "
                    f"({describe(published, 'day')})"
                )
        if self.kind == self.Kind.EXTENSION:
            if not self.new_target_text.strip():
                errors["new_target_text"] = "Enter the new target as written, for example June 2027"
            elif target_reading(self.new_target_text) == "":
                errors["new_target_text"] = UNREADABLE_TARGET
            elif self.recommendation_id and self.response_concerned() is None:
                errors["new_target_text"] = "This recommendation has no response with a target to extend"
            if not self.agreed_by.strip():
                errors["agreed_by"] = "Enter who in the Home Office agreed the extension"
        if self.recommendation_id and self.sub_element_id:
            if self.sub_element.recommendation_id != self.recommendation_id:
                errors["sub_element"] = OTHER_RECOMMENDATIONS_ELEMENT
            elif refusal := self.closure_refusal():
                errors["sub_element"] = refusal
        if self.kind == self.Kind.BLOCKED and not self.blocked_by.strip():
            errors["blocked_by"] = "Enter the body it waits on"
        if not self.text.strip():
            errors["text"] = TEXT_MISSING.get(self.kind, "Enter what has been done")
        elif len(self.text) > TEXT_LIMIT:
            errors["text"] = f"Write {TEXT_LIMIT:,} characters or fewer: attach a longer document as evidence"
        if errors:
            raise ValidationError(errors)


DATED = {
    Submission.Kind.PROGRESS: {"as_of": "the date the update is true on"},
    Submission.Kind.EXTENSION: {"agreed_on": "the date the extension was agreed"},
    Submission.Kind.CLOSURE: {"implemented_on": "the date it was implemented"},
    Submission.Kind.BLOCKED: {"blocked_since": "the date it has been blocked since"},
}
TEXT_MISSING = {
    Submission.Kind.PROGRESS: "Enter what has been done",
    Submission.Kind.EXTENSION: "Enter the reason for the extension",
    Submission.Kind.CLOSURE: "Enter what was done to implement it",
    Submission.Kind.BLOCKED: "Enter what the work waits for",
}
OTHER_RECOMMENDATIONS_ELEMENT = "Choose an element of this recommendation, or the whole recommendation."
UNREADABLE_TARGET = (
    "The tracker cannot read this target as a date. Write a day, month, quarter or year, "
    "for example 30 June 2027, June 2027, Q2 2027 or by the end of 2027"
)
PRECISION_WORDS = {
    Precision.DAY: "a day",
    Precision.MONTH: "a month",
    Precision.QUARTER: "a quarter",
    Precision.SEASON: "a season",
    Precision.HALF: "a half year",
    Precision.THIRD: "part of a year",
    Precision.YEAR: "a year",
}


def target_reading(text):
    """A target as written, read back: "30 June 2027, a quarter (quarter ending June 2027)"; "" if unreadable."""
    due, precision = parse_target(text)
    if due is None:
        return ""
    exact = describe(due, Precision.DAY)
    loose = describe_due(due, precision)
    said = f"{exact}, {PRECISION_WORDS.get(precision, precision)}"
    return f"{said} ({loose})" if loose != exact else said


def refusal_for(recommendation):
    """Why a team may not submit for this recommendation now, or None."""
    if recommendation.is_superseded:
        return "This recommendation was re-stated in a later report: submit for the later one."
    if not recommendation.is_open:
        return (
            f"This recommendation is {recommendation.get_status_display().lower()}: "
            "the tracker takes submissions only for open ones."
        )
    return None


def evidence_path(evidence, filename):
    # A folder per submission; the storage adds a suffix if a name repeats, never replacing a file.
    return f"evidence/{evidence.submission_id}/{filename}"


class Evidence(models.Model):
    """A file or a link attached to a submission. Never replaced or deleted: a new version is a new file."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300, blank=True)
    link = models.URLField(max_length=500, blank=True)
    name = models.CharField(max_length=200, help_text="The cleaned file name, or the link's description.")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="evidence_is_a_file_or_a_link",
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                violation_error_message="Evidence is either a file or a link.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_file(self):
        return bool(self.file)

    @property
    def described(self):
        if self.is_file:
            return f"Evidence file: {self.name} (SHA-256 {self.sha256})"
        return f"Evidence link: {self.link}"

    def delete(self, *args, **kwargs):
        raise ValidationError("Evidence is never deleted.")
