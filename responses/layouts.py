"""The layouts Home Office responses and ICIBI reports are published in, each rewritten into the one
the parser reads: a "Recommendation N" heading line, the recommendation's words, a category line
("Accepted"), then the narrative.

One small reader per layout; ``to_headings`` runs them in turn. Each takes the document's clean
lines and returns them rewritten, or unchanged when its layout is not there. A rewritten line is
a ``part`` of the line it replaces, so the parser can still say which pasted line a field came from:

- ``_numbered_headings``: "1. RECOMMENDATION 1: …" and, under "Recommendation 1", the response's
  own paragraph numbers ("1.1 Accepted", "1.2 We will…") and a repeated "1. The Home Office should:".
- ``_bracketed``: "[1] … should:", "[a] …", "[1a] – Not accepted" (country information responses).
- ``_numbered``: no headings at all, only numbered recommendations. Either a response
  ("1. Introduce…", "1.1 Accepted", "1.2 …") or a report's list ("The report makes 3
  recommendations:", "1) …", "2. …", "1 a) …").
- ``_bulleted``: no headings or numbers: a line saying recommendations follow ("Mr Bolt directs
  four recommendations at the Home Office:"), then one bullet per recommendation.

Standard library only.
"""

from __future__ import annotations

import re

from .origins import Line

# "Recommendation 2", "Recommendation 2a", "Recommendation 2(a)", "Recommendation 1a - accepted",
# "Recommendation 3: Overhaul training...", "Recommendation 1(a) Accept in full". Prose ("Recommendation 1
# was accepted") has no separator, and only a category may follow the number without one.
HEADING_RE = re.compile(
    r"^recommendation (?P<number>[0-9]{1,3})(?:(?P<letter>[a-z])|\s?\((?P<bracketed>[a-z])\))?"
    r"(?:\s?[-–—:.](?: (?P<rest>.*))?"
    r"| (?P<category>(?:(?:partially|partly|not) )?(?:accept(?:ed)?|agreed)(?: in (?:full|part|principle))?\.?))?$",
    re.IGNORECASE | re.ASCII,
)
# A numbered recommendation: "1. Introduce…", "1) Within 3 months…", "1 a) Reduce…", a bare "4.".
# Not a response paragraph such as "1.1 Accepted" (a digit follows the full stop).
_NUMBERED_RE = re.compile(r"^(?P<n>[0-9]{1,2})(?:\.(?![0-9])|\)|(?= \(?[a-z][.)] ))\s*(?P<rest>.*)$", re.ASCII)
# A response's own paragraph number: "1.1 Accepted", "1.1. Accepted.", "2.2 In May 2021…".
_PARAGRAPH_RE = re.compile(r"^(?P<n>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.?(?:\s+(?P<rest>.*))?$", re.ASCII)
# "1. RECOMMENDATION 1: Ensures…": the list number before a heading.
_NUMBER_BEFORE_HEADING_RE = re.compile(r"^(?P<n>[0-9]{1,2})\. (?=recommendation (?P=n)\b)", re.IGNORECASE)
# "[1] The Home Office should:", "[a] Consider…", "[1a] – Not accepted".
_BRACKETED_RE = re.compile(r"^\[(?P<n>[0-9]{1,2})?(?P<letter>[a-z])?\]\s*(?P<rest>.*)$", re.ASCII)
# A bullet: "• …", "- …", "– …"; a line of marks alone ("– –") is an empty bullet.
_BULLET_RE = re.compile(r"^[-–•*·▪‣◦](?: (?P<rest>.*))?$")
# What introduces a report's list: "The report makes 3 recommendations:", "9 recommendations were put forward."
_LIST_INTRO_RE = re.compile(r"\brecommendations\b.*(?::|put forward\.?)$", re.IGNORECASE)


def to_headings(lines: list[Line]) -> list[Line]:
    for layout in (_numbered_headings, _bracketed, _numbered, _bulleted):
        lines = layout(lines)
    return lines


