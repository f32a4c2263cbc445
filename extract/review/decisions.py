"""The review file, corpus/reviews.yml: read and checked like the manifest, written one decision at a time.

Reading reports every problem at once, each naming the file, the line, the decision (its number and its
pair) and the field, with what to write instead. Writing keeps the file as a person would: its comments
and its order stay as they are, a new decision is appended at the end (the file reads in the order the
decisions were made), and a new decision on a pair already decided takes the old one's place at the end
(one decision per pair). Every write goes to a temporary file that replaces the old one only once it is
complete and read back, so a crash or a power cut loses at most the decision being written.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from models import ReviewDecision, ReviewFile

from ..bounded_yaml import TooLarge, bounded
from models.review import REVIEW_FILE_VERSION

from ..errors import ManifestError

#: The review file's name in a corpus folder (optional: without it, nothing was reviewed).
REVIEWS = "reviews.yml"

HEADER = """\
# Decisions of people who reviewed the links between commitments (strategy-extract review).
# Each decision is on a pair of commitments, the earlier first: the later one continues the earlier,
# revises it, or is not the same commitment (not_same). The build applies them over the machine's
# links: see README.md, Reviewing links. One decision per pair; a new one replaces the old.
"""

#: What to write instead, by field, after pydantic's own message.
REMEDIES = {
    "verdict": "write continues, revised or not_same",
    "date": "write the day as YYYY-MM-DD, e.g. 2026-05-01",
    "from_commitment_id": "write a commitment id as in the commitments table, e.g. barnet-2015-2020-strategy:1.6",
    "to_commitment_id": "write a commitment id as in the commitments table, e.g. barnet-2022-23-action-plan:outcome:2",
    "reviewer": "write who decided: a name or initials",
    "note": "write the note as text, or leave it out",
    "version": f"write version: {REVIEW_FILE_VERSION}",
}
FIELDS = "from_commitment_id, to_commitment_id, verdict, reviewer, date and note"


class ReviewFileError(ManifestError):
    """The review file is wrong: every problem, each located, with what to write instead."""


@dataclass(frozen=True)
class _Entry:
    """A decision as the file holds it: its value and the lines it takes (first, and one past the last)."""

    value: Any
    first_line: int
    end_line: int


@dataclass(frozen=True)
class _Parsed:
    data: dict[str, Any]
    entries: list[_Entry]
    #: Characters to cut from the text before appending (an empty flow list, ``decisions: []``), or None.
    empty_list: tuple[int, int] | None = None


def _parse(text: str, path: Path | str, problems: list[str]) -> _Parsed | None:
    """The file's data and its decisions' places in the text; None (and the problem) if it is not one mapping."""
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problems.append(f"{path}{where}: not valid YAML: {getattr(error, 'problem', error)}")
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode | type(None)):
        problems.append(f"{path}: expected 'version: {REVIEW_FILE_VERSION}' and a 'decisions:' list")
        return None
    entries: list[_Entry] = []
    empty_list = None
    for key, node in root.value if root is not None else []:
        if key.value != "decisions" or not isinstance(node, yaml.SequenceNode):
            continue
        if node.flow_style and not node.value:
            empty_list = (node.start_mark.index, node.end_mark.index)
        for index, item in enumerate(node.value, start=1):
            try:
                bounded(item, f"decision #{index}")
            except TooLarge as error:  # aliases repeating lists: refused before pydantic prints the value
                problems.append(f"{path}: {error}")
                return None
        for value, item in zip(data.get("decisions") or [], node.value, strict=False):
            last = item.value[-1][1] if isinstance(item, yaml.MappingNode) and item.value else item
            end = last.end_mark.line + (0 if last.end_mark.column == 0 else 1)
            entries.append(_Entry(value, item.start_mark.line, max(end, item.start_mark.line + 1)))
    return _Parsed(data, entries, empty_list)


def read_reviews(path: Path, problems: list[str]) -> list[ReviewDecision]:
    """The decisions of a review file, in file order; the problems of those that are wrong (none kept then)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text")
        return []
    parsed = _parse(text, path, problems)
    if parsed is None:
        return []
    found: list[str] = []
    data = parsed.data
    for key in sorted(set(data) - {"version", "decisions"}, key=str):
        found.append(f"{path}: unknown key {key!r} (the file has 'version:' and 'decisions:' only)")
    try:
        ReviewFile.model_validate({"version": data.get("version")})
    except ValidationError:
        found.append(f"{path}, field 'version': is {data.get('version')!r} ({REMEDIES['version']})")
    listed = data.get("decisions")
    if listed is not None and not isinstance(listed, list):
        found.append(f"{path}, field 'decisions': expected a list of decisions, each starting '- from_commitment_id:'")
        listed = []
    decisions: list[ReviewDecision] = []
    seen: dict[tuple[str, str], tuple[int, int]] = {}
    for index, entry in enumerate(parsed.entries, start=1):
        value = entry.value
        if isinstance(value, dict):
            name = f"({value.get('from_commitment_id')} -> {value.get('to_commitment_id')})"
        else:
            name = ""
        where = f"{path} line {entry.first_line + 1}: decision #{index} {name}".rstrip()
        if not isinstance(value, dict):
            found.append(f"{where}: expected a mapping of fields ({FIELDS})")
            continue
        try:
            decision = ReviewDecision.model_validate(value)
        except ValidationError as error:
            for detail in error.errors():
                field = ".".join(str(part) for part in detail["loc"]) or "(decision)"
                if detail["type"] == "extra_forbidden":
                    remedy = f"remove it: a decision has {FIELDS}"
                else:
                    remedy = REMEDIES.get(field, f"a decision has {FIELDS}")
                found.append(f"{where}, field '{field}': {detail['msg']} ({remedy})")
            continue
        if decision.pair in seen:
            number, line = seen[decision.pair]
            found.append(
                f"{where}: decides again the pair of decision #{number} (line {line}): keep one of them "
                "(strategy-extract review writes a new decision in place of the old)"
            )
            continue
        seen[decision.pair] = (index, entry.first_line + 1)
        decisions.append(decision)
    problems.extend(found)
    return [] if found else decisions


