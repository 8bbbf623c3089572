"""Read a published Home Office response, or an ICIBI report's recommendations
section, into recommendations, lettered elements, categories and targets.

Standard library only, so it can be tested without Django; the import code
(responses/importing.py) decides what the result means for the data already
entered.

The reader is cautious. It records a category or a target only where the text
states it, and anything it is unsure of becomes a plain-English flag for the
person who reviews the import. ``parse_response`` never raises.

How a document is read:

1. HTML becomes text, and page furniture (GOV.UK header and footer lines,
   adverts on sites that republish the text) is dropped.
2. In an ICIBI report only the numbered "Recommendations" section is read, and
   reading stops at the first annex: annexes quote older recommendations.
3. The text is cut into segments at headings ("Recommendation 2",
   "Recommendation 2a", "Recommendation 1a - accepted").
4. Each segment is split at its category line ("Partially accepted - March
   2026") into the recommendation's own words (lead-in and lettered elements)
   and the response (narrative and target sentence).
5. Segments are gathered per number. The opening summary ("has accepted
   recommendations one and five; ...") and explicit sentences in the response
   ("All other elements b) to d) are accepted") fill in categories that have no
   line of their own.

Each recommendation and element records in ``origins`` the pasted line its text
starts on, and the line its category and its target were read from (an opening
summary's line, where that is what states them): every line the parser reads is
a ``Line`` that remembers where it was pasted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .html_text import looks_like_html, text_from_html
from .layouts import HEADING_RE as _HEADING_RE
from .layouts import to_headings
from .origins import Line, Origin
from .targets import parse_target

ACCEPTED = "accepted"
PARTIALLY_ACCEPTED = "partially_accepted"
NOT_ACCEPTED = "not_accepted"
CATEGORY_WORDS = {ACCEPTED: "accepted", PARTIALLY_ACCEPTED: "partially accepted", NOT_ACCEPTED: "not accepted"}

RESPONSE = "response"
REPORT = "report"

# Flags, in the words a reviewer reads in the admin.
PROSE_ONLY = "Category stated only in prose: read the response"
TEXT_AFTER_RESPONSE = "Recommendation text found after the response: check"
NO_TEXT = "No recommendation text found: check"
NO_CATEGORY = "No category found for this recommendation: read the response"
INFERRED_SPLIT = "No category line: check where the recommendation ends and the response begins"
NO_TARGET = "No target date found: check the response"
EARLIER_RECOMMENDATION = "Mentions an earlier recommendation: check whether it re-states one"
CUT_OFF = "The text stops here: check the rest in the published document"


# --- the result ---------------------------------------------------------------


@dataclass
class ParsedElement:
    letter: str
    text: str = ""
    category: str | None = None
    response_text: str = ""
    target_text: str = ""
    due_date: date | None = None
    due_precision: str = "none"
    flags: list[str] = field(default_factory=list)
    # Where "text", "category" and "target_text" were read (the due date is read from the target). Not
    # compared: the same recommendation read from a web page or from its text is the same.
    origins: dict[str, Origin] = field(default_factory=dict, compare=False)


@dataclass
class ParsedRecommendation:
    number: str
    text: str = ""
    category: str | None = None
    response_text: str = ""
    target_text: str = ""
    due_date: date | None = None
    due_precision: str = "none"
    elements: list[ParsedElement] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict, compare=False)  # as ParsedElement's


@dataclass
class ParsedDocument:
    kind: str
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    title: str = ""  # the line that names the document, for a person to recognise it
    opening: str = ""  # its first lines, where a response or report names its inspection


# --- lines and page furniture -------------------------------------------------

# Lines that belong to the web page, not the document (GOV.UK, and sites that
# republish GOV.UK news such as AusPol).
_FURNITURE_RE = re.compile(
    r"^(?:skip to main content|policy paper|corporate report|independent report|news story|press release"
    r"|(?:published|updated|last updated)(?: on)?:? \d{1,2} \w+ \d{4}|contents|print this page|back to top"
    r"|share this page|gov\.uk|uk gov|©? ?crown copyright.*|site advertisement|advertisement|have your say"
    r"|view original \|.*|disclaimer \|.*|all rights are owned by their respective owners|terms & conditions of use"
    r"|we acknowledge and pay our respects to the traditional owners.*|cookies on gov\.uk.*"
    # Text copied from a PDF: a page number alone, "Page 3 of 27 …", "Page 3: <title>" (document sites).
    r"|[0-9]{1,3}|page [0-9]{1,3}(?: of [0-9]{1,3}\b| ?:).*)$",
    re.IGNORECASE,
)
# A footnote number stuck to a word in text copied from a PDF: "Immigration Rules.20",
# "principle22, to inform". Lower-case letters only, so "IS81" and "B5JSSK" stay.
_FOOTNOTE_RE = re.compile(r"(?<=[a-z][.,;:])[0-9]{1,2}$|(?<=[a-z]{4})[0-9]{1,2}(?=[,.;:]?(?: |$))", re.ASCII)
# After these the rest of the page is footer.
_END_OF_PAGE_RE = re.compile(
    r"^(?:is this page useful\??|help us improve gov\.uk|report a problem with this page|support links)$",
    re.IGNORECASE,
)
# An annex heading ("Annex A: 2023 ICIBI inspection ... recommendations"): annexes quote
# older recommendations, which belong to other inspections.
_ANNEX_RE = re.compile(r"^annex [a-z0-9]{1,2}\b(?:[:.\s–-][^.]{0,150})?$", re.IGNORECASE)
# A report's own section ("3. Recommendations"). The contents-page line ends with its
# page number ("3. Recommendations 16"), so it never matches.
_SECTION_RE = re.compile(r"^(?P<n>[0-9]{1,2})\.? recommendations:?$", re.IGNORECASE)
# Any numbered section heading, such as "4. Inspection findings:": short, with no full
# stop, so a numbered list item inside the section does not end it.
_NUMBERED_HEADING_RE = re.compile(r"^(?P<n>[0-9]{1,2})\. [A-Z][^.]{0,80}$")


def _clean_lines(text: str) -> list[Line]:
    """Non-blank lines with single spaces, without page furniture or footnote numbers."""
    lines = ((number, " ".join(raw.split())) for number, raw in enumerate(text.splitlines(), start=1))
    return [
        Line(_FOOTNOTE_RE.sub("", line), Origin(number, line))
        for number, line in lines
        if line and not _FURNITURE_RE.match(line)
    ]


def _recommendations_section(lines: list[str], notes: list[str]) -> list[str]:
    """In a report, only its numbered "Recommendations" section; otherwise all lines."""
    start = next((i for i, line in enumerate(lines) if _SECTION_RE.match(line)), None)
    if start is None:
        return lines
    next_section = str(int(_SECTION_RE.match(lines[start])["n"]) + 1)
    end = next((i for i in range(start + 1, len(lines)) if _is_section(lines[i], next_section)), len(lines))
    notes.append(f"Only the section “{lines[start]}” was read.")
    return lines[start + 1 : end]


def _is_section(line: str, number: str) -> bool:
    match = _NUMBERED_HEADING_RE.match(line)
    return bool(match) and match["n"] == number


def _cut_at_end(lines: list[str], first_heading: int, notes: list[str]) -> list[str]:
    """Stop at the page footer or at the first annex after the recommendations begin."""
    for i in range(first_heading, len(lines)):
        if _END_OF_PAGE_RE.match(lines[i]):
            return lines[:i]
        if _ANNEX_RE.match(lines[i]):
            notes.append(f"Reading stopped at “{lines[i]}”: recommendations quoted in annexes are not imported.")
            return lines[:i]
    return lines


# --- line patterns ------------------------------------------------------------

# A category on its own line, with an optional target after a dash: "Partially Accepted - March 2026".
# How each word maps to a category is in _category(): "agreed" is "accepted", "partially agreed" is
# "partially accepted"; "accepted in principle" is read as accepted and flagged for a person.
_CATEGORY_LINE_RE = re.compile(
    r"^(?:(?:home office )?response ?[:–—-] ?)?"
    r"(?P<category>(?:partially|partly) (?:accepted|agreed)|accepted in part|not (?:accepted|agreed)|rejected"
    r"|accepted in principle|accept(?:ed)?(?: in full)?|agreed)"
    r"\.?(?: ?[-–—:,] ?(?P<target>.*?))?\.?$",
    re.IGNORECASE | re.ASCII,
)
IN_PRINCIPLE = "“Accepted in principle” was read as accepted: check what the response commits to"
_LIST_MARK = r"[-–•*·▪‣◦]"
# A lettered element: "a.", "a)", "(a)", "- a.", or a browser list marker before one ("1. (a)").
_LETTERED_RE = re.compile(
    rf"^(?:{_LIST_MARK} ?|[0-9]{{1,2}}[.)] )?(?P<label>\((?P<bracketed>[a-z])\)|(?P<letter>[a-z])[.)]) (?P<text>\S.*)$",
    re.ASCII,
)
_NUMBERED_RE = re.compile(r"^(?P<label>[0-9]{1,2}[.)]) (?P<text>\S.*)$", re.ASCII)
_BULLET_RE = re.compile(rf"^(?P<label>{_LIST_MARK}) (?P<text>\S.*)$")

# A labelled target: "Date of implementation: February 2027", "Target date: ...".
_TARGET_LABEL_RE = re.compile(
    r"^(?:home office )?(?:expected |estimated |planned |revised |target |implementation |completion |due )*"
    r"date(?: of (?:implementation|completion))? ?:"
    r"|^(?:target|timescale|deadline)s? ?:",
    re.IGNORECASE,
)
# A one-sentence commitment with a year: "We will aim to complete these actions by April 2024",
# "This recommendation will be completed by July 2024". The "will/aim" keeps out narrative such
# as "it would be appropriate to assess ... implementation ... in October 2026".
_TARGET_SENTENCE_RE = re.compile(
    r"^(?:we|this|these|it|the home office|work)\b[^.;]{0,80}?"
    r"\b(?:will|aims?|expects?|expected|plans?|intends?|due)\b[^.;]{0,60}?"
    r"\b(?:complet\w*|implement\w*|deliver\w*|achiev\w*|in place)\b[^.;]{0,80}?"
    r"\b(?:by|in|before|during|within)\b[^.;]*\.?$",
    re.IGNORECASE | re.ASCII,
)
# A commitment to a date in the narrative's closing sentence (see _closing_target).
_CLOSING_TARGET_RE = re.compile(
    r"\b(?:will|aims? to|expects? to|plans? to|intends? to|(?:is|are) due to|commits? to)\b[^;]*?"
    r"\b(?:by|no later than|before|until|in|during)\b",
    re.IGNORECASE | re.ASCII,
)
_YEAR_RE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_TARGET_MAX_LENGTH = 200

# Where a response begins when no category line says so (the first line is always text).
# "The Home Office should..." is the recommendation talking, not the response.
_RESPONSE_OPENER_RE = re.compile(
    r"^(?:the home office|home office|the ho|we|the department|the government)\b"
    r"(?! (?:should|must|needs? to|to)\b)",
    re.IGNORECASE | re.ASCII,
)
# The response's own verdict on the whole recommendation, in a sentence:
# "The Home Office fully accepts this recommendation", "the recommendation is only partially accepted".
_PROSE_VERDICT_RE = re.compile(
    r"\b(?:(?P<not>(?:does|do|will) not|cannot|(?:is|are) unable to) (?:fully )?|(?P<partly>partially|partly) "
    r"|fully )?accepts? (?:this|the) recommendation\b"
    r"|\b(?:this|the) recommendation (?:is|has been|was) (?:only )?"
    r"(?:(?P<partly2>partially|partly) |(?P<not2>not) |fully )?accepted\b",
    re.IGNORECASE | re.ASCII,
)
# A category stated for named elements: "All other elements b) to d) are accepted",
# "we do not accept points a and b".
_LETTER = r"\(?[a-z](?![a-z])\)?\.?"
_LETTERS = rf"{_LETTER}(?:(?: ?, ?(?:and )?| and | to | ?[-–] ?){_LETTER})*"
_ELEMENT_NOUN = r"(?:sub-?)?(?:elements?|points?|parts?)"
_ELEMENT_VERDICT_RE = re.compile(
    rf"\b{_ELEMENT_NOUN} (?P<letters>{_LETTERS}) (?:are|is|were|was|have been|has been) (?:also )?(?:fully |only )?"
    r"(?P<category>partially accepted|partly accepted|not accepted|accepted|rejected)\b"
    rf"|\b(?P<verb>(?:does|do|will) not accept|cannot accept|partially accepts?|rejects?|accepts?) "
    rf"{_ELEMENT_NOUN} (?P<letters2>{_LETTERS})",
    re.IGNORECASE | re.ASCII,
)
_LETTER_RANGE_RE = re.compile(
    r"(?<![a-z])(?P<first>[a-z])(?![a-z])\)?\.?(?: ?(?:to|[-–]) ?\(?(?P<last>[a-z])(?![a-z]))?"
)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘“\"'(])")
_EARLIER_RE = re.compile(
    r"\b(?:previous|earlier|prior)\s+(?:\w+\s+){0,2}recommendations?\b|\bre-?stat(?:e|es|ed|ing)\b", re.IGNORECASE
)

# The opening summary: "has accepted recommendations one and five; partially accepted
# recommendations two, three, six and seven; and not accepted recommendation four".
_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        (
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        ),
        start=1,
    )
}  # fmt: skip
_NUMBER = rf"(?:[0-9]{{1,3}}|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})\b"
_NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE | re.ASCII)
_NUMBERS = rf"{_NUMBER}(?:(?: ?, ?(?:and )?| and | ?& ?){_NUMBER})*"
_SUMMARY_RE = re.compile(
    rf"\b(?:(?P<qualifier>partially|partly|not) )?(?P<verb>accept(?:ed|s)?|reject(?:ed|s)?) (?:the )?"
    rf"(?:ICIBI[’']s )?recommendations? (?P<numbers>{_NUMBERS})"
    # "accepted four recommendations (2, 3, 4 and 6) and partially accepted two (1 and 5)"
    rf"|\b(?:(?P<qualifier2>partially|partly|not) )?(?P<verb2>accept(?:ed|s)?|reject(?:ed|s)?) {_NUMBER} "
    rf"(?:recommendations? )?\((?P<numbers2>{_NUMBERS})\)",
    re.IGNORECASE | re.ASCII,
)
# Every recommendation accepted: "has accepted all recommendations", "accepted all five of the ICIBI’s
# recommendations", "The three recommendations contained in the report are accepted in full".
_ALL_ACCEPTED_RE = re.compile(
    rf"\b(?:has|have) accepted (?:all|each) (?:of )?(?:the )?(?:{_NUMBER} )?(?:of the )?(?:ICIBI[’']s )?"
    r"recommendations\b"
    r"|\brecommendations (?:contained )?in the report are (?:all )?accepted\b"
    r"|\b(?:has|have) accepted the recommendations\b",
    re.IGNORECASE | re.ASCII,
)
ALL = "all"  # the opening summary's key for what it says of every recommendation
# A target the opening gives by number: "with recommendation 1 due to be implemented by the end of April 2023".
_OPENING_TARGET_RE = re.compile(
    rf"\brecommendations? (?P<numbers>{_NUMBERS}) (?:is |are )?(?:due|expected|planned|scheduled) to be "
    r"(?:implemented|completed|delivered|closed) (?P<target>(?:by|in|before|no later than) [^.;,]*)",
    re.IGNORECASE | re.ASCII,
)
# How many recommendations the text says there are: "has made six recommendations", "a total of 3 multi-part
# recommendations", "seven of the ICIBI’s eight recommendations", "9 recommendations were put forward".
_MADE_COUNT_RE = re.compile(
    rf"\b(?:(?:made|makes|making|contains|total of|report[’']s) |of the (?:ICIBI[’']s |Chief Inspector[’']s )?)"
    rf"(?P<count>{_NUMBER}) (?:multi-? ?part |overarching )?recommendations?\b"
    rf"|\b(?P<count2>{_NUMBER}) recommendations were (?:put forward|made)\b",
    re.I | re.A,
)


# --- small readers ------------------------------------------------------------


def _category(words: str) -> str:
    """ "partially/partly accepted/agreed", "accepted in part" → partially accepted; "not accepted/agreed",
    "rejected" → not accepted; "accept(ed)", "in full", "agreed", "in principle" → accepted."""
    words = " ".join(words.lower().split())
    if words.startswith(("partially", "partly")) or words.endswith("in part"):
        return PARTIALLY_ACCEPTED
    if words.startswith("not ") or words == "rejected":
        return NOT_ACCEPTED
    return ACCEPTED


def _category_line(line: Line) -> tuple[str, Line] | None:
    """(category, target as written) for a line such as "Accepted - October 2026"."""
    match = _CATEGORY_LINE_RE.match(line)
    if not match:
        return None
    return _category(match["category"]), line.part((match["target"] or "").strip())


def _is_target_line(line: str) -> bool:
    if len(line) > _TARGET_MAX_LENGTH:
        return False
    return bool(_TARGET_LABEL_RE.match(line) or (_YEAR_RE.search(line) and _TARGET_SENTENCE_RE.match(line)))


def _starts_response(line: str) -> bool:
    return bool(_RESPONSE_OPENER_RE.match(line) or _PROSE_VERDICT_RE.search(line) or _is_target_line(line))


def _number(word: str) -> str:
    word = word.lower()
    return str(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else str(int(word))


def _letters(spec: str) -> list[str]:
    """["b", "c", "d"] from "b) to d)"; ["a", "b"] from "a. and b."."""
    letters = []
    for match in _LETTER_RANGE_RE.finditer(spec.lower()):
        first, last = match["first"], match["last"] or match["first"]
        span = [chr(c) for c in range(ord(first), ord(last) + 1)] or [first, last]
        letters.extend(letter for letter in span if letter not in letters)
    return letters


def _sentences(paragraphs: list[Line]) -> list[Line]:
    return [paragraph.part(sentence) for paragraph in paragraphs for sentence in _SENTENCE_END_RE.split(paragraph)]


def _prose_verdict(paragraphs: list[str]) -> tuple[str, str] | None:
    """(category, sentence) where the narrative states its verdict on the whole recommendation."""
    for sentence in _sentences(paragraphs):
        match = _PROSE_VERDICT_RE.search(sentence)
        if match:
            if match["not"] or match["not2"]:
                return NOT_ACCEPTED, sentence
            return (PARTIALLY_ACCEPTED if match["partly"] or match["partly2"] else ACCEPTED), sentence
    return None


def _verb_category(verb: str) -> str:
    """The category a verb states: "do not accept", "partially accepts", "accepts"."""
    verb = verb.lower()
    if " not " in verb or verb.startswith(("cannot", "reject")):
        return NOT_ACCEPTED
    return PARTIALLY_ACCEPTED if verb.startswith("partially") else ACCEPTED


def _element_verdicts(paragraphs: list[str]) -> list[tuple[str, str, str]]:
    """(letter, category, sentence) for each element whose category a sentence states."""
    found = []
    for sentence in _sentences(paragraphs):
        for match in _ELEMENT_VERDICT_RE.finditer(sentence):
            if match["category"]:
                category, spec = _category(match["category"]), match["letters"]
            else:
                category, spec = _verb_category(match["verb"]), match["letters2"]
            found.extend((letter, category, sentence) for letter in _letters(spec))
    return found


# --- segments: the text between two headings ----------------------------------


@dataclass
class _Segment:
    heading: Line
    number: str
    letter: str | None
    category: str | None  # stated in the heading: "Recommendation 1a - accepted"
    target_text: Line | str
    lines: list[Line]


def _heading(line: Line) -> _Segment | None:
    match = _HEADING_RE.match(line)
    if not match:
        return None
    letter = (match["letter"] or match["bracketed"] or "").lower() or None
    segment = _Segment(line, str(int(match["number"])), letter, None, "", [])
    rest = line.part((match["rest"] or match["category"] or "").strip())
    stated = _category_line(rest) if rest else None
    if stated:
        segment.category, segment.target_text = stated
    elif rest:
        segment.lines.append(rest)  # "Recommendation 3: Overhaul training..."
    return segment


def _segments(lines: list[Line]) -> list[_Segment]:
    segments: list[_Segment] = []
    for line in lines:
        segment = _heading(line)
        if segment:
            segments.append(segment)
        elif segments:
            segments[-1].lines.append(line)
    return segments


def _kind(segments: list[_Segment], summary: dict[str, str]) -> str:
    """A response states categories or targets somewhere; a report does not."""
    for segment in segments:
        if segment.category or any(
            _category_line(line) or _is_target_line(line) or _PROSE_VERDICT_RE.search(line) for line in segment.lines
        ):
            return RESPONSE
    return RESPONSE if summary else REPORT


@dataclass
class _Split:
    """A segment cut at its category line."""

    before: list[Line]  # the recommendation's or element's own words
    category: str | None
    target_text: Line | str
    after: list[Line]  # the response: narrative and target
    inferred: bool = False  # no category line: the cut was inferred from the wording
    stated_in: Line | str = ""  # the line that states the category

    @property
    def flags(self) -> list[str]:
        return [IN_PRINCIPLE] if "in principle" in self.stated_in.lower() else []


def _split(segment: _Segment, kind: str, text_expected: bool) -> _Split:
    lines = segment.lines
    if segment.category is None:
        for i, line in enumerate(lines):
            stated = _category_line(line)
            if stated:
                return _Split(lines[:i], stated[0], stated[1], lines[i + 1 :], stated_in=line)
    category, target, heading = segment.category, segment.target_text, segment.heading
    if kind == REPORT:
        return _Split(lines, None, "", [])
    if not text_expected:
        return _Split([], category, target, lines, stated_in=heading)
    cut = next((i for i in range(1, len(lines)) if _starts_response(lines[i])), len(lines))
    return _Split(lines[:cut], category, target, lines[cut:], inferred=cut < len(lines), stated_in=heading)


# --- the recommendation's own words: lead-in and lettered elements ------------


@dataclass
class _Item:
    kind: str  # "letter", "number" or "bullet"
    label: str  # as written: "a.", "(b)", "1.", "-"
    letter: str | None
    text: Line


def _list_item(line: Line) -> _Item | None:
    match = _LETTERED_RE.match(line)
    if match:
        return _Item("letter", match["label"], match["letter"] or match["bracketed"], line.part(match["text"]))
    for kind, pattern in (("number", _NUMBERED_RE), ("bullet", _BULLET_RE)):
        match = pattern.match(line)
        if match:
            return _Item(kind, match["label"], None, line.part(match["text"]))
    return None


@dataclass
class _Words:
    paragraphs: list[str] = field(default_factory=list)  # lead-in and other text
    items: list[_Item] = field(default_factory=list)
    after_items: list[str] = field(default_factory=list)  # text paragraphs after the list


def _read_words(lines: list[str]) -> _Words:
    """Split text into paragraphs and list items. The first item's kind is the list's
    kind; other list lines (sub-bullets) and lower-case lines continue the item before."""
    words = _Words()
    for line in lines:
        item = _list_item(line)
        if item and (not words.items or item.kind == words.items[0].kind):
            words.items.append(item)
        elif words.items and not words.after_items and (item or line[0].islower() or _unfinished(words.items[-1])):
            words.items[-1].text += "\n" + line
        elif words.items:
            words.after_items.append(line)
        elif words.paragraphs and _wrapped(words.paragraphs[-1]):
            words.paragraphs[-1] += " " + line
        else:
            words.paragraphs.append(line)
    return words


def _wrapped(paragraph: str) -> bool:
    """A sentence a PDF copy broke across lines ("… as per the" / "Immigration Rules."): long, and stopping
    on a lower-case word or a comma. A short heading ("In relation to assurance") is not joined."""
    return len(paragraph.split()) >= 8 and (paragraph[-1].islower() or paragraph[-1] == ",")


def _unfinished(item: _Item) -> bool:
    """A headed sub-list ("a. Screening" then its text) or a line wrapped in a PDF copy: the item goes on."""
    return not _FINISHED_RE.search(item.text) and not item.text[-1:].isdigit()


def _elements_from_items(items: list[_Item], flags: list[str]) -> list[ParsedElement]:
    """Lettered items keep their letters; numbered items and bullets are lettered in order."""
    if not items:
        return []
    if items[0].kind != "letter":
        shape = "numbered" if items[0].kind == "number" else "bulleted"
        flags.append(f"The elements are {shape} in the text and were lettered a, b, c… in order: check")
        return [ParsedElement(_nth_letter(i), item.text) for i, item in enumerate(items)]
    elements: list[ParsedElement] = []
    for item in items:
        if any(element.letter == item.letter for element in elements):
            flags.append(f"Element {item.letter} appears twice; only the first was read: check")
        else:
            elements.append(ParsedElement(item.letter or "", item.text))
    letters = [element.letter for element in elements]
    if letters != [_nth_letter(i) for i in range(len(letters))]:
        flags.append(f"The elements are lettered {', '.join(letters)}: check none is missing")
    return elements


def _nth_letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else str(index + 1)


# --- the response: narrative and target ---------------------------------------


@dataclass
class _Response:
    narrative: list[str]
    target_text: str
    trailing: list[str]  # lines after the target sentence


def _read_response(lines: list[str], flags: list[str]) -> _Response:
    first = next((i for i, line in enumerate(lines) if _is_target_line(line)), None)
    if first is None:
        closing = _closing_target(lines)
        if closing:
            flags.append(f"Target read from the last sentence of the response (“{closing}”): check")
        return _Response(list(lines), closing, [])
    trailing = lines[first + 1 :]
    others = [line for line in trailing if _is_target_line(line)]
    if others:
        flags.append(f"More than one target sentence (“{lines[first]}”, “{others[0]}”); the first was used: check")
    return _Response(lines[:first], lines[first], trailing)


def _closing_target(lines: list[str]) -> str:
    """The narrative's last sentence when it commits to a date: "UKVI will decide … no later than the end
    of the calendar year (2022)." Only a finished sentence: a text cut off mid-sentence gives nothing."""
    if not lines or not lines[-1].endswith("."):
        return ""
    sentence = _sentences(lines[-1:])[-1]
    if len(sentence) <= _TARGET_MAX_LENGTH * 2 and _YEAR_RE.search(sentence) and _CLOSING_TARGET_RE.search(sentence):
        return sentence
    return ""


