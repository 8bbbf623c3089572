"""Figures put into words the way a report would write them."""

NUMBER_WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def number_in_words(n):
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def plural(n, word):
    return f"{number_in_words(n)} {word}{'' if n == 1 else 's'}"


def age_in_words(start, end):
    """How long from start to end: "just over five years", "nearly five years", "three months"."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    if months < 1:
        days = (end - start).days
        return plural(days, "day")
    if months < 12:
        return plural(months, "month")
    years, extra = divmod(months, 12)
    if extra >= 6:
        return f"nearly {plural(years + 1, 'year')}"
    if extra >= 3:
        return f"over {plural(years, 'year')}"
    if extra == 0 and end.day == start.day:
        return plural(years, "year")
    return f"just over {plural(years, 'year')}"
