"""Reviewing the links between commitments: a person confirms or rejects the pairs the machine proposes.

- :mod:`.decisions`: the review file, corpus/reviews.yml (read, checked, written a decision at a time);
- :mod:`.session`: what to ask next and what a key does (``strategy-extract review`` in a terminal);
- :mod:`.spreadsheet`: the same through a CSV file (``review --export`` / ``--import``);
- :mod:`.apply`: the decisions applied to a built database (the build's last cross-document step).
"""
