"""Indicators stated in sentences: a figure set or reported against a target.

Performance reports and action-plan commentary give their indicators in prose, not tables:

- "Overall payment of invoices within 30 days is on target at 96%."
- "SME performance is 75% against the target of 80%."
- "884 cycle hangars have been installed by Q2, against a target of 1,000."
- "Reduce the rate of re-offending from 28% (2022/23) to below 25% by 2028/29."
- "Business Rates collection target is 95.75%."

A sentence is read as an indicator only when it holds a figure and a **target cue** (a target,
goal or ambition named; "against"; a bound such as "below 5%" or "at least 95%"; a change "from X
to Y"; "reduce/increase ... by X"). Its parts:

- the **indicator**: the sentence's subject, before its first verb of being or reporting ("is on
  target", "stands at", "has been"), with a leading figure and auxiliaries dropped ("884 cycle
  hangars have been installed" -> "cycle hangars installed"), and leading time phrases ("In Q2,",
  "As at Q2 2025/26,") dropped; the clause that says why it is measured ("..., to see how ...")
  is not part of it;
- the **target**: the figure after "target of", "target is", "to", or a bound word ("below",
  "no more than" -> high; "at least", "above" -> low); a change target "by 6%";
- **observations**: the other figures, labelled by the words before them (baseline, current);
- the **deadline**: "by 2028/29", "by March 2026";
- the **unit**: percent, count, days, gbp (with "£", "£m", "£k").

Figures of statistics without a cue (counts in an evidence report) are not indicators.

**Reported readings.** A progress report gives its indicators as readings compared with an earlier
period or a comparator, often with no target in the sentence: "77% of calls were answered within 5
minutes, an improvement by 3% from Q1 (74%)", "Recycling performance for Q2 has slipped to 34.4%",
"... is at 97.3%, an increase from 96% last year and above London averages". In text the progress
parser read as a progress report (``reported=True``), such a **reading cue** (:data:`READING_CUE`)
is enough, and a bound ("remained below 3%", "above 106 days in Q1") is a reading, not a target.

**A target in the next sentence.** Reports often give the figure in one sentence and the target in
the next, with no indicator of its own: "1057 Vital 5 health checks have been completed. The
programme remains on track to meet the annual target of 3,000 ...", "... slightly behind target.
The planned installation ... should meet the 1,000 target." :func:`read_text` gives such a target
to the indicator of the sentence before ("..., respectively": one figure to each, in order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from .dates import parse_due

_NUMBER = r"(?:£\s?)?[-+−]?\d[\d,]*(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b|m\b|bn\b|k\b|million\b|days?\b)?"
#: A figure as written, with its currency and unit words.
FIGURE = re.compile(rf"(?<![\w/.]){_NUMBER}", re.I)
#: Words that make a sentence state a target (the cue).
TARGET_CUE = re.compile(
    r"\b(?:target(?:s|ed)?|goal|ambition|aim(?:ing)? (?:to|for)|against|no (?:more|less|fewer) than|at (?:least|most)"
    r"|below|under|above|exceed(?:ing|s)?|(?:reduc|increas|improv)\w* (?:\S+ ){0,12}?(?:by|to) \d|from .{1,40}? to \d)",
    re.I,
)
#: Words that report a figure as a reading: against an earlier period or a comparator, or moved to a level.
READING_CUE = re.compile(
    r"\b(?:compared (?:to|with)|(?:up|down) (?:from|on)"
    r"|(?:increase|improvement|decrease|reduction|fall|rise|drop)s? (?:from|on|of \d+|by \d+)"
    r"|(?:slipped|fallen|fell|risen|rose|dropped|increased|decreased|improved|declined|reduced|grown|grew|climbed)"
    r"\s+(?:\w+\s+)?to\s+(?:£\s?)?\d+"
    r"|remain(?:s|ed)? (?:below|above|under|over|at)|(?:higher|lower|better|worse) than"
    r"|(?:above|below|under|over)\s+(?:£\s?)?\d[\d,.]*\s*(?:%|days?)?\s+(?:in|for|at)\s+(?:q[1-4]|last|the previous|the same)"
    r"|last (?:year|quarter|month)|(?:previous|preceding|same) (?:year|quarter|month|period)"
    r"|(?:above|below|than|with|to|on)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}averages?"  # "above London averages", "than the national average"
    r"|limit|ceiling|behind (?:the )?(?:\w+ )?target|ahead of (?:the )?(?:\w+ )?target"
    r"|on track (?:to (?:reach|meet|achieve|deliver|hit) |for )(?:the |our )?(?:£\s?)?\d+)\b",
    re.I,
)
#: A reporting period named: a reading of a progress report is for one ("in Q2", "year to date", "2025/26",
#: "last year", "September 2025"); figures compared without one (a study's "12 months pre-referral") are not.
REPORTING_PERIOD = re.compile(
    r"\b(?:q[1-4]|quarter(?:ly)?|year[- ]to[- ]date|ytd|(?:this|last|previous|academic|financial) year"
    r"|(?:19|20)\d\d\s*[/-]\s*\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d)\b",
    re.I,
)
#: Where a subject ends: the first verb of being or reporting.
SUBJECT_END = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|stands?|stood|remains?|remained|reached|achieved|exceeded|"
    r"increased|decreased|fell|rose|improved|continues?|shows?|showed|met|currently|will|took|takes|averaged|"
    r"slipped|dropped|declined)\b",
    re.I,
)
#: Time phrases that open a sentence before its subject.
LEADING_TIME = re.compile(
    r"^(?:(?:in|during|by|as at|as of|at the end of|at|for|since)\s+(?:the\s+)?"
    r"(?:q[1-4]|quarter\s*\d|\w+ quarter|\d{4}(?:[/-]\d{2,4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)"
    r"[\w\s/-]{0,20}?,\s*)+",
    re.I,
)
#: What opens a sentence before its subject and is not part of it: a linking word ("However,"), a phrase
#: of place, time or source set off by a comma ("At our contact centre, within Q2 2025/26, ...",
#: "Based on the latest data (2024/25), ...", "Despite this drop ..., we ...").
_OPENING = re.compile(
    r"^(?:(?:however|overall|in addition|additionally|furthermore|moreover|also|meanwhile|encouragingly|positively)"
    r"|(?:at|in|within|for|during|across|based on|according to|as at|as of|by|despite|following|after|with"
    r"|compared (?:to|with))\b[^,]{1,80}),\s*",
    re.I,
)
#: A report's lead-in to its figure: "Interim data for Q2 shows ...", "Q2 showed an improvement for ...".
_SHOWS = re.compile(
    r"^(?:[\w/ -]{0,40}?\b(?:data|figures?|results?|performance|q[1-4]|quarter|(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?))"
    r"\s+(?:shows?|showed|indicates?|indicated|confirms?|confirmed)\s+(?:that\s+)?"
    r"(?:an?\s+(?:\w+\s+)?(?:improvement|increase|decrease|reduction|fall|rise|drop|change)\s+(?:in|for|of)\s+)?",
    re.I,
)
#: Words qualifying a measure's name that are the reading's, not the measure's: "the estimated year to date
#: percentage of ...", "the interim number of ...".
_QUALIFIER = re.compile(r"^(?:(?:estimated|interim|provisional|latest|current)\s+|year[- ]to[- ]date\s+)+", re.I)
#: A bracketed list explaining a measure ("courses (English ..., maths ... and digital)"): not its name.
_LONG_BRACKET = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)")
#: A target with no figure of the sentence's own subject: "should meet the 1,000 target", "on track to reach 2,000".
_FIGURE_TARGET = re.compile(
    rf"(?:\bthe\s+|\bour\s+)(?P<n>{_NUMBER})\s+(?:\w+\s+)?target\b"
    rf"|\bon track (?:to (?:reach|meet|achieve|deliver|hit)|for)\s+(?:the\s+|our\s+)?(?P<m>{_NUMBER})",
    re.I,
)
_LIMIT = re.compile(rf"\b(?:limit|ceiling|maximum|tolerance)(?:\s+\S+){{0,3}}?\s+(?:of|is|at)\s+(?P<n>{_NUMBER})", re.I)
#: A clause after the measure in a reading: "..., supported by ...", ", an improvement ...", " in Q2".
_READING_END = re.compile(
    r",\s+(?:supported|including|with|which|meaning|an?|compared|against|above|below|up|down|slightly|higher|lower"
    r"|this|as|but|and|ensuring|making)\b|\s+(?:by|against|compared|toward|towards)\s"
    r"|\s+(?:in|during|for|by|at)\s+(?:the\s+)?(?:q[1-4]\b|quarter|(?:19|20)\d\d|year)",
    re.I,
)
#: A running total a sentence ends on, which is the measure reported: "61 started in Q2, meaning a total of 1,911
#: apprenticeships have been created since ...", "..., bringing the total to 2,500".
_TOTAL = re.compile(r",?\s+(?:meaning|bringing|making|taking)\s+(?:a|the|our)\s+(?:\w+\s+)?total\s+(?:of\s+|to\s+)?(?=\S*\d)", re.I)
#: A subject naming the performance of an area ("The year-to-date overall performance for Accounts Payable").
_PERFORMANCE_OF = re.compile(
    r"^(?:.*\s)?(?:performance|rate|result)\s+(?:for|of|on|in)\s+(?P<area>.+?)(?:\s+(?:as at|as of|at the end of)\b.*)?$", re.I)
#: A topic set before a sentence's subject: "However, for minor voids, Q2 showed ...".
_TOPIC = re.compile(r"(?:^|,\s*)for\s+(?P<topic>(?:the\s+)?[A-Za-z][A-Za-z -]{2,40}?),\s", re.I)
#: A measure given as "an average turnaround of 132 days", "a rate of 4.1".
_MEASURE_OF = re.compile(
    rf"^an?\s+(?:(?:average|overall|mean|median|typical)\s+)?(?P<noun>[a-z]+(?:\s[a-z]+)?)\s+of\s+{_NUMBER}", re.I)
_PRONOUN = re.compile(r"^(?:this|it|these|they|there|which|we|i|both|all|each|that|those|he|she)\b", re.I)
_AUXILIARY = re.compile(r"\s+(?:have|has|had)\s+been\s+|\s+(?:were|was|are|is)\s+(?=\w+ed\b)", re.I)
_WHY = re.compile(r",?\s+(?:to (?:see|show|ensure|understand|measure|monitor|check)|so that|in order to|which)\b.*$", re.I)
_TARGET_FIGURE = re.compile(
    rf"\b(?:targets?(?:\s+\S+){{0,6}}?\s+(?:of|is|was|are|were|at|to be)|(?:on\s+)?target\s+at|aim(?:ing)? (?:to|for)\s+\w+\s+|goal of|ambition of)"
    rf"\s+(?:a\s+|an\s+)?(?:(?:around|about|approximately|circa)\s+)?(?P<n>{_NUMBER})",
    re.I,
)
_UPPER = re.compile(rf"\b(?:below|under|no more than|at most|less than|lower than|fewer than)\s+(?P<n>{_NUMBER})", re.I)
_LOWER = re.compile(rf"\b(?:at least|no less than|above|over|more than|higher than|exceed(?:ing)?)\s+(?P<n>{_NUMBER})", re.I)
_FROM_TO = re.compile(
    rf"\bfrom\s+(?P<a>{_NUMBER}).{{0,40}}?\bto\s+(?P<bound>(?:below|under|less than|no more than|at least|above|over|more than)\s+)?(?P<b>{_NUMBER})",
    re.I,
)
_CHANGE_BY = re.compile(rf"\b(?P<verb>reduc\w*|increas\w*|improv\w*|cut\w*|rais\w*)\b.{{0,60}}?\bby\s+(?P<n>{_NUMBER})", re.I)
#: A period closing a subject: "... in 2025/26", "for 2025-26", "in Q2".
_PERIOD_AFTER = re.compile(r"\s+(?:in|for|during)\s+(?:the\s+)?(?:q[1-4]|(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?)\b.*$", re.I)
#: Words that name a target.
_NAMES_TARGET = re.compile(r"(?<!\bto )\b(?:target(?:s|ed)?|goal|ambition|aim(?:ing)? (?:to|for))\b", re.I)  # not "to target"
#: A change of a quantity to a share of another: "increase General Fund Balances to 10% of net revenue expenditure":
#: the indicator is the one as a percentage of the other.
_SHARE_TARGET = re.compile(
    r"\b(?P<verb>increas\w*|reduc\w*|rais\w*|lower\w*|replenish\w*|rebuild\w*|cut\w*|grow\w*)\s+(?:(?:in|of)\s+)?"
    r"(?:the\s+(?:level|amount|share|proportion)\s+of\s+)?(?P<x>[A-Za-z][\w' -]{2,60}?)\s+to\s+(?:at\s+least\s+)?"
    r"(?P<n>\d+(?:\.\d+)?)\s?(?:%|per\s?cent)\s+of\s+(?:the\s+)?(?P<y>[A-Za-z][\w' -]{2,60}?)(?=\s*(?:[,.;(]|$|\s(?:by|through|over|in|from)\s))",
    re.I,
)
#: An imperative opening a target: "Reduce the rate of ...", "Increase the number of ...".
_IMPERATIVE = re.compile(r"^(?:to\s+)?(?P<verb>reduce|increase|improve|maintain|raise|cut|lower|decrease|grow|halve|double)\s+", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z£\d])")


@dataclass(kw_only=True)
class Figures:
    """What a target states, wherever it is read from: the direction sought, the unit, the value or range,
    the deadline. The target parser's rows and a sentence's indicator both carry these."""

    direction: str | None = None
    unit: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    deadline: str | None = None
    deadline_text: str | None = None

    def figures(self) -> dict[str, Any]:
        return {name.name: getattr(self, name.name) for name in fields(Figures)}


@dataclass
class SentenceTarget(Figures):
    """An indicator read from one sentence."""

    indicator: str | None
    sentence: str
    observations: list[tuple[str, str, float | None, str | None, str]] = field(default_factory=list)
    # (label, kind, value, unit, value_text)


def sentences(text: str) -> list[str]:
    """The sentences of a text: split at full stops, bullets, and a lead-in's colon ("In summary: ...")."""
    text = re.sub(r"\s+", " ", text)
    parts = re.split(r"\s*[•\uf0b7\uf0a7▪●◦]\s*|(?<=:)\s+(?=[A-Z])", text)
    return [sentence.strip() for part in parts for sentence in _SENTENCE_END.split(part) if sentence.strip()]


