"""Import a published response or report into an inspection: read the file,
plan what would change, then write it all in one transaction.

The parsing itself is pure (responses/parsing.py); this module decides what
the parsed document means for the data already entered.
"""

import difflib
import json
import re
from dataclasses import dataclass, field

from django.db import transaction

from recommendations.choices import Category
from recommendations.models import Recommendation, SubElement

from .models import HomeOfficeResponse, TargetRevision
from .parsing import parse_response
from .targets import parse_target

MAX_BYTES = 2 * 1024 * 1024  # the longest seed report is 73 kB
ALLOWED_SUFFIXES = (".txt", ".html", ".htm")
# The seed reports have at most a few dozen recommendations; a thousand is no report.
MAX_RECOMMENDATIONS = 500
PREVIEW_ROWS = 300  # rows each preview table shows; saving still applies every item


class ImportRefused(Exception):
    """Input the import cannot use; the message says what to do instead."""


class ImportStale(ImportRefused):
    """Rows the preview showed were changed before the confirm: nothing written; `plan` is the new preview."""

    def __init__(self, message, plan):
        super().__init__(message)
        self.plan = plan


def read_text(data, name=""):
    """The uploaded or pasted bytes as text, or ImportRefused saying why not."""
    if name and not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ImportRefused("Upload a .txt or .html file, or paste the text.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"The text is {len(data) / 1024 / 1024:.1f} MB; the most the import reads is 2 MB. "
            "Paste only the response or the report's recommendations section."
        )
    if b"\x00" in data:
        raise ImportRefused("This looks like a binary file (a PDF or Word document?). Save it as text or paste it.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused("The file is not UTF-8 text. Save it as UTF-8 text, or paste the text instead.") from error
    if not text.strip():
        raise ImportRefused("The text is empty. Paste the published response or report, or upload it.")
    return text


# What a person calls each field the import writes.
FIELD_LABELS = {
    "text": "Text",
    "review_note": "To check",
    "category": "Category",
    "narrative": "Response",
    "target_text": "Target as written",
    "new_target": "New target (an extension; the original is kept)",
}
# Words too common in titles to tell one inspection from another.
_COMMON_WORDS = frozenset(
    {
        "about", "after", "also", "borders", "chief", "from", "have", "home", "icibi", "immigration",
        "independent", "inspection", "inspections", "inspector", "into", "office", "report", "response",
        "responses", "that", "their", "them", "this", "with",
    }
)  # fmt: skip
# Below this share of words in common, a recommendation's new text reads as a different recommendation.
_SIMILAR = 0.5


def _words(text):
    return set(re.findall(r"[a-z]{4,}", text.lower())) - _COMMON_WORDS


def names_inspection(opening, inspection):
    """Whether a document's opening lines name `inspection`: at least half the distinctive words of its titles."""
    wanted = _words(f"{inspection.title} {inspection.short_title}")
    return not wanted or 2 * len(wanted & _words(opening)) >= len(wanted)


def similar_text(recorded, found):
    return difflib.SequenceMatcher(None, recorded.lower().split(), found.lower().split()).ratio() >= _SIMILAR


def _shown(name, value):
    if name == "category" and value:
        return Category(value).label
    return value


@dataclass
class Change:
    """One thing the import would write: what it is, and each field's old and new value."""

    reference: str
    action: str  # "add" or "update"
    fields: list = field(default_factory=list)  # (name, old, new)


@dataclass
class ImportPlan:
    document: object
    changes: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)  # references the import would leave as they are
    # Reference -> "pk.version" of every stored row the import would write (a response as "2a response").
    versions: dict = field(default_factory=dict)
    # References whose recorded text the import would replace: only with the person's say-so.
    replaced_texts: list = field(default_factory=list)
    # Of those, the ones whose new text reads as a different recommendation.
    different_texts: list = field(default_factory=list)
    names_inspection: bool = True

    @property
    def has_changes(self):
        return bool(self.changes)

    @property
    def warnings(self):
        """What suggests the text belongs to another inspection, said before anything else."""
        said = []
        if not self.names_inspection:
            said.append(
                f"The document’s opening (“{self.document.title[:200]}”) does not name this inspection. "
                "Check that you are importing into the right inspection."
            )
        if self.different_texts:
            said.append(
                "The text of recommendation "
                + _listed(self.different_texts)
                + " reads differently from what is recorded: this may be another report’s response."
            )
        return said

    @property
    def fingerprint(self):
        return json.dumps(self.versions, sort_keys=True, separators=(",", ":"))

    def moved_since(self, fingerprint):
        """References whose stored row was added, changed or removed since `fingerprint` was taken."""
        try:
            seen = json.loads(fingerprint)
        except ValueError:
            seen = None
        if not isinstance(seen, dict):
            return ["the preview"]
        keys = dict.fromkeys([*self.versions, *seen])
        return [key for key in keys if seen.get(key) != self.versions.get(key)]

    def found_rows(self):
        """(reference, item, is_element) for every recommendation and element found, in order."""
        for rec in self.document.recommendations:
            yield rec.number, rec, False
            for element in rec.elements:
                yield f"{rec.number}{element.letter}", element, True

    def change_rows(self):
        """(reference, action, field label, old, new) per changed field; label None for a change with none."""
        for change in self.changes:
            if not change.fields:
                yield change.reference, change.action, None, "", ""
            for name, old, new in change.fields:
                yield change.reference, change.action, FIELD_LABELS[name], _shown(name, old), _shown(name, new)

    def needs_checking(self):
        """(reference, flag) for every item the import flags for a person."""
        for reference, item, _ in self.found_rows():
            for flag in item.flags:
                yield reference, flag

    def preview(self, limit=PREVIEW_ROWS):
        """The first `limit` rows of each table, and how many more there are: a page a browser can show."""
        found, changed = list(self.found_rows()), list(self.change_rows())
        return {
            "found": found[:limit],
            "found_more": max(len(found) - limit, 0),
            "changed": changed[:limit],
            "changed_more": max(len(changed) - limit, 0),
        }


