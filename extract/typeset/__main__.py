"""Command line: python -m extract.typeset [--corpus corpus] [ids...] (the same as ``strategy-extract typeset``)."""

from __future__ import annotations

import sys

from ..cli import cli

if __name__ == "__main__":
    sys.exit(cli.main(["typeset", *sys.argv[1:]], prog_name="python -m extract.typeset"))