def read_sentence(sentence: str, reported: bool = False, cued: bool = False) -> SentenceTarget | None:
    """The indicator a sentence states against a target (or, ``reported``, reports as a reading), or None.

    A bound ("below", "at least") or a change ("from X to Y") counts only in a sentence that names a
    target, opens with a direction verb ("Reduce ..."), or gives a deadline ("by 2028/29"): evidence
    reports are full of "over 55% more likely" and "up from 1,100", which set no target.
    A sentence that states a target but names no indicator of its own ("We remain on track to reach
    2,000 by March 2026") comes back with ``indicator`` None: :func:`read_text` gives its target to
    the sentence before. ``cued``: read the sentence as a reading even without a cue (it is the one a
    target in the next sentence is for).
    """
    if len(sentence.split()) > 60 or not _measure_figures(sentence):
        return None
    if share := _SHARE_TARGET.search(sentence):
        return _share_target(sentence, share)
    reading = reported and (cued or bool(READING_CUE.search(sentence)))
    if not (reading or TARGET_CUE.search(sentence)):
        return None
    plain = LEADING_TIME.sub("", sentence).strip()
    names_target = bool(_NAMES_TARGET.search(sentence) or _LIMIT.search(sentence))
    setting = bool(names_target or _IMPERATIVE.match(plain) or _deadline(sentence))
    if not (setting or reading):
        return None
    found = SentenceTarget(_indicator(sentence), sentence)
    target_at = _read_target(found, sentence, bounds=setting)
    if found.indicator is None:
        return found if target_at is not None and not _has_own_subject(sentence) else None
    if target_at is None and not reading:
        return None
    if target_at is None and all(number(f.group(0))[1] == "gbp" for f in _measure_figures(sentence)):
        return None  # sums of money reported with no target: a budget or a variance, not a performance indicator
    if found.direction is None and (imperative := _IMPERATIVE.match(plain)):
        verb = imperative.group("verb").lower()
        found.direction = "reduce" if verb in ("reduce", "cut", "lower", "decrease", "halve") else (
            "maintain" if verb == "maintain" else "increase")
    subject_at = _find_subject(sentence, found.indicator)
    subject_end = subject_at + len(found.indicator) if subject_at >= 0 else -1
    for figure in _measure_figures(sentence):
        if target_at and figure.start() <= target_at[0] < figure.end():
            continue
        if subject_at <= figure.start() < subject_end:
            continue  # a figure inside the indicator's name ("within 30 days")
        if any(o[4] == figure.group(0).strip() for o in found.observations):
            continue
        value, unit = number(figure.group(0))
        label = _label_before(sentence, figure.start())
        before = sentence[max(0, figure.start() - 30): figure.start()]
        kind = ("baseline" if re.search(r"\bbaseline\b", label, re.I) else
                "previous" if re.search(r"\b(?:from|compared (?:to|with)|than|previous|last)\b[^,]*$", before, re.I)
                else "current")
        found.observations.append((label or "Reported", kind, value, unit, figure.group(0).strip()))
    if (when := _deadline(sentence)) is not None:
        found.deadline, found.deadline_text = when
    return found