def _listed(references, most=10):
    shown = ", ".join(references[:most])
    return shown + (f" and {len(references) - most} more" if len(references) > most else "")


def _response_values(item):
    return {
        "category": item.category or "",
        "narrative": item.response_text,
        "target_text": item.target_text,
    }


def _differences(current, wanted):
    return [(name, current.get(name, ""), value) for name, value in wanted.items() if current.get(name, "") != value]


def new_target(response, target_text):
    """The target a later document gives, when it differs from the recorded one: a revision, never an edit.

    None when the response has no target yet (the document gives the original), or when the
    document repeats the original or the current target.
    """
    if response is None or not response.target_text or not target_text:
        return None
    if target_text in (response.target_text, response.current_target_text):
        return None
    return target_text


CORRECTED = "Corrected by hand in the import preview"


def correct(document, corrections):
    """Apply a person's corrections from the preview: {reference: {"category": …, "target_text": …}}.

    A category must be one of Category's values (or "" for none); a target is read as the admin reads it.
    Raises ImportRefused for a reference the document does not have or a category that is not one.
    """
    items = {}
    for rec in document.recommendations:
        items[rec.number] = rec
        items.update({f"{rec.number}{element.letter}": element for element in rec.elements})
    for reference, fields in corrections.items():
        item = items.get(reference)
        if item is None:
            raise ImportRefused(f"The document has no recommendation or element {reference}: preview it again.")
        category = fields.get("category", item.category or "")
        if category not in ("", *Category.values):
            raise ImportRefused(f"Choose accepted, partially accepted or not accepted for {reference}.")
        target_text = " ".join(fields.get("target_text", item.target_text).split())
        if (category, target_text) == (item.category or "", item.target_text):
            continue
        # A corrected field was not read from any line of the text.
        if category != (item.category or ""):
            item.category = category or None
            item.origins.pop("category", None)
        if target_text != item.target_text:
            item.target_text = target_text
            item.due_date, item.due_precision = parse_target(target_text)
            item.origins.pop("target_text", None)
        item.flags = [*item.flags, CORRECTED]


def plan_import(inspection, text, corrections=None):
    """What importing `text` into `inspection` would add or update, with a person's `corrections`
    (see correct()). Nothing is ever deleted."""
    document = parse_response(text)
    correct(document, corrections or {})
    if not document.recommendations:
        raise ImportRefused(
            "No recommendations found. The import looks for headings such as “Recommendation 1”; "
            "check that you pasted the Home Office response or the report's recommendations section."
        )
    if len(document.recommendations) > MAX_RECOMMENDATIONS:
        raise ImportRefused(
            f"The text has {len(document.recommendations)} headings such as “Recommendation 1”; "
            f"the import takes at most {MAX_RECOMMENDATIONS} from one report or response. "
            "Check that you pasted a single report or response."
        )
    unnumbered = [r.number for r in document.recommendations if not r.number.isdigit()]
    if unnumbered:
        raise ImportRefused(f"Recommendation numbers must be whole numbers; found {', '.join(unnumbered)}.")
    existing = {str(r.number): r for r in inspection.recommendations.prefetch_related("sub_elements", "responses")}
    plan = ImportPlan(document, names_inspection=names_inspection(document.opening, inspection))

    def note(reference, row):
        if row is not None:
            plan.versions[reference] = f"{row.pk}.{row.version}"

    for parsed in document.recommendations:
        rec = existing.get(parsed.number)
        note(parsed.number, rec)
        note(f"{parsed.number} response", rec and _overall(rec))
        with_response = document.kind != "report"
        _plan_item(plan, parsed.number, rec, rec and _overall(rec), parsed, with_response)
        elements = {e.letter: e for e in rec.sub_elements.all()} if rec else {}
        for element in parsed.elements:
            sub = elements.get(element.letter)
            response = sub and next((r for r in rec.responses.all() if r.sub_element_id == sub.pk), None)
            note(f"{parsed.number}{element.letter}", sub)
            note(f"{parsed.number}{element.letter} response", response)
            _plan_item(plan, f"{parsed.number}{element.letter}", sub, response, element, True)
    return plan


