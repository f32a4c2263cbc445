"""A review session: what to ask next, what a key does, and what the screen shows; no terminal I/O here.

The reviewer sees one commitment (its document, priority, number, text and progress) and its candidates
in one later document of the borough: the machine's ranked candidates there (``link_candidates``: the
later commitments it ranks among this one's best, and those that rank this one among theirs, which is what
candidate recall@k measures) and its links (``commitment_links``, marked as such). A commitment with
candidates in three later documents comes up three times, once for each. One candidate is highlighted; a key gives it a verdict (c
continues, r revised, n not the same) and the highlight moves on to the next undecided candidate, then to
the next commitment. ``strategy-extract review`` (extract/cli.py) draws :func:`render`, reads a key and
hands it to :meth:`Session.press`, and writes the decisions it returns to the review file at once.

A session starts where the last one stopped: at the commitment of the file's last decision if any of its
candidates is still undecided, else at the next commitment with one; pairs already decided are not asked
again (the reviewer can go back to one to change it).
"""

from __future__ import annotations

import sqlite3
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from models import ReviewDecision
from models.review import Verdict

#: Candidates shown per commitment and later document: the later commitments ranked this well or better from either
#: end (rank or reverse_rank; links are shown whatever their rank). 5: the k of the candidate recall@5 the link step
#: is measured by (extract/evaluate/links.py), so a review sees every pair that measure counts.
TOP = 5
#: Lines of a candidate's text shown (the commitment under review is shown whole).
CANDIDATE_LINES = 4
#: Progress updates shown under the commitment.
PROGRESS_SHOWN = 3

VERDICT_KEYS: dict[str, Verdict] = {"c": "continues", "r": "revised", "n": "not_same"}
SAID = {"continues": "continues", "revised": "revised", "not_same": "not the same"}
UP, DOWN = ("k", "\x1b[A", "\x1bOA"), ("j", "\t", "\x1b[B", "\x1bOB")
KEYS_LINE = "c continues  r revised  n not the same  N none of the rest  1-9/j/k pick  s skip  b back  q quit  ? help"
HELP = """\
  c    the highlighted candidate continues this commitment: the same pledge carried on, renumbered
       or lightly reworded
  r    it revises it: reworded, narrowed or widened, but the same commitment
  n    it is not the same commitment: the pair is never proposed again
  N    none of the undecided candidates is the same (n on each), then the next commitment
  1-9  highlight that candidate; j / k / arrows / Tab move the highlight
       (rank: the candidate's place among this commitment's; reverse rank: this commitment's among the
       candidate's, shown when better)
  s    skip: leave the rest of this commitment undecided for now, go to the next
  b    back to the previous commitment (to change a verdict: highlight it, press another key)
  e    write a note that goes with the next verdict (the note field of the review file)
  q    quit: every verdict is in the review file already; the next session starts here"""


@dataclass(frozen=True)
class Shown:
    """A commitment as the screen shows it."""

    id: str
    document_id: str
    document: str  # the document's label: borough, years, title
    number: str | None
    kind: str
    text: str
    priority: str | None = None
    progress: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        """Its number, else its kind and place in the document (``objective 2``)."""
        return self.number or self.id.split(":", 1)[-1].replace(":", " ")

    @property
    def named(self) -> str:
        """How the screen names it: ``commitment 1.6``, ``action 3.2``, ``objective 2``."""
        return f"{self.kind} {self.number}" if self.number else self.place


@dataclass(frozen=True)
class Candidate:
    """A later commitment proposed as the same as the one under review."""

    commitment: Shown
    score: float
    rank: int | None = None  # among the machine's candidates (1 best); None: only a link
    reverse_rank: int | None = None  # of the commitment under review among this one's candidates (1 best)
    link: str | None = None  # the link on the pair in commitment_links, e.g. 'automatic continues'


@dataclass(frozen=True)
class Item:
    """A commitment to review and its candidates, best first."""

    commitment: Shown
    candidates: tuple[Candidate, ...]
    later: str = ""  # the label of the later document the candidates are in

    def pairs(self) -> list[tuple[str, str]]:
        return [(self.commitment.id, candidate.commitment.id) for candidate in self.candidates]


# -- what there is to review ---------------------------------------------------------------------------


def has_table(connection: sqlite3.Connection, name: str) -> bool:
    return connection.execute("select 1 from sqlite_master where type = 'table' and name = ?", (name,)).fetchone() is not None


