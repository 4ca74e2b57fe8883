"""The one place small counts of persons are hidden: every table the pages, the exports and
the API show is built from `Cell`s that passed through `suppress`.

Primary suppression hides every count of persons from 1 to 4 ("<5"). Secondary suppression
then looks at each sum the reader can see (parts and their total): if exactly one member of a
sum is hidden, it could be worked out by subtraction, so one more member is hidden ("x"),
the smallest visible part, until no sum has exactly one hidden member. Counts of
municipalities, schemes, suppliers and applications are never suppressed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

SMALL = range(1, 5)
PRIMARY = "<5"
SECONDARY = "x"


@dataclass(frozen=True)
class Cell:
    """One figure as everyone outside this module sees it: `value` is None when hidden."""

    value: int | float | str | None
    mark: str = ""  # PRIMARY or SECONDARY when hidden

    @property
    def hidden(self) -> bool:
        return bool(self.mark)

    @property
    def public(self) -> int | float | str | None:
        """What exports and the API carry: the figure, or the mark that stands for it."""
        return self.mark or self.value


@dataclass(frozen=True)
class Sum:
    """Cells the reader can add up: `parts` make `total` (all keys of person counts)."""

    parts: Sequence[Hashable]
    total: Hashable


def suppress(
    values: dict[Hashable, int], *, persons: Iterable[Hashable], sums: Iterable[Sum] = ()
) -> dict[Hashable, Cell]:
    """Cells for `values`; the keys in `persons` are counts of persons and may be hidden."""
    persons = set(persons)
    marks: dict[Hashable, str] = {
        key: PRIMARY for key in persons if key in values and values[key] in SMALL
    }
    sums = list(sums)
    changed = True
    while changed:
        changed = False
        for group in sums:
            members = [*group.parts, group.total]
            hidden = [k for k in members if k in marks]
            if len(hidden) != 1:
                continue
            visible = [k for k in group.parts if k not in marks]
            # Hiding a zero protects nothing when zeros are known to be zeros, so the smallest
            # non-zero part goes first; the total only when no part is left.
            candidates = sorted(visible, key=lambda k: (values[k] == 0, values[k]))
            extra = candidates[0] if candidates else group.total
            marks[extra] = SECONDARY
            changed = True
    return {
        key: Cell(None, marks[key]) if key in marks else Cell(value)
        for key, value in values.items()
    }


def derived(value: int | float | None, *sources: Cell) -> Cell:
    """A figure computed from counts (a share, a rate) is hidden when any of them is."""
    for source in sources:
        if source.hidden:
            return Cell(None, SECONDARY)
    return Cell(value)
