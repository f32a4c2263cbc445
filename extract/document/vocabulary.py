"""Loading the pipeline's language data (``extract/**/*.yml``) against a schema.

Each vocabulary file has a pydantic model beside the code that reads it; :func:`load_vocabulary`
reads the file and validates it, and a wrong file is a :class:`~extract.errors.VocabularyError`
naming the file and each wrong key, never a ``KeyError`` from deep in a parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import VocabularyError

M = TypeVar("M", bound=BaseModel)


def load_vocabulary(path: Path, model: type[M]) -> M:
    """The vocabulary at ``path`` validated by ``model``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise VocabularyError(str(path), [f"cannot be read: {error.strerror or error}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise VocabularyError(str(path), [f"{where}not valid YAML: {getattr(error, 'problem', error)}"]) from None
    if not isinstance(data, dict):
        raise VocabularyError(str(path), ["expected a mapping of keys at the top level"])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            f"key '{'.'.join(str(part) for part in detail['loc']) or '(top level)'}': {detail['msg']}"
            for detail in error.errors()
        ]
        raise VocabularyError(str(path), problems) from None