def _share_target(sentence: str, share: re.Match[str]) -> SentenceTarget:
    what, of = share.group("x").strip(), share.group("y").strip()
    what = re.sub(r"^(?:the|our)\s+", "", what, flags=re.I)
    found = SentenceTarget(f"{what[:1].upper()}{what[1:]} as a percentage of {of}", sentence)
    found.value, found.unit = float(share.group("n")), "percent"
    verb = share.group("verb").lower()
    found.direction = "reduce" if verb.startswith(("reduc", "lower", "cut")) else "increase"
    for figure in _measure_figures(sentence):
        if not share.start("n") <= figure.start() < share.end("n"):
            value, unit = number(figure.group(0))
            found.observations.append((_label_before(sentence, figure.start()) or "Reported", "value", value, unit,
                                       figure.group(0).strip()))
    if (when := _deadline(sentence)) is not None:
        found.deadline, found.deadline_text = when
    return found


def _measure_figures(sentence: str) -> list[re.Match[str]]:
    """The figures of a sentence that are not years, a date's year or the end of a year range ("2026-27")."""
    return [figure for figure in FIGURE.finditer(sentence)
            if not _is_year(figure.group(0)) and not _after_month(sentence, figure.start())
            and not re.search(r"(?:19|20)\d\d\s*[-/–]\s*$", sentence[:figure.start()])]


