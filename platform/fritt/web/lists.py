"""Staff lists: one page of rows at a time, sorted by a key from an allow-list of indexed
orderings, so a list costs the same at Ulvik's size as at Bergen's."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 50


def sort_key(params, orderings: dict[str, tuple[str, ...]], default: str) -> str:
    """The `sorter` the request asks for if the list offers it, else `default` (a free text
    never reaches ORDER BY)."""
    key = params.get("sorter", "")
    return key if key in orderings else default


def page_of(params, rows: QuerySet, *, per_page: int = PAGE_SIZE) -> Page:
    """The page `?side=` names (the last for a number too high, the first for anything else)."""
    return Paginator(rows, per_page).get_page(params.get("side"))
