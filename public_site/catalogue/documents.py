"""Document types that approval conditions may require and suppliers keep in their vault."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    SKATTEATTEST = "skatteattest", _("Skatteattest")
    FIRMAATTEST = "firmaattest", _("Firmaattest")
    HMS_EGENERKLAERING = "hms_egenerklaering", _("HMS-egenerklæring")
    FORSIKRINGSBEVIS = "forsikringsbevis", _("Forsikringsbevis")
    POLITIATTEST_RUTINE = "politiattest_rutine", _("Rutine for politiattest")
    KVALITETSSYSTEM = "kvalitetssystem", _("Beskrivelse av kvalitetssystem")
    ANNET = "annet", _("Annet dokument")
