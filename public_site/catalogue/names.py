"""The catalogue's names and descriptions as messages, so each language has its own wording.

The bokmål text in `data/service_types.json` is the msgid; `ServiceType.label` and `.summary`
look it up in the active language. A test keeps this list and the data file the same.
"""

from django.utils.translation import gettext_noop as _

NAMES = (
    _("Praktisk bistand i hjemmet"),
    _("Hjemmesykepleie"),
    _("Brukerstyrt personlig assistanse (BPA)"),
    _("Avlastning"),
    _("Dagaktivitetstilbud"),
    _("Matombringing"),
    _("Støttekontakt"),
    _("Trygghetsalarm"),
)

DESCRIPTIONS = (
    _(
        "Hjelp til daglige gjøremål i hjemmet, som rengjøring, klesvask og innkjøp, for den som "
        "har et særlig hjelpebehov."
    ),
    _("Helsehjelp i hjemmet, som medisinering, sårstell og oppfølging av sykdom."),
    _(
        "Praktisk og personlig assistanse organisert slik at mottakeren selv er arbeidsleder for "
        "assistentene."
    ),
    _("Avlastning for pårørende med særlig tyngende omsorgsarbeid, i eller utenfor hjemmet."),
    _("Aktivitet og fellesskap på dagtid, blant annet for hjemmeboende personer med demens."),
    _("Levering av ferdig mat hjem til den som ikke kan lage mat selv."),
    _("Personlig bistand til en meningsfull fritid, for eksempel deltakelse i aktiviteter."),
    _("Alarm som hjemmeboende kan utløse for å få rask hjelp, med responstjeneste."),
)

# The usual units of a decision's extent (`ServiceDecision.extent_unit` is free text; these
# are translated where shown, anything else is shown as written).
EXTENT_UNITS = (
    _("timer per uke"),
    _("timer per måned"),
    _("besøk per uke"),
    _("besøk per dag"),
    _("døgn per måned"),
    _("dager per uke"),
    _("leveringer per uke"),
)
