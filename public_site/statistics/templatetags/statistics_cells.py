"""One figure as HTML: the value, or the mark that hides it with its explanation (a filter
rather than an include, since the municipality table has hundreds of rows)."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..suppression import PRIMARY

register = template.Library()


@register.filter
def cell(value):
    if value.mark == PRIMARY:
        return format_html(
            '<abbr title="{}">&lt;5</abbr>', _("Færre enn 5, skjult av personvernhensyn")
        )
    if value.mark:
        return format_html(
            '<abbr title="{}">x</abbr>', _("Skjult så tallet ikke kan regnes ut fra summen")
        )
    if value.value is None:
        return "–"
    return intcomma(value.value)