def read_text(text: str, reported: bool = False) -> list[SentenceTarget]:
    """The indicators a paragraph, list item or table cell states, a sentence at a time.

    A target stated in a sentence with no indicator of its own goes to the indicator of the sentence
    before (in a progress report, that sentence is read as a reading even without a cue); with
    "respectively", one target figure to each of the readings before, in order.
    """
    reported = reported and bool(REPORTING_PERIOD.search(text))
    found: list[SentenceTarget] = []
    before: str | None = None
    last: SentenceTarget | None = None  # the reading of the sentence before, if it was one
    for sentence in sentences(text):
        read = read_sentence(sentence, reported)
        if read is not None and read.indicator is None:
            if last is None and reported and before is not None:
                last = read_sentence(before, reported=True, cued=True)
                if last is not None and last.indicator is not None:
                    found.append(last)
            if last is not None and last.indicator is not None:
                _give_target(found, read)
            read = None
        elif read is not None and last is not None and last.indicator is not None and _same_measure(read, last):
            _merge_reading(last, read)  # "The Collection target for Business Rates is 95.75%. Collection achieved ..."
            read = last
        elif read is not None:
            found.append(read)
        last, before = read, sentence
    return found


def _same_measure(read: SentenceTarget, last: SentenceTarget) -> bool:
    """A reading named by words of the sentence before's indicator only ("Collection" after "Business Rates
    collection"): the same measure, read again."""
    words = set(re.findall(r"\w+", (read.indicator or "").lower()))
    return bool(words) and words < set(re.findall(r"\w+", (last.indicator or "").lower()))


