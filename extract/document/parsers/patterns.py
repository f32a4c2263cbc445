"""The textual patterns the parsers recognise, in one place.

Each pattern is written for the genre (UK community-safety strategies and action
plans), never for one document: numbering schemes, the words councils use to
label priorities, and the way pledges are phrased.
"""

from __future__ import annotations

import re

NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
}
_NUMBER = r"\d{1,2}[a-z]?|" + "|".join(NUMBER_WORDS)

#: Words that label a priority-like heading, and the kind of record each gives.
LABEL_KINDS = {
    "priority": "priority",
    "strategic priority": "priority",
    "key priority": "priority",
    "theme": "priority",
    "goal": "priority",
    "aim": "priority",
    "outcome": "outcome",
    "objective": "objective",
    "strategic objective": "objective",
}

#: "Priority 1 – Property crime", "Priority One: Integrated Offender Management", "Outcome 3: ...",
#: "Priority 3:" (title in the next block). Not "Priority 08/11" (a period) or "Priorities 1 - 3".
LABELLED = re.compile(
    r"^(?P<label>(?:strategic |key )?(?:priority|outcome|objective|theme|goal|aim))(?:\s+(?:area|theme))?\s+"
    rf"(?P<number>\d{{1,2}}(?:\.\d{{1,2}})+|{_NUMBER})(?![\w/])\s*(?:[:.)\-–—]+\s*)?(?P<title>.*)$",
    re.I,
)

#: A heading that introduces a list or table of priorities: "Outcome", "Our Priorities",
#: "2015-2020 Strategic Objectives".
_YEARS = r"\d{4}(?:\s*[-–/]\s*\d{2,4})?"
LIST_HEADING = re.compile(
    rf"^(?:{_YEARS}\s+)?(?:(?:our|the|key|strategic|main)\s+)*"
    r"(?P<label>priorit(?:y|ies)|outcomes?|objectives?)"
    rf"(?:\s+(?:for\s+)?{_YEARS})?\s*:?$",
    re.I,
)

#: A sub-area heading: "3a. Domestic Violence and Violence against Women and Girls".
AREA_HEADING = re.compile(r"^(?P<number>\d{1,2}[a-z])[.)]?\s+(?P<title>\S.*)$")

#: A hierarchical number "1.6" (optionally "1.6."), alone or before text.
DOTTED = re.compile(r"^(?P<number>\d{1,2}\.\d{1,2})\.?(?:\s+(?P<rest>\S.*))?$", re.S)
#: A reference number of any depth in a Ref/No. column: "3", "1.2", "1.1.1".
REFERENCE = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?$")

#: A row reference of any scheme, alone in a Ref / No. / ID cell: "SR2 - 01", "SR2-01", "A3", "1.A)",
#: "Ref 12", "1.1.1", "HIP-4". Letters (at most four) and numbers joined by '-', '.', '/' or nothing.
ROW_REFERENCE = re.compile(
    r"^(?:ref(?:erence)?\.?\s*|no\.?\s*)?(?P<number>(?:[A-Z]{1,4}\s*[-.]?\s*)?\d{1,3}[a-z]?"
    r"(?:\s*[-./]\s*(?:[A-Z]{1,2}|\d{1,3}[a-z]?))*|[A-Z]{1,2})[.)]?$",
    re.I,
)


_WHITE_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Runs of white space (line breaks, tabs) as one space, none at either end: the one whitespace
    squasher of the parsers (text is kept as written otherwise)."""
    return _WHITE_SPACE.sub(" ", text).strip()


def reference_number(text: str) -> str | None:
    """The reference a Ref cell holds, spaces around its joiners dropped ("SR2 - 01" -> "SR2-01"), or None."""
    match = ROW_REFERENCE.match(text.strip())
    return re.sub(r"\s*([-./])\s*", r"\1", match.group("number")).replace(" ", "") if match else None


#: A reference printed at the start of an action cell: "1.A) Develop ...", "SR2-01 Assess ...", "3.2 Review ...".
LEADING_REFERENCE = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,2}(?:\.?[A-Z])?|[A-Z]{1,4}\d{1,3}(?:\s*[-.]\s*\d{1,3})?)(?:[.)]|\s*[-–:])?\s+(?=[A-Z])"
)

_WORD = re.compile(r"[A-Za-z]{2,}")


def word_count(text: str) -> int:
    """Words of letters in a text (figures, codes and stray letters do not count): what tells a cell
    of words from a figure ("115*", "6,731,240")."""
    return len(_WORD.findall(text))


def without_leading_reference(text: str) -> str:
    """An action cell's text without the reference printed before it ("1.A) Develop ..." -> "Develop ...")."""
    match = LEADING_REFERENCE.match(text)
    return text[match.end():] if match else text


#: Where the date part of a cell holding a lead and a date begins ("Interim Director of Finance October 2025").
DATE_START = re.compile(
    r"(?:\b(?:(?:by|end of|from|until|to)\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{2,4}"
    r"|q[1-4]\b|quarter\s+[1-4]|on-?\s?going|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?"
    r"|tbc\b|immediate(?:ly)?\b|annual(?:ly)?\b|monthly\b|quarterly\b|weekly\b))",
    re.I,
)

#: An item number of a numbered list: "1 Residents ...", "2. Residents ...".
#: Where one sentence ends and the next begins.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def last_sentence(text: str) -> str:
    """The last sentence of a text (a paragraph's lead-in is its last sentence: "... which are:")."""
    return SENTENCE_BREAK.split(squash(text))[-1]


