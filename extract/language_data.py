"""The pipeline's language data (``extract/**/*.yml``), each file checked against its schema.

Each vocabulary is validated where it is loaded (:func:`extract.document.vocabulary.load_vocabulary`);
this lists them all so that ``strategy-extract validate`` checks every one before a build needs it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .document.vocabulary import load_vocabulary


def vocabularies() -> list[tuple[Path, type[BaseModel]]]:
    """Each language-data file with its schema."""
    from .document import nlp
    from .document.parsers import governance_prose
    from .enrich import links, themes

    return [
        (nlp.GAZETTEER, nlp.GazetteerFile),
        (governance_prose.VOCABULARY, governance_prose.BodyVocabulary),
        (themes.VOCABULARY, themes.ThemesFile),
        (links.VOCABULARY, links.AbbreviationsFile),
    ]


def check_language_data() -> list[Path]:
    """Load every vocabulary afresh against its schema; raise VocabularyError naming the first wrong one."""
    checked = []
    for path, schema in vocabularies():
        load_vocabulary(path, schema)
        checked.append(path)
    return checked