def _merge_reading(last: SentenceTarget, read: SentenceTarget) -> None:
    """A second reading of the measure before: its figures are that measure's observations."""
    for value in (read.value, read.low, read.high):
        if value is not None:
            last.observations.append((read.indicator or "Reported", "current", value, read.unit, _written(read.sentence, value)))
    last.observations.extend(read.observations)
    if last.value is None and last.low is None and last.high is None:
        last.unit = last.unit or read.unit
    last.sentence = f"{last.sentence} {read.sentence}"


def _written(sentence: str, value: float) -> str:
    for figure in FIGURE.finditer(sentence):
        if number(figure.group(0))[0] == value:
            return figure.group(0).strip()
    return f"{value:g}"


def _give_target(found: list[SentenceTarget], orphan: SentenceTarget) -> None:
    """An indicator-less sentence's target to the reading(s) before it that have none."""
    figures = _measure_figures(orphan.sentence)
    waiting: list[SentenceTarget] = []
    for reading in reversed(found):
        if reading.value is not None or reading.low is not None or reading.high is not None:
            break
        waiting.insert(0, reading)
    if not waiting:
        return
    if re.search(r"\brespectively\b", orphan.sentence, re.I) and len(figures) >= 2:
        figures = figures[-len(waiting):] if len(figures) >= len(waiting) else []
        shared = number(figures[-1].group(0))[1] if figures else None  # "120 and 40 days": the unit is written once
        for reading, figure in zip(waiting[-len(figures):], figures):
            reading.value, unit = number(figure.group(0))
            reading.unit = shared if unit == "count" else unit
        return
    reading = waiting[-1]
    reading.value, reading.low, reading.high = orphan.value, orphan.low, orphan.high
    reading.unit = reading.unit or orphan.unit
    reading.direction = reading.direction or orphan.direction
    if orphan.deadline is not None:
        reading.deadline, reading.deadline_text = orphan.deadline, orphan.deadline_text
    reading.sentence = f"{reading.sentence} {orphan.sentence}"