def _numbered_headings(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    current = None  # the number of the last "Recommendation N" heading
    for line in lines:
        number_before = _NUMBER_BEFORE_HEADING_RE.match(line)
        if number_before:
            line = line.part(line[number_before.end() :])
        heading = HEADING_RE.match(line)
        numbered, paragraph = _NUMBERED_RE.match(line), _PARAGRAPH_RE.match(line)
        if heading:
            current = str(int(heading["number"]))
        elif current and out and HEADING_RE.match(out[-1]) and numbered and numbered["n"] == current:
            # "Recommendation 1" then "1. The Home Office should:"; a list item ("1. one") is kept.
            line = line.part(numbered["rest"]) if numbered["rest"].endswith(":") else line
        elif current and paragraph and paragraph["n"] == current:
            line = line.part(paragraph["rest"] or "")
        if line:
            out.append(line)
    return out


def _bracketed(lines: list[Line]) -> list[Line]:
    if not any((m := _BRACKETED_RE.match(line)) and m["n"] and not m["letter"] for line in lines):
        return lines
    out = []
    for line in lines:
        match = _BRACKETED_RE.match(line)
        if not match or not (match["n"] or match["letter"]):
            out.append(line)
        elif match["n"]:
            out.append(line.part(f"Recommendation {match['n']}{match['letter'] or ''}"))
            rest = match["rest"].lstrip("–—-: ").strip()
            if rest and match["letter"]:
                out[-1] += f" - {rest}"  # "[1a] – Not accepted": the element's heading and category
            elif rest:
                out.append(line.part(rest))
        else:
            out.append(line.part(f"{match['letter']}. {match['rest']}"))
    return out


def _numbered(lines: list[Line]) -> list[Line]:
    if any(HEADING_RE.match(line) for line in lines):
        return lines
    first = next((i for i, line in enumerate(lines) if _number(line) == 1), None)
    if first is None or not (_answered_in_paragraphs(lines) or _introduced_as_list(lines, first)):
        return lines
    out, expected, current = lines[:first], 1, None
    for line in lines[first:]:
        paragraph = _PARAGRAPH_RE.match(line)
        if _number(line) == expected:
            rest = _NUMBERED_RE.match(line)["rest"]
            out += [line.part(f"Recommendation {expected}"), *([line.part(rest)] if rest else [])]
            current, expected = expected, expected + 1
        elif paragraph and int(paragraph["n"]) == current:
            out += [line.part(paragraph["rest"])] if paragraph["rest"] else []
        else:
            out.append(line)
    return out


def _number(line: str) -> int | None:
    match = _NUMBERED_RE.match(line)
    return int(match["n"]) if match else None


def _answered_in_paragraphs(lines: list[str]) -> bool:
    """A response: recommendation "N." is later answered in paragraph "N.1"."""
    numbers = set()
    for line in lines:
        paragraph = _PARAGRAPH_RE.match(line)
        if paragraph and paragraph["m"] == "1" and int(paragraph["n"]) in numbers:
            return True
        number = _number(line)
        if number is not None:
            numbers.add(number)
    return False


def _introduced_as_list(lines: list[str], first: int) -> bool:
    """A report's list: a line just before "1." says recommendations follow."""
    return any(_LIST_INTRO_RE.search(line) for line in lines[max(0, first - 3) : first])


def _bulleted(lines: list[Line]) -> list[Line]:
    if any(HEADING_RE.match(line) for line in lines):
        return lines
    intro = next((i for i, line in enumerate(lines) if _LIST_INTRO_RE.search(line) and line.endswith(":")), None)
    if intro is None:
        return lines
    out, number = lines[: intro + 1], 0
    for i in range(intro + 1, len(lines)):
        bullet = _BULLET_RE.match(lines[i])
        rest = (bullet["rest"] or "").strip("–-• ") if bullet else ""
        if bullet and not rest:
            continue  # "– –": marks with no words
        if not bullet:
            return out + lines[i:] if number else lines
        number += 1
        out += [lines[i].part(f"Recommendation {number}"), lines[i].part(rest)]
    return out if number else lines
