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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from .dates import find_date

_NUMBER = r"(?:£\s?)?[-+−]?\d[\d,]*(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b|m\b|bn\b|k\b|million\b|days?\b)?"
#: A figure as written, with its currency and unit words.
FIGURE = re.compile(rf"(?<![\w/.]){_NUMBER}", re.I)
#: Words that make a sentence state a target (the cue).
TARGET_CUE = re.compile(
    r"\b(?:target(?:s|ed)?|goal|ambition|aim(?:ing)? (?:to|for)|against|no (?:more|less|fewer) than|at (?:least|most)"
    r"|below|under|above|exceed(?:ing|s)?|(?:reduc|increas|improv)\w* (?:\S+ ){0,12}?(?:by|to) \d|from .{1,40}? to \d)",
    re.I,
)
#: Where a subject ends: the first verb of being or reporting.
SUBJECT_END = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|stands?|stood|remains?|remained|reached|achieved|exceeded|"
    r"increased|decreased|fell|rose|improved|continues?|shows?|showed|met|currently|will)\b",
    re.I,
)
#: Time phrases that open a sentence before its subject.
LEADING_TIME = re.compile(
    r"^(?:(?:in|during|by|as at|as of|at the end of|at|for|since)\s+(?:the\s+)?"
    r"(?:q[1-4]|quarter\s*\d|\w+ quarter|\d{4}(?:[/-]\d{2,4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)"
    r"[\w\s/-]{0,20}?,\s*)+",
    re.I,
)
_AUXILIARY = re.compile(r"\s+(?:have|has|had)\s+been\s+|\s+(?:were|was|are|is)\s+(?=\w+ed\b)", re.I)
_WHY = re.compile(r",?\s+(?:to (?:see|show|ensure|understand|measure|monitor|check)|so that|in order to|which)\b.*$", re.I)
_TARGET_FIGURE = re.compile(
    rf"\b(?:target(?:\s+\S+){{0,6}}?\s+(?:of|is|was|at|to be)|(?:on\s+)?target\s+at|aim(?:ing)? (?:to|for)\s+\w+\s+|goal of|ambition of)"
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
_NAMES_TARGET = re.compile(r"\b(?:target(?:s|ed)?|goal|ambition|aim(?:ing)? (?:to|for))\b", re.I)
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

    def figures(self) -> dict[str, object]:
        return {name.name: getattr(self, name.name) for name in fields(Figures)}


@dataclass
class SentenceTarget(Figures):
    """An indicator read from one sentence."""

    indicator: str
    sentence: str
    observations: list[tuple[str, str, float | None, str | None, str]] = field(default_factory=list)
    # (label, kind, value, unit, value_text)


def sentences(text: str) -> list[str]:
    """The sentences of a text: split at full stops, bullets, and a lead-in's colon ("In summary: ...")."""
    text = re.sub(r"\s+", " ", text)
    parts = re.split(r"\s*[•\uf0b7\uf0a7▪●◦]\s*|(?<=:)\s+(?=[A-Z])", text)
    return [sentence.strip() for part in parts for sentence in _SENTENCE_END.split(part) if sentence.strip()]


def read_sentence(sentence: str) -> SentenceTarget | None:
    """The indicator a sentence states against a target, or None.

    A bound ("below", "at least") or a change ("from X to Y") counts only in a sentence that names a
    target, opens with a direction verb ("Reduce ..."), or gives a deadline ("by 2028/29"): evidence
    reports are full of "over 55% more likely" and "up from 1,100", which set no target.
    """
    if len(sentence.split()) > 60 or not FIGURE.search(sentence) or not TARGET_CUE.search(sentence):
        return None
    plain = LEADING_TIME.sub("", sentence).strip()
    if not (_NAMES_TARGET.search(sentence) or _IMPERATIVE.match(plain) or _deadline(sentence)):
        return None
    indicator = _indicator(sentence)
    if indicator is None:
        return None
    found = SentenceTarget(indicator, sentence)
    target_at: tuple[int, int] | None = None
    if match := _TARGET_FIGURE.search(sentence):
        found.value, found.unit = number(match.group("n"))
        target_at = match.span("n")
    elif match := _FROM_TO.search(sentence):
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
        target_at = match.span("b")
    elif match := _UPPER.search(sentence):
        found.high, found.unit = number(match.group("n"))
        found.direction = "reduce"
        target_at = match.span("n")
    elif match := _LOWER.search(sentence):
        found.low, found.unit = number(match.group("n"))
        found.direction = "increase"
        target_at = match.span("n")
    elif match := _CHANGE_BY.search(sentence):
        value, found.unit = number(match.group("n"))
        reduce = match.group("verb").lower().startswith(("reduc", "cut"))
        found.value = -value if reduce and value is not None else value
        found.direction = "reduce" if reduce else "increase"
        target_at = match.span("n")
    else:
        return None
    if found.direction is None and (imperative := _IMPERATIVE.match(LEADING_TIME.sub("", sentence).strip())):
        verb = imperative.group("verb").lower()
        found.direction = "reduce" if verb in ("reduce", "cut", "lower", "decrease", "halve") else (
            "maintain" if verb == "maintain" else "increase")
    subject_at = sentence.find(re.sub(r"^\W+", "", indicator.split()[0]))
    subject_end = subject_at + len(indicator) if subject_at >= 0 else -1
    for figure in FIGURE.finditer(sentence):
        if target_at and figure.start() <= target_at[0] < figure.end() or _is_year(figure.group(0)):
            continue
        if subject_at <= figure.start() < subject_end or _after_month(sentence, figure.start()):
            continue  # a figure inside the indicator's name ("within 30 days"), or a date's year
        if any(o[4] == figure.group(0).strip() for o in found.observations):
            continue
        value, unit = number(figure.group(0))
        label = _label_before(sentence, figure.start())
        kind = "baseline" if re.search(r"\bbaseline\b", label, re.I) else "current"
        found.observations.append((label or "Reported", kind, value, unit, figure.group(0).strip()))
    if (when := _deadline(sentence)) is not None:
        found.deadline, found.deadline_text = when
    return found


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


def _indicator(sentence: str) -> str | None:
    """The subject of a sentence: what is measured (the object, after an imperative "Reduce ...")."""
    text = LEADING_TIME.sub("", sentence).strip()
    if imperative := _IMPERATIVE.match(text):
        text = re.split(r"\s(?:from|to|by|below|under|above|over|at)\s|,|;|\(", text[imperative.end():], maxsplit=1)[0]
        text = re.sub(r"^(?:the|our)\s+", "", text.strip(), flags=re.I)
        return text[:1].upper() + text[1:] if 2 <= len(text.split()) <= 16 else None
    end = SUBJECT_END.search(text)
    subject = text[: end.start()] if end else ""
    if end and re.match(r"^\s*(?:have|has|had)\s+been\b|^\s*(?:were|was|are|is)\s+\w+ed\b", text[end.start():], re.I):
        # "884 cycle hangars have been installed by Q2": the measure is what was done
        rest = _AUXILIARY.sub(" ", text[end.start():], count=1)
        subject = text[: end.start()] + " " + re.split(r",|\s(?:by|against|toward|towards|compared|with|in)\s", rest.strip(), maxsplit=1)[0]
    subject = _WHY.sub("", subject)
    subject = re.sub(rf"^\s*(?:the\s+)?(?:{_NUMBER})\s+", "", subject, flags=re.I).strip(" ,;:-–")
    subject = re.sub(r"^(?:our|the|a|an)\s+", "", subject, flags=re.I)
    subject = re.sub(r"\s+(?:target|targets|performance target)$", "", subject, flags=re.I)
    subject = _PERIOD_AFTER.sub("", subject)
    subject = re.sub(r"\s+(?:as at|as of|at the end of|for the same period|over the same period|this (?:quarter|year)|so far)\b.*$", "", subject, flags=re.I)
    if named := re.match(r"^(?P<what>.+?)\s+targets?\s+(?:for|of)\s+(?P<whose>.+)$", subject, re.I):
        subject = f"{named.group('whose')} {named.group('what').lower()}"  # "Collection target for Business Rates"
    words = subject.split()
    if not 2 <= len(words) <= 16 or FIGURE.search(subject) and len(words) < 3:
        return None
    if re.match(r"^(?:this|it|these|they|there|which|we|i)\b", subject, re.I):
        return None
    return subject[:1].upper() + subject[1:]


def _label_before(sentence: str, at: int) -> str:
    words = re.findall(r"[A-Za-z][\w'-]*", sentence[max(0, at - 40): at])
    return " ".join(words[-3:])


def _deadline(sentence: str) -> tuple[str, str] | None:
    match = re.search(r"\bby\s+(?:the\s+end\s+of\s+)?(?P<when>(?:\w+\s+)?\d{4}(?:\s*[/-]\s*\d{2,4})?)", sentence, re.I)
    if not match:
        return None
    when = match.group("when")
    financial = re.fullmatch(r"(?:\w+\s+)?(\d{4})\s*[/-]\s*(\d{2,4})", when)
    if financial and not re.match(r"[a-z]", when, re.I):
        end = int(financial.group(2)) % 100 + (int(financial.group(1)) // 100) * 100
        return f"{end:04d}-03", match.group(0)  # a financial year ends in March
    found = find_date(match.group(0))
    return (found.iso, found.text) if found is not None and found.iso else None


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:19|20)\d{2}\s*", text))


def _after_month(sentence: str, at: int) -> bool:
    return bool(re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$", sentence[max(0, at - 12):at], re.I))