CANDIDATES_SQL = """
select c.from_commitment_id, c.to_commitment_id, c.rank, c.reverse_rank, c.score
from link_candidates c
join documents a on a.id = c.from_document_id
join documents b on b.id = c.to_document_id
where a.borough_id = b.borough_id and (c.rank <= ? or c.reverse_rank <= ?)
"""
LINKS_SQL = """
select l.from_commitment_id, l.to_commitment_id, l.type, l.method, l.score
from commitment_links l
join documents a on a.id = l.from_document_id
join documents b on b.id = l.to_document_id
where a.borough_id = b.borough_id and l.type in ('continues', 'revised')
"""
COMMITMENTS_SQL = """
select c.id, c.document_id, coalesce(d.label, d.title), c.number, c.kind, c.text,
       case when p.id is null then null else trim(coalesce(p.number || ' ', '') || p.title) end,
       d.position, c.ordinal, c.position
from commitments c
join documents d on d.id = c.document_id
left join priorities p on p.id = c.priority_id
where c.id in ({marks})
"""
PROGRESS_SQL = """
select commitment_id, coalesce(period || ': ', '') || status || ': ' || text
from progress_updates where commitment_id in ({marks}) order by commitment_id, rowid
"""


def _chunks(values: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def load_items(database: Path | sqlite3.Connection, document: str | None = None, top: int = TOP) -> list[Item]:
    """Every commitment of a borough's documents that has candidates in a later document (of ``document`` only, if
    given), one item for each later document, in the documents' order: the later commitments ranked within ``top``
    from either end (``rank`` or ``reverse_rank``), best first, and any link on the pair."""
    connection = database if isinstance(database, sqlite3.Connection) else sqlite3.connect(
        f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
    try:
        found: dict[tuple[str, str], dict] = {}
        if has_table(connection, "link_candidates"):
            for source, target, rank, reverse, score in connection.execute(CANDIDATES_SQL, (top, top)):
                found[(source, target)] = {"rank": rank, "reverse": reverse, "score": score, "link": None}
        for source, target, type_, method, score in connection.execute(LINKS_SQL):
            kind = "reviewed" if method == "reviewed" else "automatic"
            entry = found.setdefault((source, target), {"rank": None, "reverse": None, "score": score, "link": None})
            entry["link"] = f"{kind} {type_}"
        ids = sorted({commitment for pair in found for commitment in pair})
        shown: dict[str, Shown] = {}
        order: dict[str, tuple] = {}
        progress: dict[str, list[str]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in connection.execute(COMMITMENTS_SQL.format(marks=marks), list(chunk)):
                id_, document_id, label, number, kind, text, priority, doc_position, ordinal, position = row
                shown[id_] = Shown(id_, document_id, label, number, kind, text, priority)
                order[id_] = (doc_position or 0, ordinal or 0, position or 0, id_)
            for commitment, line in connection.execute(PROGRESS_SQL.format(marks=marks), list(chunk)):
                progress.setdefault(commitment, []).append(line)
    finally:
        if not isinstance(database, sqlite3.Connection):
            connection.close()
    grouped: dict[tuple[str, str], list[Candidate]] = {}
    for (source, target), entry in found.items():
        if source not in shown or target not in shown:
            continue
        if document is not None and shown[source].document_id != document:
            continue
        later = replace(shown[target], progress=tuple(progress.get(target, ())))
        grouped.setdefault((source, later.document_id), []).append(
            Candidate(later, float(entry["score"] or 0.0), rank=entry["rank"], reverse_rank=entry["reverse"], link=entry["link"]))
    items = []
    for source, later_document in sorted(grouped, key=lambda key: (order[key[0]], order[grouped[key][0].commitment.id][0],
                                                                     key[1])):
        ranked = sorted(grouped[source, later_document], key=lambda c: (c.rank is None, c.rank or 0, -c.score, order[c.commitment.id]))
        commitment = replace(shown[source], progress=tuple(progress.get(source, ())))
        items.append(Item(commitment, tuple(ranked), later=ranked[0].commitment.document))
    return items


# -- the session ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a key did: decisions to write now, a message for the reviewer, whether to ask for a note or stop."""

    decisions: list[ReviewDecision] = field(default_factory=list)
    message: str = ""
    ask_note: bool = False
    quit: bool = False


class Session:
    """The state of a review: the commitment shown, the highlighted candidate, the decisions so far."""

    def __init__(self, items: Sequence[Item], decisions: Iterable[ReviewDecision], reviewer: str,
                 today: date | None = None) -> None:
        self.items = list(items)
        history = list(decisions)
        self.verdicts: dict[tuple[str, str], Verdict] = {d.pair: d.verdict for d in history}
        self.reviewer = reviewer
        self.today = today or date.today()
        self.note: str | None = None
        self.skipped: set[int] = set()
        self.written = 0
        self.show_help = False
        self.message = ""
        self.index: int | None = self._start(history)
        self.cursor = self._first_undecided(self.index) if self.index is not None else 0

    # where to be

    def _start(self, history: list[ReviewDecision]) -> int | None:
        """The commitment of the last decision, if it has undecided candidates, else the next that has (wrapping)."""
        where: dict[str, int] = {}
        for index, item in enumerate(self.items):
            where.setdefault(item.commitment.id, index)
        last = next((where[d.from_commitment_id] for d in reversed(history) if d.from_commitment_id in where), None)
        return self._next_pending(last - 1 if last is not None else -1)

    def pending(self, index: int) -> bool:
        return any(pair not in self.verdicts for pair in self.items[index].pairs())

    def _next_pending(self, after: int) -> int | None:
        count = len(self.items)
        for step in range(1, count + 1):
            index = (after + step) % count
            if index not in self.skipped and self.pending(index):
                return index
        return None

    def _first_undecided(self, index: int, start: int = 0) -> int:
        pairs = self.items[index].pairs()
        for offset in range(len(pairs)):
            position = (start + offset) % len(pairs)
            if pairs[position] not in self.verdicts:
                return position
        return min(start, len(pairs) - 1)

    def current(self) -> Item | None:
        return None if self.index is None else self.items[self.index]

    def left(self) -> int:
        """Commitments with an undecided candidate."""
        return sum(1 for index in range(len(self.items)) if self.pending(index))

    def undecided_pairs(self) -> int:
        return sum(1 for item in self.items for pair in item.pairs() if pair not in self.verdicts)

    def verdict(self, candidate: int) -> Verdict | None:
        item = self.current()
        return None if item is None else self.verdicts.get(item.pairs()[candidate])

    # keys

    def press(self, key: str) -> Outcome:
        """Apply one key to the session; what to write and say."""
        item = self.current()
        outcome = Outcome()
        if item is None:
            outcome.quit = True
            return outcome
        assert self.index is not None
        count = len(item.candidates)
        if key in ("q", "Q", "\x1b", "\x04"):
            outcome.quit = True
        elif key in VERDICT_KEYS:
            outcome.decisions.append(self._decide(item, self.cursor, VERDICT_KEYS[key]))
            self._advance(item)
        elif key == "N":
            for position, pair in enumerate(item.pairs()):
                if pair not in self.verdicts:
                    outcome.decisions.append(self._decide(item, position, "not_same"))
            self._advance(item)
        elif key.isdigit() and 1 <= int(key) <= count:
            self.cursor = int(key) - 1
        elif key in DOWN:
            self.cursor = (self.cursor + 1) % count
        elif key in UP:
            self.cursor = (self.cursor - 1) % count
        elif key in ("s", " "):
            self.skipped.add(self.index)
            self._go(self._next_pending(self.index))
        elif key == "b":
            self.index = (self.index - 1) % len(self.items)
            self.skipped.discard(self.index)
            self.cursor = self._first_undecided(self.index)
        elif key == "e":
            outcome.ask_note = True
        elif key in ("?", "h"):
            self.show_help = not self.show_help
        elif key in ("\r", "\n"):
            pass
        else:
            outcome.message = f"{key!r} does nothing here: {KEYS_LINE}"
        if outcome.decisions:
            said = ", ".join(f"{d.to_commitment_id.split(':', 1)[-1].replace(':', ' ')} {SAID[d.verdict]}"
                             for d in outcome.decisions)
            outcome.message = f"Saved: {said}."
        self.message = outcome.message
        return outcome

    def _decide(self, item: Item, position: int, verdict: Verdict) -> ReviewDecision:
        source, target = item.pairs()[position]
        decision = ReviewDecision(from_commitment_id=source, to_commitment_id=target, verdict=verdict,
                                  reviewer=self.reviewer, date=self.today, note=self.note or None)
        self.note = None
        self.verdicts[decision.pair] = verdict
        self.written += 1
        return decision

    def _advance(self, item: Item) -> None:
        """To the next undecided candidate of this commitment, else to the next commitment with one."""
        assert self.index is not None
        if self.pending(self.index):
            self.cursor = self._first_undecided(self.index, self.cursor + 1)
        else:
            self._go(self._next_pending(self.index))

    def _go(self, index: int | None) -> None:
        self.index = index
        self.cursor = self._first_undecided(index) if index is not None else 0


# -- the screen ----------------------------------------------------------------------------------------


def _plain(text: str, **_: object) -> str:
    return text


def render(session: Session, width: int = 100, style: Callable[..., str] = _plain) -> str:
    """The screen for the session's current commitment (plain text; ``style`` is ``click.style`` on a terminal)."""
    item = session.current()
    if item is None:
        return "Nothing left to review."
    width = max(width, 40)
    wrap = textwrap.TextWrapper(width=width - 4, initial_indent="    ", subsequent_indent="    ")
    this = item.commitment
    left = session.left()
    counter = f"   [{left} to review]"
    lines = [style(textwrap.shorten(this.document, width - len(counter), placeholder=" ..."), bold=True)
             + style(counter, dim=True)]
    if this.priority:
        lines.append("  " + textwrap.shorten(f"Priority {this.priority}", width - 2, placeholder=" ..."))
    lines.append(f"  {style(this.named, bold=True)}   ({this.id})")
    lines += [style(line, bold=True) for line in wrap.wrap(this.text)]
    for update in this.progress[:PROGRESS_SHOWN]:
        lines.append("  " + textwrap.shorten(f"progress: {update}", width - 2, placeholder=" ..."))
    if len(this.progress) > PROGRESS_SHOWN:
        lines.append(f"  ... and {len(this.progress) - PROGRESS_SHOWN} more progress updates")
    lines.append("")
    lines.append(f"  Is it the same commitment as one of these ({len(item.candidates)}), in "
                 + textwrap.shorten(item.later, max(20, width - 50), placeholder=" ...") + "?")
    short = textwrap.TextWrapper(width=width - 7, initial_indent="       ", subsequent_indent="       ",
                                 max_lines=CANDIDATE_LINES, placeholder=" ...")
    for position, candidate in enumerate(item.candidates):
        other = candidate.commitment
        highlighted = position == session.cursor
        verdict = session.verdict(position)
        marks = [f"score {candidate.score:.2f}"]
        if candidate.rank is not None:
            marks.append(f"rank {candidate.rank}" + (f", reverse rank {candidate.reverse_rank}"
                                                     if candidate.reverse_rank and candidate.reverse_rank < candidate.rank
                                                     else ""))
        if candidate.link:
            marks.append(candidate.link)
        # one document per screen (named above): each candidate is its number, its measures and its text
        head = f"{'>' if highlighted else ' '} {position + 1}. {other.named}"
        status = f"   decided: {SAID[verdict]}" if verdict else ""
        if not (verdict and not highlighted):  # a decided candidate is one line, unless highlighted to change it
            lines.append("")
        lines.append(style(head, bold=True, reverse=highlighted) + "   " + "  ".join(marks)
                     + style(status, fg="green" if verdict and verdict != "not_same" else "yellow"))
        if verdict and not highlighted:
            lines[-1] += "   " + textwrap.shorten(other.text, max(20, width - len(head) - 60), placeholder=" ...")
        else:
            lines += short.wrap(other.text)
    lines.append("")
    if session.show_help:
        lines += [HELP, ""]
    if session.note:
        lines.append(f"  note for the next verdict: {session.note}")
    if session.message:
        lines.append("  " + session.message)
    lines.append(style(KEYS_LINE, dim=True))
    return "\n".join(lines)


def keys_of(chunk: str) -> list[str]:
    """The keys in what one read of the terminal gave: an escape sequence (an arrow) is one key, else each character."""
    keys: list[str] = []
    position = 0
    while position < len(chunk):
        if chunk[position] == "\x1b" and position + 2 < len(chunk) and chunk[position + 1] in "[O":
            keys.append(chunk[position:position + 3])
            position += 3
        else:
            keys.append(chunk[position])
            position += 1
    return keys
