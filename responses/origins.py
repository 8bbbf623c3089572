"""Where the parser read each field: the line of the pasted text, so a person can check it.

Standard library only, like the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

EXCERPT = 120  # characters of a long line a person is shown


@dataclass(frozen=True)
class Origin:
    """A line of the text as pasted (for a web page, of its visible text)."""

    number: int  # counted from 1, blank lines included, as an editor counts them
    text: str  # the line, trimmed, with runs of spaces as one
    start: int = 0  # where in the line the field was read: a sentence may be far into a paragraph

    def at(self, read: str) -> Origin:
        """This line, from where `read` starts in it (its start, where `read` was rewritten)."""
        return replace(self, start=max(self.text.find(read[:50]), 0))

    @property
    def excerpt(self) -> str:
        """The line, or of a long line the words from where the field was read, with "…" where it is cut."""
        if len(self.text) <= EXCERPT:
            return self.text
        # From the line's start, unless the field was read far into it.
        begin = min(self.start, len(self.text) - EXCERPT) if self.start > EXCERPT // 2 else 0
        shown = self.text[begin : begin + EXCERPT]
        if begin and self.text[begin - 1] != " ":
            shown = shown.partition(" ")[2]  # no half word at the start
        if begin + EXCERPT < len(self.text):
            shown = shown.rpartition(" ")[0] or shown
        return ("…" if begin else "") + shown + ("…" if begin + EXCERPT < len(self.text) else "")


class Line(str):
    """A line the parser reads, which remembers the pasted line it came from.

    The layouts rewrite lines ("1.1 Accepted" becomes "Accepted"), and the parser cuts them into
    sentences and joins wrapped ones: each piece keeps the origin of the line it starts on."""

    origin: Origin | None

    # The default lets copy and pickle make a line (they then restore its origin).
    def __new__(cls, text: str, origin: Origin | None = None) -> Line:
        line = super().__new__(cls, text)
        line.origin = origin
        return line

    def part(self, text: str) -> Line:
        """`text`, taken from or written for this line."""
        return Line(text, self.origin)

    def __add__(self, other: str) -> Line:
        return Line(str.__add__(self, other), self.origin)