def _read_target(found: SentenceTarget, sentence: str, bounds: bool) -> tuple[int, int] | None:
    """Set the target the sentence states; where its figure is. Bounds and changes only when ``bounds``."""
    if match := _TARGET_FIGURE.search(sentence):
        found.value, found.unit = number(match.group("n"))
        return match.span("n")
    if match := _LIMIT.search(sentence):
        found.high, found.unit = number(match.group("n"))
        return match.span("n")
    if match := _FIGURE_TARGET.search(sentence):
        group = "n" if match.group("n") else "m"
        found.value, found.unit = number(match.group(group))
        return match.span(group)
    if not bounds:
        return None
    if match := _FROM_TO.search(sentence):
        (start, unit), (end, _) = number(match.group("a")), number(match.group("b"))
        bound = (match.group("bound") or "").strip().lower()
        if bound in ("below", "under", "less than", "no more than"):
            found.high, found.unit = end, unit
        elif bound:
            found.low, found.unit = end, unit
        else:
            found.value, found.unit = end, unit
        if start is not None and end is not None and start != end:
            found.direction = "reduce" if end < start else "increase"
        found.observations.append(("From", "baseline", start, unit, match.group("a").strip()))
        return match.span("b")
    if match := _UPPER.search(sentence):
        found.high, found.unit = number(match.group("n"))
        found.direction = "reduce"
        return match.span("n")
    if match := _LOWER.search(sentence):
        found.low, found.unit = number(match.group("n"))
        found.direction = "increase"
        return match.span("n")
    if match := _CHANGE_BY.search(sentence):
        value, found.unit = number(match.group("n"))
        reduce = match.group("verb").lower().startswith(("reduc", "cut"))
        found.value = -value if reduce and value is not None else value
        found.direction = "reduce" if reduce else "increase"
        return match.span("n")
    return None


