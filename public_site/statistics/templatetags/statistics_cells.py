"""One figure as HTML: the value, or the mark that hides it with its explanation (a filter
rather than an include, since the municipality table has hundreds of rows)."""

from functools import cache

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..suppression import PRIMARY

register = template.Library()


@cache
def _in(language: str | None) -> tuple[str, str, str]:
    """The two marks and the thousands separator in the active language (asked for once per
    language: the map's table has over a thousand cells, most of them marks or whole numbers)."""
    primary = format_html(
        '<abbr title="{}">&lt;5</abbr>', _("Færre enn 5, skjult av personvernhensyn")
    )
    secondary = format_html(
        '<abbr title="{}">x</abbr>', _("Skjult så tallet ikke kan regnes ut fra summen")
    )
    return primary, secondary, get_format("THOUSAND_SEPARATOR")


@register.filter
def cell(value):
    primary, secondary, separator = _in(get_language())
    if value.mark:
        return primary if value.mark == PRIMARY else secondary
    if value.value is None:
        return "–"
    if type(value.value) is int:
        return f"{value.value:,}".replace(",", separator)
    return intcomma(value.value)
