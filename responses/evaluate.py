"""Measure the parser against hand-labelled documents (tests/corpus/<slug>.txt and .json).

    .venv/bin/python -m responses.evaluate tests/corpus

Each labelled recommendation and element has two fields, its category and its
due date (with its precision); each document has one more, whether the parser
said where a cut-off text stops. A field is right, wrong, missing (labelled,
not read) or invented (read, where the label has nothing). An invented due
date is the worst outcome: a person trusts a date the text never gave.
Recommendations and elements the parser found that are not labelled count as
invented items. Standard library only; the labels are never produced by the
parser.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .parsing import ParsedDocument, parse_response

RIGHT, WRONG, MISSING, INVENTED = "right", "wrong", "missing", "invented"
OUTCOMES = (RIGHT, WRONG, MISSING, INVENTED)
CUT_OFF_WORDS = ("cut off", "stops")  # how a parser note says where the text ends


@dataclass
class Score:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    invented_dates: int = 0
    items_labelled: int = 0
    items_found: int = 0
    items_invented: int = 0
    mistakes: list[str] = field(default_factory=list)  # one line per field not right

    def add(self, other: Score) -> None:
        for outcome in OUTCOMES:
            self.counts[outcome] += other.counts[outcome]
        self.invented_dates += other.invented_dates
        self.items_labelled += other.items_labelled
        self.items_found += other.items_found
        self.items_invented += other.items_invented
        self.mistakes += other.mistakes

    @property
    def fields(self) -> int:
        return sum(self.counts.values())

    @property
    def share_right(self) -> float:
        return self.counts[RIGHT] / self.fields if self.fields else 1.0

    def field(self, where: str, name: str, labelled, read) -> None:
        if labelled == read:
            outcome = RIGHT
        elif read in (None, False):
            outcome = MISSING
        elif labelled in (None, False):
            outcome = INVENTED
        else:
            outcome = WRONG
        self.counts[outcome] += 1
        if outcome == INVENTED and name == "due":
            self.invented_dates += 1
        if outcome != RIGHT:
            self.mistakes.append(f"{where} {name}: {outcome} (labelled {labelled!r}, read {read!r})")


def _due(item) -> tuple[str, str] | None:
    """A label's or a parsed item's due date with its precision, or None when it has no date."""
    if isinstance(item, dict):
        return (item["due_date"], item["precision"]) if item.get("due_date") else None
    return (item.due_date.isoformat(), item.due_precision) if item.due_date else None


def _parsed_items(document: ParsedDocument) -> dict[str, object]:
    items: dict[str, object] = {}
    for recommendation in document.recommendations:
        items[recommendation.number] = recommendation
        items.update({f"{recommendation.number}{e.letter}": e for e in recommendation.elements})
    return items


def score_document(document: ParsedDocument, label: dict, name: str = "") -> Score:
    score = Score()
    parsed = _parsed_items(document)
    labelled = {}
    for recommendation in label["recommendations"]:
        labelled[recommendation["reference"]] = recommendation
        labelled.update({element["reference"]: element for element in recommendation["elements"]})
    for reference, item in labelled.items():
        score.items_labelled += 1
        found = parsed.get(reference)
        if found is None:
            score.counts[MISSING] += 2
            score.mistakes.append(f"{name} {reference}: not found")
            continue
        score.items_found += 1
        score.field(f"{name} {reference}", "category", item["category"], found.category)
        score.field(f"{name} {reference}", "due", _due(item), _due(found))
    for reference in sorted(set(parsed) - set(labelled)):
        score.items_invented += 1
        if _due(parsed[reference]):
            score.invented_dates += 1
        score.mistakes.append(f"{name} {reference}: found, but not in the text's labels")
    said_cut_off = any(word in note.lower() for note in document.flags for word in CUT_OFF_WORDS)
    score.field(name, "cut off", bool(label["cut_off"]), said_cut_off)
    return score


def corpus(directory: Path) -> list[tuple[str, str, dict]]:
    """(name, text, label) for every labelled document, in name order."""
    return [
        (path.stem, path.read_text(encoding="utf-8"), json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.txt"))
    ]


def evaluate(directory: Path) -> tuple[Score, list[tuple[str, Score]], dict[str, Score]]:
    """The corpus's total, each document's score, and the totals per layout (the labels' "layout")."""
    total, per_document, per_layout = Score(), [], {}
    for name, text, label in corpus(directory):
        score = score_document(parse_response(text), label, name)
        total.add(score)
        per_layout.setdefault(label.get("layout", ""), Score()).add(score)
        per_document.append((name, score))
    return total, per_document, per_layout


def report(
    total: Score, per_document: list[tuple[str, Score]], per_layout: dict[str, Score], verbose: bool = False
) -> str:
    header = f"{'document':44} {'right':>5} {'wrong':>5} {'miss':>5} {'inv':>5} {'dates inv':>9} {'found/labelled':>14}"
    lines = [header]
    for name, score in per_document:
        c = score.counts
        extra = f"+{score.items_invented}" if score.items_invented else ""
        lines.append(
            f"{name:44} {c[RIGHT]:5} {c[WRONG]:5} {c[MISSING]:5} {c[INVENTED]:5} {score.invented_dates:9} "
            f"{score.items_found:>6}/{score.items_labelled:<4}{extra}"
        )
        if verbose:
            lines += [f"    {mistake}" for mistake in score.mistakes]
    lines.append("")
    for layout, score in sorted(per_layout.items()):
        lines.append(
            f"{layout[:44]:44} {score.share_right:6.1%} of {score.fields:3} fields right, "
            f"{score.invented_dates} invented dates, {score.items_found}/{score.items_labelled} found"
        )
    c = total.counts
    lines.append(
        f"{'all':44} {c[RIGHT]:5} {c[WRONG]:5} {c[MISSING]:5} {c[INVENTED]:5} {total.invented_dates:9} "
        f"{total.items_found:>6}/{total.items_labelled:<4}+{total.items_invented}"
    )
    lines.append(
        f"{total.share_right:.1%} of {total.fields} fields right; {total.invented_dates} invented due dates; "
        f"{total.items_found} of {total.items_labelled} recommendations and elements found, "
        f"{total.items_invented} invented."
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    paths = [arg for arg in argv if arg != "-v"]
    directory = Path(paths[0]) if paths else Path(__file__).resolve().parent.parent / "tests" / "corpus"
    total, per_document, per_layout = evaluate(directory)
    print(report(total, per_document, per_layout, verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
