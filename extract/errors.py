"""The project's own errors. Each names the file and, where it can, the page or line."""

from __future__ import annotations

from functools import partial
from typing import Any


class StrategyExtractError(Exception):
    """Base class: every error the pipeline raises on purpose."""


class ManifestError(StrategyExtractError):
    """The corpus manifest or reference data is wrong; the build stops before touching the database."""

    def __init__(self, problems: list[str], path: str = "corpus/documents.yml") -> None:
        self.problems = problems
        self.path = path
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path}: {len(problems)} problem(s):\n{lines}")

    def __reduce__(self) -> tuple[Any, ...]:  # rebuilt as itself when passed between processes
        return (type(self), (self.problems, self.path))


class ReadError(StrategyExtractError):
    """A source file could not be read."""

    def __init__(self, source: str, problem: str, *, page: int | None = None, hint: str | None = None) -> None:
        self.source = source
        self.page = page
        self.problem = problem
        self.hint = hint
        where = f"{source}, page {page}" if page is not None else source
        super().__init__(f"{where}: {problem}" + (f" ({hint})" if hint else ""))

    def __reduce__(self) -> tuple[Any, ...]:  # rebuilt as itself when passed between processes
        return (partial(type(self), page=self.page, hint=self.hint), (self.source, self.problem))


class VocabularyError(StrategyExtractError):
    """A vocabulary file of the pipeline's language data (``extract/**/*.yml``) is wrong."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path}: {len(problems)} problem(s):\n{lines}\n(fix the file; it is language data the parsers read)")

    def __reduce__(self) -> tuple[Any, ...]:  # rebuilt as itself when passed between processes
        return (type(self), (self.path, self.problems))