def _overall(rec):
    return next((r for r in rec.responses.all() if r.sub_element_id is None), None)


def _plan_item(plan, reference, current, response, parsed, with_response):
    """Add the changes for a recommendation or element and its response, if any."""
    wanted = {"text": parsed.text, "review_note": "; ".join(parsed.flags)}
    has_response = with_response and (parsed.category or parsed.target_text or parsed.response_text)
    response_wanted = _response_values(parsed) if has_response else {}
    if current is None:
        added = [(name, "", value) for name, value in {**wanted, **response_wanted}.items() if value]
        plan.changes.append(Change(reference, "add", added))
        return
    fields = _differences({"text": current.text, "review_note": current.review_note}, wanted)
    if current.text and current.text != parsed.text:
        plan.replaced_texts.append(reference)
        if not similar_text(current.text, parsed.text):
            plan.different_texts.append(reference)
    if response_wanted:
        # A recommendation entered by hand may have no response yet.
        now = (
            {"category": response.category, "narrative": response.narrative, "target_text": response.target_text}
            if response
            else {}
        )
        if response and response.target_text:
            # The original target is kept: a later document's different target is a revision.
            response_wanted.pop("target_text")
            later = new_target(response, parsed.target_text)
            if later:
                fields.append(("new_target", response.current_target_text, later))
        fields += _differences(now, response_wanted)
    if fields:
        plan.changes.append(Change(reference, "update", fields))
    else:
        plan.unchanged.append(reference)


@transaction.atomic
def apply_import(
    inspection, text, fingerprint=None, replace_text=False, source="", owner=None, corrections=None, themes=()
):
    """Write the plan for `text`: every recommendation, element and response, or nothing.

    With the `fingerprint` of the plan the person checked, nothing is written
    (ImportStale) if any row it would write was changed since. Recorded text is
    replaced only with `replace_text`. A changed target becomes a target revision
    whose source is `source` (by default the document's title). `owner` is given to
    every recommendation it writes that has none, and `themes` to every one it writes.
    """
    # Hold the inspection's rows still between the check and the writes.
    list(Recommendation.objects.select_for_update().filter(inspection=inspection).values_list("pk", flat=True))
    plan = plan_import(inspection, text, corrections)
    if fingerprint is not None:
        moved = plan.moved_since(fingerprint)
        if moved:
            raise ImportStale(
                f"Someone changed {_listed(moved)} since you checked the preview, so nothing has been saved: "
                "check it again. The preview below shows the import as it would be now.",
                plan,
            )
    if plan.replaced_texts and not replace_text:
        raise ImportStale(
            f"The import would replace the recorded text of recommendation {_listed(plan.replaced_texts)}. "
            "Nothing has been saved: check the texts below, then confirm that they should be replaced.",
            plan,
        )
    source = (source or f"Imported from “{plan.document.title}”" if plan.document.title else "Imported text")[:300]
    for parsed in plan.document.recommendations:
        rec, _ = Recommendation.objects.update_or_create(
            inspection=inspection,
            number=int(parsed.number),
            defaults={"text": parsed.text, "review_note": "; ".join(parsed.flags)[:500]},
        )
        if owner and rec.owner_id is None:
            rec.owner = owner
            rec.save(update_fields=["owner"])
        rec.themes.add(*themes)
        if plan.document.kind != "report" and (parsed.category or parsed.target_text or parsed.response_text):
            _save_response(rec, None, parsed, source)
        for element in parsed.elements:
            sub, _ = SubElement.objects.update_or_create(
                recommendation=rec,
                letter=element.letter,
                defaults={"text": element.text, "review_note": "; ".join(element.flags)[:500]},
            )
            if element.category or element.target_text or element.response_text:
                _save_response(rec, sub, element, source)
    return plan


def _save_response(rec, sub, parsed, source):
    response = HomeOfficeResponse.objects.filter(recommendation=rec, sub_element=sub).first() or HomeOfficeResponse(
        recommendation=rec, sub_element=sub
    )
    later = new_target(response, parsed.target_text)
    response.category = parsed.category or ""
    response.narrative = parsed.response_text
    if not response.target_text:
        response.target_text = parsed.target_text
        response.due_date, response.due_precision = parsed.due_date, parsed.due_precision
    response.save()
    if later:
        # The document does not say why, who asked or who agreed: the revision says so and names it.
        TargetRevision.objects.create(
            response=response,
            new_target_text=later,
            new_due_date=parsed.due_date,
            new_due_precision=parsed.due_precision,
            source=source,
            details_not_stated=True,
        )