def load_reviews(path: Path) -> list[ReviewDecision]:
    """The decisions of a review file (none if there is no file), or :class:`ReviewFileError` listing its problems."""
    path = Path(path)
    if not path.exists():
        return []
    problems: list[str] = []
    decisions = read_reviews(path, problems)
    if problems:
        raise ReviewFileError(problems, path=str(path))
    return decisions


def by_pair(decisions: Iterable[ReviewDecision]) -> dict[tuple[str, str], ReviewDecision]:
    """Each pair's decision (a later one on the same pair wins)."""
    return {decision.pair: decision for decision in decisions}


# -- writing ----------------------------------------------------------------------------------------


def decision_block(decision: ReviewDecision, indent: str = "  ") -> str:
    """The lines of one decision in the file, as a list item."""
    entry = decision.model_dump(exclude_none=True)
    block = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100)
    return "".join(indent + line if line.strip() else line for line in block.splitlines(keepends=True))


def with_decisions(text: str, decisions: Iterable[ReviewDecision], path: Path | str = REVIEWS) -> str:
    """The file's text with each decision recorded: appended at the end, an earlier decision on its pair removed
    (the file is parsed once for the whole batch; of two decisions on one pair in the batch, the later is kept)."""
    batch = list(by_pair(decisions).values())
    if not batch:
        return text
    problems: list[str] = []
    parsed = _parse(text, path, problems)
    if parsed is None:
        raise ReviewFileError(problems, path=str(path))
    lines = text.splitlines(keepends=True)
    indent = "  "
    for entry in parsed.entries:
        first = lines[entry.first_line]
        indent = first[: len(first) - len(first.lstrip(" "))]
        break
    pairs = {decision.pair for decision in batch}
    for entry in reversed(parsed.entries):
        value = entry.value
        if isinstance(value, dict) and (value.get("from_commitment_id"), value.get("to_commitment_id")) in pairs:
            del lines[entry.first_line:entry.end_line]
    text = "".join(lines)
    if parsed.empty_list and not parsed.entries:  # decisions: []: the list is written as a block from now on
        start, end = parsed.empty_list
        text = text[:start].rstrip(" ") + text[end:]
    if "decisions" not in parsed.data:
        text = text.rstrip("\n") + ("\n" if text.strip() else "") + "decisions:\n"
    text = text.rstrip("\n") + "\n" + "".join(decision_block(decision, indent) for decision in batch)
    read_back = (yaml.safe_load(text) or {}).get("decisions") or []
    if read_back[-len(batch):] != [decision.model_dump(exclude_none=True) for decision in batch]:
        raise ReviewFileError(
            [f"its decisions list is not the last thing in it: move 'decisions:' to the end, or add the decision "
             f"by hand:\n{decision_block(batch[-1])}"], path=str(path))
    return text


#: The list item that starts a decision, as this module writes it (its indent is the file's).
_ITEM = re.compile(r"^( *)- from_commitment_id: ", re.M)


def append(path: Path, decisions: Iterable[ReviewDecision]) -> bool:
    """Append decisions on new pairs to the end of a review file known to be valid, without reading it whole:
    what a review session does at each key (a file of thousands of decisions is parsed once, at its start).
    False, and nothing written, unless the file ends in its decisions list (then :func:`record` does it)."""
    batch = list(by_pair(decisions).values())
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    items = list(_ITEM.finditer(text))
    tail = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")][-1:]
    if not batch or not items or not tail or not tail[0].startswith(items[-1].group(1) + " ") or not text.endswith("\n"):
        return False
    with path.open("a", encoding="utf-8", newline="\n") as file:
        file.write("".join(decision_block(decision, items[-1].group(1)) for decision in batch))
        file.flush()
        os.fsync(file.fileno())
    return True


def new_file_text() -> str:
    return f"{HEADER}version: {REVIEW_FILE_VERSION}\ndecisions:\n"


def record(path: Path, decisions: ReviewDecision | Iterable[ReviewDecision]) -> None:
    """Write decisions into the review file at once (created if need be), each replacing any earlier one on its pair.

    The file must be valid first (a problem is raised, and nothing written); it is replaced in one step.
    """
    path = Path(path)
    batch = [decisions] if isinstance(decisions, ReviewDecision) else list(decisions)
    if not batch:
        return
    if path.exists():
        load_reviews(path)  # a wrong file is reported, not written over
        text = path.read_text(encoding="utf-8")
    else:
        text = new_file_text()
    _write_atomically(path, with_decisions(text, batch, path))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
