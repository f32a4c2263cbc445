"""The status of a progress report, read from its words: done, in_progress, planned or unknown.

All the rules are here, as ordered regular expressions over the genre's reporting language (no
one document's wording). Precedence, and why:

1. **Work under way wins** (in_progress): "is being developed", "being considered", "currently",
   "ongoing", "working towards", "continue to <act>". A report that something is
   under way gives its present state even when it also says what happened before or what comes
   next: "Being developed – promotion will start April 2016", "launched and currently in tender
   phase".
2. Otherwise **the first strong cue decides**, because a report leads with its main news
   ("consultation closed on 24th October, with implementation expected in November" is done):

   - done: a past-tense report from a vocabulary (introduced, established, launched, delivered,
     completed, held, agreed, updated, set up, confirmed ...), "in place", "complete", "noted as
     good practice", "has/have (been) <verb>ed", "was/were <verb>ed", "<verb>ed on/in <date>", a
     past verb with its object ("focused its work"), a standing arrangement ("meets monthly",
     "works closely with");
   - planned: "will", "to be", "are to", "planned", "expected", "commences", "due to",
     "by <date>", "from <month year>" after the document's first year;
   - a statement of trend or fact (unknown): "continue to fall", "remains";
   - the present progressive (in_progress): "we are reviewing" (but "has helped to reduce ... and
     this is contributing" is done: the report leads with what happened).

   At the same position the longer cue wins: "in place by March 2016" is planned, not done.
3. Otherwise **weak cues**: a report that opens with a past verb ("Worked with residents") is
   done; in a table cell, one that opens with a bare verb ("Review and promote ...") is a to-do,
   planned.
4. Otherwise unknown: statements of fact and figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Status = Literal["done", "in_progress", "planned", "unknown"]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_SEASON = r"(?:spring|summer|autumn|winter|(?:the\s+)?(?:start|end|middle)\s+of)"
#: A date-like word after "by", "on", "in": a month, a season, a year, a day number, a quarter.
_WHEN = rf"(?:(?:early|mid|late|end)[\s-]+)?(?:{_MONTH}\b|{_SEASON}\b|\d{{1,4}}\b|q[1-4]\b|quarter\b)"
#: Words for things that keep changing by themselves: a trend is a fact, not work under way.
_TREND = r"(?:fall|rise|drop|decline|decrease|increase|reduce|grow|improve|go\s+(?:up|down)|be|become|remain)"
_TREND_ING = r"(?:falling|rising|dropping|declining|decreasing|increasing|reducing|growing|improving|remaining)"
#: -ing words that are not a verb in progress ("there is nothing", "is outstanding").
_NOT_ING = r"(?:(?:some|no|any|every)thing|during|including|according|outstanding|interesting|missing|ongoing)"

#: Past forms that report an event in a progress report.
_DONE_WORDS = (
    "introduced", "established", "launched", "delivered", "completed", "held", "agreed", "updated",
    "set up", "confirmed", "implemented", "developed", "created", "started", "opened", "appointed",
    "recruited", "secured", "achieved", "published", "produced", "adopted", "approved", "commissioned",
    "trained", "refreshed", "resumed", "shared", "signed up", "signed", "carried out", "hosted",
    "organised", "organized", "funded", "awarded", "closed", "deployed", "incorporated", "rolled out",
    "received", "engaged with", "worked with", "helped", "provided", "met with", "took place", "took",
    "finished", "concluded", "undertaken", "undertook", "attended", "installed", "enabled", "renewed",
    "expanded", "piloted", "went live", "handed out", "reviewed", "formed", "began", "conducted",
    "introduction of", "launch of", "completion of",
    "noted", "in place", "successful", "successfully", "already", "done",
)
#: Bare verbs that open a to-do line in an action-plan cell ("Review and promote ...").
_IMPERATIVES = (
    "implement", "review", "increase", "deliver", "develop", "promote", "ensure", "establish", "introduce",
    "raise", "reduce", "improve", "support", "provide", "undertake", "explore", "scope", "launch", "create",
    "maintain", "monitor", "tackle", "engage", "identify", "consult", "publish", "produce", "recruit",
    "train", "hold", "agree", "update", "commission", "encourage", "expand", "extend", "embed",
    "strengthen", "build", "complete", "conduct", "organise", "organize", "coordinate", "co-ordinate",
    "map", "analyse", "evaluate", "share", "seek", "offer", "host", "refresh", "roll out", "set up",
    "carry out", "work with", "agree", "finalise", "prepare", "pilot", "secure", "investigate",
)
#: Past participles that open descriptions, not reports ("Based on our figures ...").
_NOT_REPORTS = ("based", "compared", "related", "linked", "aimed", "designed", "focused", "focussed",
                "concerned", "need", "needed", "required", "proposed", "planned", "expected", "scheduled")
_IRREGULAR_PAST = ("met", "took", "held", "ran", "made", "began", "brought", "built", "gave", "led", "won",
                   "sent", "went", "spent", "set", "put", "wrote", "sought", "bought", "drew", "saw")


def _words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_IN_PROGRESS = re.compile(
    r"\b(?:is|are|was|were|am)\s+(?:\w+ly\s+|further\s+|still\s+|now\s+|also\s+)?being\s+\w+"
    r"|^\W*being\s+\w+(?:ed|en|wn|t)\b"
    r"|\bcurrently\b|\bon-?going\b|\bunder\s*way\b|\bin\s+progress\b|\bin\s+the\s+process\s+of\b"
    r"|\bwork(?:ing|s)\s+towards?\b|\bprogressing\b"
    rf"|\bcontinu(?:e|es|ing)\s+to\s+(?!{_TREND}\b)\w+",
    re.I,
)
#: The present progressive ("we are reviewing", "second event being planned"): under way, but only as
#: strong as the other cues ("has resulted in more cases being taken to panel" is done).
_UNDER_WAY = (
    rf"\b(?:is|are|am)\s+(?:now\s+|still\s+)?(?!being\b|going\b|{_TREND_ING}\b|{_NOT_ING}\b)\w{{3,}}ing\b"
    r"|^\W*(?:\S+\s+){1,3}being\s+\w+(?:ed|en|wn)\b"  # a short note: "Second event being planned"
)

_PLANNED = (
    r"\bwill\b|\bshall\b|\bto\s+be\b|\b(?:is|are)\s+to\b|\bplanned\b|\bplanning\s+to\b|\bplans?\s+to\b"
    r"|\bexpected\b|\bcommences?\b|\bdue\s+to\s+(?:start|begin|be|commence|go)\b|\bscheduled\b"
    r"|\bintends?\s+to\b|\bgoing\s+to\b|\bproposed\b|\bnext\s+steps?\b"
    rf"|\b(?:in\s+place|complete[d]?|ready|finalised|live|agreed|implemented|delivered)?\s*\bby\s+(?:the\s+)?{_WHEN}"
)
_DONE = (
    rf"(?<!to\s)(?<!being\s)(?<!not\s)\b(?:{_words(_DONE_WORDS)})\b"
    r"|(?<!to\s)\bcomplete\b"
    r"|\b(?:has|have|had)\s+(?:now\s+|already\s+|also\s+|recently\s+|successfully\s+|fully\s+)?"
    rf"(?:been\s+)?(?!been\b)(?:\w+(?:ed|en|wn|ught)|{_words(_IRREGULAR_PAST)}|begun|set\s+up)\b"
    r"|\b(?:was|were)\s+(?:successfully\s+|also\s+|recently\s+|fully\s+)?\w+(?:ed|en|wn|ught)\b"
    rf"|\b[a-z]+ed\s+(?:in|on|during)\s+(?:the\s+)?{_WHEN}"
    r"|\b[a-z]{3,}ed\s+(?:its|their|our|his|her|a|an|the)\b"
    r"|\bworks\s+(?:closely\s+)?(?:with|alongside)\b"
    r"|\bmeets?\s+(?:\d+\s+)?(?:daily|weekly|fortnightly|monthly|quarterly|annually|regularly|every\b)"
)
_FACT = rf"\bcontinu(?:e|es|ing)\s+to\s+{_TREND}\b|\bremains?\b(?!\s+(?:in\s+place|open|active|live)\b)"

_STRONG = re.compile(
    rf"(?P<planned>{_PLANNED})|(?P<done>{_DONE})|(?P<unknown>{_FACT})|(?P<in_progress>{_UNDER_WAY})", re.I
)
_FROM_DATE = re.compile(rf"\bfrom\s+{_MONTH}\w*\s+(?P<year>\d{{4}})\b", re.I)
_OPENING = re.compile(r"^\W*(?P<word>[A-Za-z][\w-]*)")
_IMPERATIVE = re.compile(rf"^\W*(?:{_words(_IMPERATIVES)})\b", re.I)
_NOT_PAST = {"planned", "expected", "scheduled", "proposed", "need", "needed"}


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    status: Status


def read_status(text: str, *, in_table: bool = False, first_year: int | None = None) -> Status:
    """The status a progress report gives, by the precedence in the module docstring.

    ``in_table``: the text is a line of an action-plan cell, where a bare verb is a to-do.
    ``first_year``: the document's first year, so that "from April 2016" can be told to be ahead.
    """
    if _IN_PROGRESS.search(text):
        return "in_progress"
    cue = _first_strong(text, first_year)
    if cue is not None:
        return cue.status
    return _weak(text, in_table)


def _first_strong(text: str, first_year: int | None) -> _Cue | None:
    cues = [cue for cue in (_cue(match) for match in _STRONG.finditer(text)) if cue is not None]
    if first_year is not None:
        cues += [
            _Cue(m.start(), m.end(), "planned") for m in _FROM_DATE.finditer(text) if int(m["year"]) > first_year
        ]
    if not cues:
        return None
    return min(cues, key=lambda cue: (cue.start, -(cue.end - cue.start)))


def _cue(match: re.Match[str]) -> _Cue | None:
    statuses: tuple[Status, ...] = ("planned", "done", "unknown", "in_progress")
    status = next(n for n in statuses if match.group(n) is not None)
    start = match.start(status)
    if status == "done" and match.group(status).split()[0].lower() in _NOT_PAST:
        return None  # "planned in November": a plan, read by the planned cues
    text = match.group(status)
    return _Cue(start + len(text) - len(text.lstrip()), match.end(status), status)


def _weak(text: str, in_table: bool) -> Status:
    opening = _OPENING.match(text)
    if opening:
        word = opening["word"].lower()
        past = (word.endswith("ed") and word not in _NOT_REPORTS) or word in _IRREGULAR_PAST
        if past and opening["word"][:1].isupper():
            return "done"
    if in_table and _IMPERATIVE.match(text):
        return "planned"
    return "unknown"
