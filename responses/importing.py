"""Import a published response or report into an inspection: read the file,
plan what would change, then write it all in one transaction.

The parsing itself is pure (responses/parsing.py); this module decides what
the parsed document means for the data already entered.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction

from recommendations.models import Recommendation, SubElement

from .models import HomeOfficeResponse
from .parsing import parse_response

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


@dataclass
class Change:
    """One thing the import would write: what it is, and each field's old and new value."""

    reference: str
    action: str  # "add" or "update"
    fields: list = field(default_factory=list)  # (name, old, new)


@dataclass
class ImportPlan:
    document: object
    changes: list
    unchanged: list  # references the import would leave as they are
    # Reference -> "pk.version" of every stored row the import would write (a response as "2a response").
    versions: dict = field(default_factory=dict)

    @property
    def has_changes(self):
        return bool(self.changes)

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
        """(reference, action, field, old, new) per changed field; field None for a change with none."""
        for change in self.changes:
            if not change.fields:
                yield change.reference, change.action, None, "", ""
            for name, old, new in change.fields:
                yield change.reference, change.action, name, old, new

    def preview(self, limit=PREVIEW_ROWS):
        """The first `limit` rows of each table, and how many more there are: a page a browser can show."""
        found, changed = list(self.found_rows()), list(self.change_rows())
        return {
            "found": found[:limit],
            "found_more": max(len(found) - limit, 0),
            "changed": changed[:limit],
            "changed_more": max(len(changed) - limit, 0),
        }


def _response_values(item):
    return {
        "category": item.category or "",
        "narrative": item.response_text,
        "target_text": item.target_text,
    }


def _differences(current, wanted):
    return [(name, current.get(name, ""), value) for name, value in wanted.items() if current.get(name, "") != value]


def plan_import(inspection, text):
    """What importing `text` into `inspection` would add or update. Nothing is ever deleted."""
    document = parse_response(text)
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
    changes, unchanged, versions = [], [], {}

    def note(reference, row):
        if row is not None:
            versions[reference] = f"{row.pk}.{row.version}"

    for parsed in document.recommendations:
        rec = existing.get(parsed.number)
        note(parsed.number, rec)
        note(f"{parsed.number} response", rec and _overall(rec))
        wanted = {"text": parsed.text, "review_note": "; ".join(parsed.flags)}
        _plan_item(changes, unchanged, parsed.number, rec, wanted, rec and _overall(rec), parsed, document.kind)
        elements = {e.letter: e for e in rec.sub_elements.all()} if rec else {}
        for element in parsed.elements:
            sub = elements.get(element.letter)
            wanted = {"text": element.text, "review_note": "; ".join(element.flags)}
            response = sub and next((r for r in rec.responses.all() if r.sub_element_id == sub.pk), None)
            note(f"{parsed.number}{element.letter}", sub)
            note(f"{parsed.number}{element.letter} response", response)
            _plan_item(changes, unchanged, f"{parsed.number}{element.letter}", sub, wanted, response, element, None)
    return ImportPlan(document, changes, unchanged, versions)


def _overall(rec):
    return next((r for r in rec.responses.all() if r.sub_element_id is None), None)


def _plan_item(changes, unchanged, reference, current, wanted, response, parsed, kind):
    """Add the changes for a recommendation or element and its response, if any."""
    has_response = kind != "report" and (parsed.category or parsed.target_text or parsed.response_text)
    response_wanted = _response_values(parsed) if has_response else {}
    if current is None:
        changes.append(Change(reference, "add", [(n, "", v) for n, v in {**wanted, **response_wanted}.items() if v]))
        return
    fields = _differences({"text": current.text, "review_note": current.review_note}, wanted)
    if response_wanted:
        # A recommendation entered by hand may have no response yet.
        now = (
            {"category": response.category, "narrative": response.narrative, "target_text": response.target_text}
            if response
            else {}
        )
        fields += _differences(now, response_wanted)
    if fields:
        changes.append(Change(reference, "update", fields))
    else:
        unchanged.append(reference)


@transaction.atomic
def apply_import(inspection, text, fingerprint=None):
    """Write the plan for `text`: every recommendation, element and response, or nothing.

    With the `fingerprint` of the plan the person checked, nothing is written
    (ImportStale) if any row it would write was changed since.
    """
    # Hold the inspection's rows still between the check and the writes.
    list(Recommendation.objects.select_for_update().filter(inspection=inspection).values_list("pk", flat=True))
    plan = plan_import(inspection, text)
    if fingerprint is not None:
        moved = plan.moved_since(fingerprint)
        if moved:
            shown = ", ".join(moved[:10]) + (f" and {len(moved) - 10} more" if len(moved) > 10 else "")
            raise ImportStale(
                f"Someone changed {shown} since you checked the preview, so nothing has been saved: "
                "check it again. The preview below shows the import as it would be now.",
                plan,
            )
    for parsed in plan.document.recommendations:
        rec, _ = Recommendation.objects.update_or_create(
            inspection=inspection,
            number=int(parsed.number),
            defaults={"text": parsed.text, "review_note": "; ".join(parsed.flags)[:500]},
        )
        if plan.document.kind != "report" and (parsed.category or parsed.target_text or parsed.response_text):
            _save_response(rec, None, parsed)
        for element in parsed.elements:
            sub, _ = SubElement.objects.update_or_create(
                recommendation=rec,
                letter=element.letter,
                defaults={"text": element.text, "review_note": "; ".join(element.flags)[:500]},
            )
            if element.category or element.target_text or element.response_text:
                _save_response(rec, sub, element)
    return plan


def _save_response(rec, sub, parsed):
    response = HomeOfficeResponse.objects.filter(recommendation=rec, sub_element=sub).first() or HomeOfficeResponse(
        recommendation=rec, sub_element=sub
    )
    response.category = parsed.category or ""
    response.narrative = parsed.response_text
    if response.target_text != parsed.target_text:
        response.target_text = parsed.target_text
        response.due_date, response.due_precision = parsed.due_date, parsed.due_precision
    response.save()
