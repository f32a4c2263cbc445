"""YAML the corpus's files give (the manifest, the review file) read under a bound: aliases cannot blow up.

YAML aliases (``*name``) repeat a node without copying it, so a few lines can stand for billions of values
("billion laughs"); they cost nothing until something walks them (a validation error printing the value
took 4 GB in 60 s). Each entry of such a file is checked, as composed nodes, before it is constructed.
"""

from __future__ import annotations

import yaml

#: Values (scalars, lists, mappings, counted each time an alias repeats them) one entry may hold. A
#: manifest entry or a review decision has some twenty.
ENTRY_VALUES = 10_000


class TooLarge(Exception):
    """An entry expands to more values than any entry of a corpus file holds (aliases)."""


def bounded(node: yaml.Node, label: str) -> yaml.Node:
    """The node, once it is known not to expand past ENTRY_VALUES values; raises TooLarge naming ``label``."""
    count, stack = 0, [node]
    while stack:
        current = stack.pop()
        count += 1
        if count > ENTRY_VALUES:
            raise TooLarge(f"{label}: expands to over {ENTRY_VALUES:,} values (YAML aliases repeating lists); "
                           f"write its fields out in full")
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
    return node
