from django import forms
from django.utils.text import Truncator

from icibi_tracker import clock
from icibi_tracker.dates import describe_due, read_date
from recommendations.forms import Radios
from recommendations.models import Recommendation

from . import evidence
from .models import TEXT_LIMIT, Submission, UpdateRound

TEXT_TOO_LONG = f"Write {TEXT_LIMIT:,} characters or fewer: attach a longer document as evidence"


class DayField(forms.Field):
    """A date as people type it ("3/5/2027", "3 May 2027"), read as the rest of the tracker reads dates."""

    def __init__(self, *, what, **kwargs):
        self.what = what
        super().__init__(help_text="For example, 3/5/2027", error_messages={"required": f"Enter {what}"}, **kwargs)

    def to_python(self, value):
        text = " ".join(str(value or "").split())[:40]
        if not text:
            return None
        read = read_date(text)
        if read is None:
            raise forms.ValidationError(f"Enter {self.what} as a real date, for example 3/5/2027")
        return read[0]


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you telling the inspectorate?",
        choices=[
            (Submission.Kind.PROGRESS, "Progress: what has been done so far"),
            (Submission.Kind.EXTENSION, "An extension: a new target date the Home Office has agreed"),
            (Submission.Kind.CLOSURE, "A closure claim: the recommendation, or an element of it, is implemented"),
            (Submission.Kind.BLOCKED, "Blocked: the work waits on another body"),
        ],
        widget=Radios,
        error_messages={
            "required": "Select what you are telling the inspectorate",
            "invalid_choice": "Select what you are telling the inspectorate",
        },
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Any number of files in one input, each recognised by its content."""

    def __init__(self, **kwargs):
        super().__init__(widget=MultipleFileInput, required=False, **kwargs)

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if len(uploads) > evidence.MAX_FILES:
            raise forms.ValidationError(f"Attach {evidence.MAX_FILES} files or fewer to one submission")
        recognised, problems = [], []
        for upload in uploads:
            try:
                recognised.append((upload, evidence.recognise(upload)))
            except evidence.Refused as refused:
                problems.append(str(refused))
        if problems:
            raise forms.ValidationError(problems)
        return recognised


class DetailsForm(forms.Form):
    """The questions of one kind of submission, with its evidence."""

    QUESTIONS = {
        Submission.Kind.PROGRESS: ["as_of", "text"],
        Submission.Kind.EXTENSION: ["new_target_text", "text", "agreed_by", "agreed_on"],
        Submission.Kind.CLOSURE: ["implemented_on", "text"],
        Submission.Kind.BLOCKED: ["blocked_by", "blocked_since", "text"],
    }
    TEXT_LABELS = {
        Submission.Kind.PROGRESS: "What has been done?",
        Submission.Kind.EXTENSION: "Why is the extension needed?",
        Submission.Kind.CLOSURE: "What was done to implement it?",
        Submission.Kind.BLOCKED: "What does the work wait for?",
    }

    as_of = DayField(label="What date is this update true on?", what="the date the update is true on")
    new_target_text = forms.CharField(
        label="New target, as the Home Office wrote it",
        help_text="For example, 30 June 2027, June 2027, Q2 2027 or by the end of 2027",
        max_length=300,
        error_messages={"required": "Enter the new target, for example June 2027"},
    )
    agreed_by = forms.CharField(
        label="Who in the Home Office agreed it?",
        help_text="Their name and role",
        max_length=200,
        error_messages={"required": "Enter who in the Home Office agreed the extension"},
    )
    agreed_on = DayField(label="When was it agreed?", what="the date the extension was agreed")
    implemented_on = DayField(label="When was it implemented?", what="the date it was implemented")
    blocked_by = forms.CharField(
        label="Which body does it wait on?",
        help_text="A department, a minister, a contractor",
        max_length=200,
        error_messages={"required": "Enter the body it waits on"},
    )
    blocked_since = DayField(label="Since when?", what="the date it has been blocked since")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LIMIT,
        error_messages={"max_length": TEXT_TOO_LONG},
    )
    files = EvidenceFilesField(
        label="Evidence files (optional)",
        help_text=f"Up to {evidence.MAX_FILES} files, each up to 20 MB: {evidence.ACCEPTED}",
    )
    links = forms.CharField(
        label="Links to evidence (optional)",
        help_text="One web address a line, starting https://",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    part = forms.TypedChoiceField(
        label="Which part does it concern?",
        coerce=int,
        empty_value=None,
        required=False,
        # Radios, so each radio has its own id for its label (a select's gave them all "None").
        widget=Radios,
        error_messages={"invalid_choice": "Select the whole recommendation or one of its elements"},
    )

    def __init__(self, *args, kind, recommendation, existing_files=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.existing_files = kind, existing_files
        wanted = {*self.QUESTIONS[kind], "files", "links"}
        parts = self.parts(kind, recommendation)
        if len(parts) > 1:
            wanted.add("part")
            self.fields["part"].choices = parts
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.fields["text"].label = self.TEXT_LABELS[kind]
        self.fields["text"].error_messages["required"] = {
            Submission.Kind.PROGRESS: "Enter what has been done",
            Submission.Kind.EXTENSION: "Enter the reason for the extension",
            Submission.Kind.CLOSURE: "Enter what was done to implement it",
            Submission.Kind.BLOCKED: "Enter what the work waits for",
        }[kind]
        self.order_fields(["part", *self.QUESTIONS[kind]])

    @staticmethod
    def parts(kind, recommendation):
        """What a submission may concern: the whole recommendation, or one element; an extension only
        what has a response whose target it moves, a closure claim the whole (closing everything) or
        an open element with a target of its own (a tracked item), and a blocked report only the whole."""
        if kind == Submission.Kind.BLOCKED:
            return [("", "The whole recommendation")]
        elements = [
            (e.pk, f"Element {e.letter}: {Truncator(e.text).chars(80)}") for e in recommendation.sub_elements.all()
        ]
        if kind == Submission.Kind.CLOSURE:
            items = {r.sub_element_id: r for r in recommendation.responses.all() if r.sub_element_id and r.has_target}
            due = {
                pk: describe_due(r.current_due_date, r.current_due_precision) or "date not read"
                for pk, r in items.items()
            }
            return [("", "The whole recommendation: every element closes with it")] + [
                (pk, f"{label} (due {due[pk]})") for pk, label in elements if pk in items and not items[pk].is_closed
            ]
        if kind == Submission.Kind.EXTENSION:
            answered = {r.sub_element_id for r in recommendation.responses.all()}
            whole = [("", "The whole recommendation")] if None in answered else []
            return whole + [(pk, label) for pk, label in elements if pk in answered]
        return [("", "The whole recommendation"), *elements]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        return text

    def clean_files(self):
        files = self.cleaned_data["files"]
        if self.existing_files + len(files) > evidence.MAX_FILES:
            raise forms.ValidationError(
                f"A submission holds at most {evidence.MAX_FILES} files; it has {self.existing_files} already"
            )
        return files

    def clean_links(self):
        links, wrong = [], []
        validate = forms.URLField(assume_scheme="https").clean
        for line in self.cleaned_data["links"].splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                link = validate(line)
            except forms.ValidationError:
                link = ""
            (links if link.startswith("https://") else wrong).append(link or line)
        if wrong:
            raise forms.ValidationError(f"Enter each link as a web address starting https://, not “{wrong[0][:80]}”")
        return links

    def model_fields(self):
        fields = {name: self.cleaned_data[name] for name in self.QUESTIONS[self.kind]}
        if "part" in self.fields:
            fields["sub_element_id"] = self.cleaned_data["part"]
        return fields


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why are you returning it?",
        help_text="The team sees this: say what to add or change",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Enter why you are returning it", "max_length": TEXT_TOO_LONG},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are returning it")
        return reason


class RecordForm(forms.Form):
    """Recording; on a closure claim also the inspectorate's assessment, where the evidence allows."""

    assessment = forms.ChoiceField(
        label="The inspectorate's assessment",
        choices=[
            (Recommendation.Assessment.NOT_ASSESSED, "Not yet assessed: to be judged at re-inspection"),
            (Recommendation.Assessment.IMPLEMENTED, "Implemented"),
            (Recommendation.Assessment.PARTIALLY_IMPLEMENTED, "Partially implemented"),
            (Recommendation.Assessment.NOT_IMPLEMENTED, "Not implemented"),
        ],
        initial=Recommendation.Assessment.NOT_ASSESSED,
        widget=Radios,
        error_messages={"required": "Select the assessment", "invalid_choice": "Select the assessment"},
    )
    assessment_note = forms.CharField(
        label="Why (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"max_length": TEXT_TOO_LONG},
    )

    def __init__(self, *args, closure, **kwargs):
        super().__init__(*args, **kwargs)
        if not closure:
            del self.fields["assessment"], self.fields["assessment_note"]


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="For example, Recommendation update, spring 2027",
        max_length=150,
        error_messages={"required": "Enter a name for the round"},
    )
    deadline = DayField(label="Deadline", what="the deadline")
    inspections = forms.ModelMultipleChoiceField(
        label="Which inspections? (leave all unticked for every open recommendation)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from inspections.models import Inspection

        self.fields["inspections"].queryset = Inspection.objects.filter(
            recommendations__in=Recommendation.objects.open()
        ).distinct()

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < clock.today():
            raise forms.ValidationError("The deadline must be today or later")
        return deadline

    def save(self, by):
        data = self.cleaned_data
        return UpdateRound.open_round(data["name"], data["deadline"], by, list(data["inspections"]))