def number(text: str) -> tuple[float | None, str | None]:
    """The value and unit of a figure as written ("96%", "£220.6m", "1,000", "140 days")."""
    digits = re.search(r"[-+−]?\d[\d,]*(?:\.\d+)?", text)
    if not digits:
        return None, None
    value = float(digits.group(0).replace(",", "").replace("−", "-"))
    lower = text.lower()
    if "%" in lower or "per" in lower:
        return value, "percent"
    if "£" in lower:
        return value, "gbp"
    if "day" in lower:
        return value, "days"
    return value, "count"


def _without_opening(sentence: str) -> str:
    """A sentence without what opens it before its subject: time phrases, linking words, a report's lead-in."""
    text = sentence.strip()
    while True:
        shorter = _SHOWS.sub("", _OPENING.sub("", LEADING_TIME.sub("", text).strip()).strip()).strip()
        if shorter == text:
            return text
        text = shorter


def _subject(text: str) -> tuple[str, re.Match[str] | None]:
    end = SUBJECT_END.search(text)
    return (text[: end.start()] if end else ""), end


def _has_own_subject(sentence: str) -> bool:
    """Whether a sentence names what it is about before its verb (not "We", "The programme", "Both")."""
    subject, _ = _subject(_without_opening(sentence))
    subject = re.sub(r"^(?:the|our|a|an)\s+", "", subject.strip(), flags=re.I)
    return len(subject.split()) >= 2 and not _PRONOUN.match(subject)


def _find_subject(sentence: str, indicator: str) -> int:
    """Where the indicator's name begins in its sentence (its first words), or -1."""
    at = sentence.lower().find(indicator.lower())
    if at < 0 and len(indicator.split()) > 3:
        at = sentence.lower().find(" ".join(indicator.split()[:3]).lower())
    return at


