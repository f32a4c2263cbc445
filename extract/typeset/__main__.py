"""Command line: python -m extract.typeset [--corpus corpus] [ids...]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import SPEC_FILE, SpecError, load_spec
from .layout import typeset_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.typeset", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder with typeset.yml and the .txt files")
    parser.add_argument("ids", nargs="*", help="document ids (default: every document in typeset.yml)")
    args = parser.parse_args(argv)
    try:
        specs = load_spec(args.corpus / SPEC_FILE)
        for doc_id in args.ids or specs:
            if doc_id not in specs:
                raise SpecError(f"{doc_id} is not in {args.corpus / SPEC_FILE}")
            start = time.perf_counter()
            pdf = args.corpus / f"{doc_id}.pdf"
            pages = typeset_document(args.corpus / f"{doc_id}.txt", specs[doc_id], pdf)
            expected = specs[doc_id].expect_pages
            note = "" if expected in (None, pages) else f"  (typeset.yml expects {expected} pages)"
            print(f"{pdf}: {pages} pages, {time.perf_counter() - start:.2f} s{note}")
    except SpecError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