#: A sentence announcing the writer's own priorities (outcomes, objectives) as the list that follows: "we have
#: agreed our priorities to reduce crime, which are:", "Our priorities for 2024-27 are:", "The partnership has
#: set four priorities:" (the priorities the subject of the sentence, or what "we" agreed). Another body's priorities ("the Strategic Assessment suggested the following
#: priorities:", "Underpinning this vision are five priorities") are not the document's own.
ANNOUNCED_LIST = re.compile(
    r"(?:^(?:[^,]{0,60},\s*)?(?:our|this (?:plan|strategy)'s)\s+(?:\w+\s+){0,3}?(?P<label>priorit(?:y|ies)|outcomes|objectives)\b"
    r"|\b(?:we|the partnership|the council|the board)\s+(?:have|has)\s+(?:agreed|set|identified|chosen|adopted)\s+"
    r"(?:(?:our|the|these|\w+)\s+){0,3}?(?P<label2>priorit(?:y|ies)|outcomes|objectives)\b"
    r"|^(?:[^,]{0,60},\s*)?the\s+(?P<label3>priorit(?:y|ies)|outcomes|objectives)\s+(?:of|for)\s+this\s+(?:plan|strategy)\b)"
    r"(?:[ \w'/-]{0,50}?(?:,?\s*which)?\s+(?:are|is|include|includes)(?:\s+as\s+follows)?)?\s*:$",  # they are the list
    re.I,
)

LIST_NUMBER = re.compile(r"^(?P<number>\d{1,2})[.)]?\s+(?P<title>\S.*)$")

#: An unnumbered pledge opening a paragraph: "We will ...", "This year, we will ...", "The council will ...",
#: "We are committed to ...", "Over the next year the partnership will ...".
PROSE_PLEDGE = re.compile(
    r"^(?:(?:this|next|over the (?:next|coming)) (?:year|quarter|\w+ years?),?\s+|in (?:20\d\d(?:[/-]\d\d)?|the coming year),?\s+)?"
    r"(?:we|partners|the partnership|the council|the csp|the board)\s+(?:also\s+)?"
    r"(?:will(?! be (?:asked|invited|required))|are (?:also )?committed to|are (?:also )?planning|commit to|pledge to)\b",
    re.I,
)
#: A pledge: "We will ...", "The Partnership will ...", "Partners will ...".
PLEDGE = re.compile(r"^(?:we|partners|the partnership|the council|the csp)\s+will\b", re.I)


def label_kind(label: str) -> str:
    """Kind of record a label word gives: priority, outcome or objective."""
    label = label.lower()
    if label.endswith("ies"):
        label = label[:-3] + "y"
    elif label.endswith("s"):
        label = label[:-1]
    last = label.split()[-1] if label.split() else label
    return LABEL_KINDS.get(label, LABEL_KINDS.get(last, "priority"))


def number_value(number: str) -> str:
    """Digits for a number as printed: 'One' -> '1', '3a' -> '3a'."""
    return NUMBER_WORDS.get(number.lower(), number.lower())


def major(number: str) -> str:
    """The top-level part of a number: '1.6' -> '1', '3a' -> '3'."""
    match = re.match(r"\d+", number) or re.search(r"\d+", number)  # "SR2-01": the section its letters and first number name
    return match.group(0) if match else number


def next_numbers(number: str) -> tuple[str, ...]:
    """Numbers that may follow ``number`` in a list: '1.11' -> ('1.12', '2.1')."""
    head, _, tail = number.partition(".")
    if not tail:
        return (str(int(head) + 1),)
    return (f"{head}.{int(tail) + 1}", f"{int(head) + 1}.1")


#: A row label asking what will be done ("What will the CSP do?", "Key actions"): its cell lists delivery points.
DELIVERY_LABEL = re.compile(
    r"^(?:what (?:will|are) (?:we|the \w+|the partnership) (?:do|going to do)\b|key actions\b|how (?:will )?we will deliver\b)",
    re.I,
)

#: Items numbered inline in one line: "1. Facilitate ... 2. Support ... 3. Oversee ...".
INLINE_NUMBERED = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s+(?=[A-Z])")

#: A heading over the strategy objectives listed inside a priority's section.
OBJECTIVES_HEADING = re.compile(r"^(?:strategy|strategic|key|our|the)?\s*(?:objectives|aims)\s*:?$", re.I)

#: Verbs that open a delivery point or action in the imperative. Two points run together on one line
#: ("... causes of offending Improve strategic ...") are split before such a verb after a lower-case word.
ACTION_VERBS = frozenset(
    """Address Bring Build Challenge Conduct Consult Continue Coordinate Co-ordinate Create Deliver Develop
    Embed Encourage Engage Enhance Ensure Establish Focus Fund Identify Implement Improve Increase Introduce
    Maintain Monitor Oversee Prevent Promote Provide Raise Reduce Respond Review Share Strengthen Support
    Tackle Target Train Use Work""".split()
)

#: Cell text that is a template's instruction, not data: "e.g. ...", "(Police / Council / Probation etc)".
TEMPLATE_TEXT = re.compile(r"^\(?e\.g\.|^\(.*\betc\.?\)$|^named (?:senior )?officer\b|^nb:", re.I)