def _indicator(sentence: str) -> str | None:
    """The subject of a sentence: what is measured (the object, after an imperative "Reduce ...")."""
    text = _without_opening(sentence)
    if total := _TOTAL.search(text):
        text = text[total.end():]
    if imperative := _IMPERATIVE.match(text):
        text = re.split(r"\s(?:from|to|by|below|under|above|over|at)\s|,|;|\(", text[imperative.end():], maxsplit=1)[0]
        text = re.sub(r"^(?:the|our)\s+", "", text.strip(), flags=re.I)
        return text[:1].upper() + text[1:] if 2 <= len(text.split()) <= 16 else None
    subject, end = _subject(text)
    if not end and (topic := _TOPIC.search(sentence)) and (measure := _MEASURE_OF.match(text)):
        # "For minor voids, Q2 showed an average turnaround of 132 days": the measure of the topic
        about = re.sub(r"^the\s+", "", topic.group("topic"), flags=re.I)
        what = f"{measure.group('noun')} of {about}"
        return what[:1].upper() + what[1:]
    if total and not end:
        subject = _READING_END.split(text, maxsplit=1)[0]  # "... bringing the total to 310 homes retrofitted since 2023."
    if end and (area := _PERFORMANCE_OF.match(subject.strip())) and (
            of := re.match(rf"^\s*(?:is|was|stands at|stood at)\s+(?:at\s+)?{_NUMBER}\s+of\s+(?P<y>.+)", text[end.start():], re.I)):
        # "The overall performance for Accounts Payable is 96% of invoices being paid within 30 days, ...":
        # the area's measure is the share's population
        population = _READING_END.split(of.group("y"), maxsplit=1)[0].strip(" ,.;")
        return f"{_PERIOD_AFTER.sub('', area.group('area')).strip()}: {population}"
    share_of = bool(re.match(rf"^\s*(?:{_NUMBER})\s+of\s+", subject, re.I)) and "%" in subject.split(" of ")[0]
    if end and re.match(r"^\s*(?:have|has|had)\s+been\b|^\s*(?:were|was|are|is)\s+\w+ed\b", text[end.start():], re.I):
        # "884 cycle hangars have been installed by Q2": the measure is what was done
        rest = _AUXILIARY.sub(" ", text[end.start():], count=1)
        subject = text[: end.start()] + " " + re.split(r",|\s(?:by|against|toward|towards|compared|with|in)\s", rest.strip(), maxsplit=1)[0]
    elif end and share_of and re.match(r"^\s*\w+ed\b", text[end.start():]):
        # "87% of young people achieved a positive outcome within three months, ...": the share's population
        # and what it did
        subject = _READING_END.split(text, maxsplit=1)[0]
    subject = _WHY.sub("", subject)
    subject = re.sub(rf"^\s*(?:the\s+)?(?:{_NUMBER})\s+(?:of\s+(?:all\s+|the\s+)?)?", "", subject, flags=re.I).strip(" ,;:-–")
    subject = re.sub(r"^(?:our|the|a|an)\s+", "", subject, flags=re.I)
    subject = _QUALIFIER.sub("", subject)
    subject = _LONG_BRACKET.sub(lambda m: "" if len(m.group(0).split()) >= 4 else m.group(0), subject)
    subject = re.sub(r"\s+(?:target|targets|performance target)$", "", subject, flags=re.I)
    subject = _PERIOD_AFTER.sub("", subject)
    subject = re.sub(r"\s+(?:as at|as of|at the end of|for the same period|over the same period|this (?:quarter|year)|so far)\b.*$", "", subject, flags=re.I)
    if named := re.match(r"^(?P<what>.+?)\s+targets?\s+(?:for|of)\s+(?P<whose>.+)$", subject, re.I):
        subject = f"{named.group('whose')} {named.group('what').lower()}"  # "Collection target for Business Rates"
    subject = subject.strip(" ,;:-–.")
    words = subject.split()
    if len(words) == 1 and re.fullmatch(r"[A-Z][a-z]{5,}", words[0]) and not _PRONOUN.match(subject):
        return subject  # a one-word measure opening the sentence: "Reoffending remained below 3%"
    if not 2 <= len(words) <= 16 or FIGURE.search(subject) and len(words) < 3:
        return None
    if _PRONOUN.match(subject):
        return None
    return subject[:1].upper() + subject[1:]


def _label_before(sentence: str, at: int) -> str:
    words = re.findall(r"[A-Za-z][\w'-]*", sentence[max(0, at - 40): at])
    return " ".join(words[-3:])


def _deadline(sentence: str) -> tuple[str, str] | None:
    match = re.search(r"\bby\s+(?:the\s+end\s+of\s+)?(?P<when>(?:\w+\s+)?\d{4}(?:\s*[/-]\s*\d{2,4})?)", sentence, re.I)
    if not match:
        return None
    found = parse_due(match.group("when"))  # a financial year as a deadline is its end: "by 2028/29" -> 2029-03
    return (found.iso, match.group(0)) if found is not None and found.iso else None


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:19|20)\d{2}\s*", text))


def _after_month(sentence: str, at: int) -> bool:
    return bool(re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$", sentence[max(0, at - 12):at], re.I))