# --- building one recommendation ----------------------------------------------


@dataclass
class _Group:
    """All the segments of one recommendation number."""

    number: str
    main: _Segment | None = None
    element_segments: list[_Segment] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    number: str
    text: list[str] = field(default_factory=list)
    category: str | None = None
    narrative: list[str] = field(default_factory=list)
    target_text: str = ""
    elements: list[ParsedElement] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    element_narratives: dict[str, list[str]] = field(default_factory=dict)
    element_targets: dict[str, str] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)

    def element(self, letter: str) -> ParsedElement | None:
        return next((element for element in self.elements if element.letter == letter), None)


def _group(segments: list[_Segment], notes: list[str]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    previous = None
    for segment in segments:
        group = groups.get(segment.number)
        if group is None:
            group = groups[segment.number] = _Group(segment.number)
        elif previous != segment.number:
            group.flags.append(f"“{segment.heading}” is away from the other headings for this recommendation: check")
        previous = segment.number
        if segment.letter is None:
            if group.main is not None:
                group.flags.append(f"Recommendation {segment.number} appears more than once; only the first was read")
                notes.append(f"Recommendation {segment.number} appears more than once.")
                continue
            group.main = segment
        elif any(other.letter == segment.letter for other in group.element_segments):
            group.flags.append(f"“{segment.heading}” appears more than once; only the first was read")
        else:
            group.element_segments.append(segment)
    return list(groups.values())


def _read_main(draft: _Draft, segment: _Segment, kind: str) -> None:
    split = _split(segment, kind, text_expected=True)
    words = _read_words(split.before)
    if not words.paragraphs and len(words.items) == 1 and words.items[0].kind != "letter":
        # A lone bullet with no lead-in ("- Reconsider its response…") is the text, not a list of elements.
        words = _Words([words.items[0].text, *words.after_items])
    draft.text = words.paragraphs + words.after_items
    if words.after_items:
        draft.flags.append("Text after the lettered elements was kept in the recommendation text: check")
    draft.elements = _elements_from_items(words.items, draft.flags)
    draft.category, draft.target_text = split.category, split.target_text
    if split.category:
        _note(draft, "category", split.stated_in)
    draft.flags += split.flags
    if split.inferred:
        draft.flags.append(INFERRED_SPLIT)
    response = _read_response(split.after, draft.flags)
    draft.narrative = response.narrative
    _take_target(draft, response.target_text)
    if response.trailing and not draft.text:
        draft.text = response.trailing  # seed 004 recommendation 6
        draft.flags.append(TEXT_AFTER_RESPONSE)
    else:
        draft.narrative += response.trailing


def _take_target(draft: _Draft, target_text: str) -> None:
    """A target sentence, unless the category line already gave one."""
    if not target_text:
        return
    if not draft.target_text:
        draft.target_text = target_text
    elif parse_target(target_text)[0] != parse_target(draft.target_text)[0]:
        draft.flags.append(f"Two targets given (“{draft.target_text}”, “{target_text}”); the first was used: check")


def _read_element_segment(draft: _Draft, segment: _Segment, kind: str) -> None:
    """A heading of its own for one element: "Recommendation 2b" (seed 000) or
    "Recommendation 1a - accepted" (seed 004)."""
    letter = segment.letter or ""
    element = draft.element(letter)
    # With the category in the heading ("1a - accepted") the body is all response.
    text_expected = segment.category is None and (element is None or not element.text)
    split = _split(segment, kind, text_expected)
    if element is None:
        element = ParsedElement(letter)
        draft.elements.append(element)
    words = _read_words(split.before)
    lead_in = words.paragraphs + words.after_items
    if words.items:
        item = words.items[0]
        if item.letter != letter and item.kind != "bullet":
            element.flags.append(
                f"The heading says {draft.number}{letter} but the text labels it “{item.label}”: "
                "the heading's letter was used"
            )
        element.text = element.text or item.text
    elif lead_in and not element.text:
        element.text = lead_in.pop()  # no label: the last paragraph before the category is the element
    if not element.text:
        element.flags.append(f"Response to element {letter} found, but not its text: check")
    _add_lead_in(draft, lead_in)
    element.category = split.category
    if split.category:
        _note(element, "category", split.stated_in)
    element.flags += split.flags
    if split.inferred:
        element.flags.append(INFERRED_SPLIT)
    response = _read_response(split.after, element.flags)
    draft.element_narratives[letter] = response.narrative + response.trailing
    draft.element_targets[letter] = split.target_text or response.target_text


def _add_lead_in(draft: _Draft, lead_in: list[str]) -> None:
    """Seed 000 repeats the lead-in under every element heading: keep it once."""
    new = [paragraph for paragraph in lead_in if paragraph not in draft.text]
    if new and draft.text:
        draft.flags.append("An element heading has a different lead-in; both were kept: check")
    draft.text += new


def _assign_element_targets(draft: _Draft, group: _Group) -> None:
    """Seed 004: under "Recommendation 1" with headings 1a–1c, one target sentence
    after 1c ("these actions") is the recommendation's, not 1c's."""
    targets = [draft.element_targets.get(segment.letter or "", "") for segment in group.element_segments]
    whole = group.main is not None and len(targets) > 1 and targets[-1] and not any(targets[:-1])
    if whole:
        _take_target(draft, targets[-1])
        targets[-1] = ""
    for segment, target in zip(group.element_segments, targets, strict=True):
        element = draft.element(segment.letter or "")
        if element is not None:
            element.response_text = "\n\n".join(draft.element_narratives[element.letter])
            _set_target(element, target)


def _set_target(item: ParsedElement | ParsedRecommendation, target_text: Line | str) -> None:
    item.target_text = " ".join(target_text.split())
    if target_text:
        _note(item, "target_text", target_text)
    item.due_date, item.due_precision = parse_target(item.target_text)
    if item.due_precision == "unknown":
        item.flags.append(f"The target “{item.target_text}” could not be read as a date: check")


def _note(item: _Draft | ParsedElement | ParsedRecommendation, name: str, source: Line) -> None:
    """Record that `item`'s field `name` was read from `source`, and so from the pasted line it came from."""
    item.origins[name] = source.origin.at(source)


# --- categories: summary, prose and elements ----------------------------------


def _summary(preamble: list[Line]) -> dict[str, tuple[str, Line]]:
    """{number: (category, the line that says so)} from the opening paragraphs; {ALL: (accepted, line)}
    where it says all are accepted."""
    found: dict[str, tuple[str, Line]] = {}
    opening = " ".join(preamble)
    for match in _SUMMARY_RE.finditer(opening):
        qualifier = (match["qualifier"] or match["qualifier2"] or "").lower()
        if qualifier == "not" or (match["verb"] or match["verb2"]).lower().startswith("reject"):
            category = NOT_ACCEPTED
        else:
            category = PARTIALLY_ACCEPTED if qualifier else ACCEPTED
        for word in _NUMBER_RE.findall(match["numbers"] or match["numbers2"]):
            found.setdefault(_number(word), (category, _line_at(preamble, match.start()).part(match[0])))
    everything = None if found else _ALL_ACCEPTED_RE.search(opening)
    if everything:
        found[ALL] = (ACCEPTED, _line_at(preamble, everything.start()).part(everything[0]))
    return found


def _line_at(lines: list[Line], offset: int) -> Line:
    """The line that holds character `offset` of the lines joined by spaces."""
    for line in lines:
        if offset <= len(line):
            return line
        offset -= len(line) + 1
    return lines[-1]


def _opening_targets(preamble: list[Line]) -> dict[str, tuple[Line, Line]]:
    """{number: (target as written, the sentence)} for targets the opening paragraphs give by number."""
    found: dict[str, tuple[Line, Line]] = {}
    for sentence in _sentences(preamble):
        for match in _OPENING_TARGET_RE.finditer(sentence):
            for word in _NUMBER_RE.findall(match["numbers"]):
                found.setdefault(_number(word), (sentence.part(match["target"].strip()), sentence))
    return found


def _settle_category(draft: _Draft, summary: dict[str, tuple[str, Line]]) -> None:
    """The category line wins; the opening summary fills in, and a disagreement is flagged."""
    # "accepted all recommendations" speaks for a recommendation answered as a whole, not one answered per element.
    answered_per_element = any(element.category for element in draft.elements)
    summarised = summary.get(draft.number) or (None if answered_per_element else summary.get(ALL))
    if draft.category and summarised and summarised[0] != draft.category:
        draft.flags.append(
            f"The opening paragraph says {CATEGORY_WORDS[summarised[0]]}, the response says "
            f"{CATEGORY_WORDS[draft.category]}: check"
        )
    elif summarised and not draft.category:
        draft.category = summarised[0]
        _note(draft, "category", summarised[1])
    verdict = _prose_verdict(draft.narrative)
    if verdict and draft.category and verdict[0] != draft.category:
        draft.flags.append(
            f"The response says “{verdict[1]}”, but its category is {CATEGORY_WORDS[draft.category]}: check"
        )
    elif verdict and not draft.category and not any(element.category for element in draft.elements):
        draft.category = verdict[0]
        _note(draft, "category", verdict[1])
        draft.flags.append(f"Category read from the sentence “{verdict[1]}”: check")


def _read_element_verdicts(draft: _Draft) -> None:
    """Record an element's category only where a sentence states it."""
    for letter, category, sentence in _element_verdicts(draft.narrative):
        element = draft.element(letter)
        if element is None:
            draft.flags.append(f"The response gives a category for element {letter}, which was not found: check")
        elif element.category and element.category != category:
            element.flags.append(f"The response also says “{sentence}”: check")
        elif not element.category:
            element.category = category
            _note(element, "category", sentence)
            element.response_text = element.response_text or sentence


def _check_categories(draft: _Draft) -> None:
    stated = [element.category for element in draft.elements if element.category]
    if not draft.category and not stated:
        draft.flags.append(NO_CATEGORY)
        return
    for element in draft.elements:
        if not element.category and draft.category in (PARTIALLY_ACCEPTED, None):
            element.flags.append(PROSE_ONLY)
    if draft.category in (ACCEPTED, NOT_ACCEPTED) and any(category != draft.category for category in stated):
        draft.flags.append(
            f"The recommendation is {CATEGORY_WORDS[draft.category]} but not all its elements are: check"
        )
    elif draft.category == PARTIALLY_ACCEPTED and len(stated) == len(draft.elements) and len(set(stated)) == 1:
        draft.flags.append(f"Partially accepted, but every element is {CATEGORY_WORDS[stated[0]]}: check")


def _check_text(draft: _Draft, group: _Group) -> None:
    if not draft.text:
        if group.main is None:
            draft.flags.append(f"Element headings for recommendation {draft.number} appear without its own text: check")
        elif TEXT_AFTER_RESPONSE not in draft.flags:
            draft.flags.append(NO_TEXT)
    if _EARLIER_RE.search(" ".join(draft.text)):
        draft.flags.append(EARLIER_RECOMMENDATION)
    for element in draft.elements:
        if _EARLIER_RE.search(element.text):
            element.flags.append(EARLIER_RECOMMENDATION)


def _read_group(
    group: _Group, kind: str, summary: dict[str, tuple[str, Line]], opening_targets: dict[str, tuple[Line, Line]]
) -> ParsedRecommendation:
    draft = _Draft(group.number, flags=list(group.flags))
    if group.main is not None:
        _read_main(draft, group.main, kind)
    for segment in group.element_segments:
        _read_element_segment(draft, segment, kind)
    _assign_element_targets(draft, group)
    if kind == RESPONSE:
        _settle_category(draft, summary)
        _read_element_verdicts(draft)
        _check_categories(draft)
    _check_text(draft, group)
    if draft.text:
        _note(draft, "text", draft.text[0])
    for element in draft.elements:
        if element.text:
            _note(element, "text", element.text)
    opening = opening_targets.get(draft.number)
    if opening and not draft.target_text and not any(element.target_text for element in draft.elements):
        draft.target_text = opening[0]
        draft.flags.append(f"Target taken from the opening paragraph (“{opening[1]}”): check")
    recommendation = ParsedRecommendation(
        number=draft.number,
        text="\n\n".join(draft.text),
        category=draft.category,
        response_text="\n\n".join(draft.narrative),
        elements=draft.elements,
        flags=draft.flags,
        origins=draft.origins,
    )
    _set_target(recommendation, draft.target_text)
    open_category = recommendation.category in (ACCEPTED, PARTIALLY_ACCEPTED)
    if open_category and not recommendation.target_text and not any(e.target_text for e in draft.elements):
        recommendation.flags.append(NO_TARGET)
    return recommendation


# --- the document -------------------------------------------------------------


# "Of the nine recommendations made in the 2021 inspection": a count of another report's.
_ANOTHER_REPORTS_RE = re.compile(r"^.{0,40}?\b(?:19|20)[0-9]{2}\b")


def _said_count(preamble: list[str]) -> int | None:
    text = " ".join(preamble)
    for said in _MADE_COUNT_RE.finditer(text):
        if not _ANOTHER_REPORTS_RE.match(text[said.end() :]):
            return int(_number(said["count"] or said["count2"]))
    return None


def _check_numbers(recommendations: list[ParsedRecommendation], count: int | None, notes: list[str]) -> None:
    numbers = [int(recommendation.number) for recommendation in recommendations]
    if numbers and sorted(numbers) != list(range(1, max(numbers) + 1)):
        notes.append(
            f"Recommendations found, in order: {', '.join(map(str, numbers))}. Check none is missing or misplaced."
        )
    if count is not None and count != len(numbers):
        notes.append(f"The text says it makes {count} recommendations; {len(numbers)} were found.")


# A line that ends a sentence, a heading or a list item: anything else at the very end of a text
# means the copy stops mid-sentence.
_FINISHED_RE = re.compile(r"[.!?:;)\]”’\"']$")


# A summary table's row flattened to one line ends with the response's category: "1. … mechanisms. Accepted".
_ENDS_WITH_CATEGORY_RE = re.compile(r"\b(?:(?:partially|partly|not) )?(?:accepted|agreed)$", re.IGNORECASE)


def _check_cut_off(
    lines: list[str], recommendations: list[ParsedRecommendation], count: int | None, notes: list[str]
) -> None:
    """Say where a text that was cut off stops, and flag the recommendation it stops in. Nothing is filled in."""
    last = lines[-1] if lines else ""
    finished = (
        _FINISHED_RE.search(last)
        or _ENDS_WITH_CATEGORY_RE.search(last)
        or _HEADING_RE.match(last)
        or _TARGET_LABEL_RE.match(last)  # "Date of implementation: April 2027", as seed 000 ends
    )
    if last and not finished:
        where = f"mid-sentence (“…{last[-60:]}”)"
    elif recommendations and count and int(recommendations[-1].number) < count:
        where = f"after recommendation {recommendations[-1].number}, of the {count} it says there are"
    else:
        return
    notes.append(f"The text stops {where}: it looks cut off. What is there was read; nothing after it was filled in.")
    if recommendations:
        last_read = recommendations[-1]
        element = last_read.elements[-1] if last_read.elements else None
        # Mid-sentence in an element's own response, or in its text when the recommendation has no response yet.
        in_element = element and where.startswith("mid") and (element.response_text or not last_read.response_text)
        (element.flags if in_element else last_read.flags).append(CUT_OFF)


def parse_response(text: str) -> ParsedDocument:
    """Recommendations, elements, categories and targets from a published response or report."""
    if looks_like_html(text):
        text = text_from_html(text)
    notes: list[str] = []
    all_lines = to_headings(_clean_lines(text))
    first = next((i for i, line in enumerate(all_lines) if _HEADING_RE.match(line)), len(all_lines))
    preamble = all_lines[:first]
    lines = _recommendations_section(all_lines, notes)
    first = next((i for i, line in enumerate(lines) if _HEADING_RE.match(line)), len(lines))
    read = _cut_at_end(lines, first, notes)
    segments = _segments(read)
    summary = _summary(preamble)
    kind = _kind(segments, summary)
    if not segments:
        notes.append("No recommendation headings (such as “Recommendation 1”) were found.")
    elif kind == REPORT:
        notes.append("No Home Office categories were found: read as an inspection report.")
    opening_targets = _opening_targets(preamble)
    recommendations = [_read_group(group, kind, summary, opening_targets) for group in _group(segments, notes)]
    count = _said_count(preamble)
    _check_numbers(recommendations, count, notes)
    missing = sorted(set(summary) - {r.number for r in recommendations} - {ALL}, key=int)
    if missing and recommendations:
        notes.append(f"The opening paragraph names recommendation {', '.join(missing)}, which was not found.")
    if read and read == all_lines[len(all_lines) - len(read) :]:  # read to the end: no footer, annex or section
        _check_cut_off(read, recommendations, count, notes)
    return ParsedDocument(kind, recommendations, notes, _title(all_lines), " ".join(all_lines[:_OPENING_LINES])[:600])


# A response or report names its inspection in its first few lines; further on it quotes others.
_OPENING_LINES = 8
_TITLE_RE = re.compile(r"\b(?:response|report|inspection)\b", re.IGNORECASE)


def _title(lines: list[str]) -> str:
    """The first line that names a response, report or inspection, else the first line."""
    opening = [line for line in lines[: 5 * _OPENING_LINES] if len(line) <= 300]
    return next((line for line in opening if _TITLE_RE.search(line)), opening[0] if opening else "")
