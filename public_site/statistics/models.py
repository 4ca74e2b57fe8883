"""Facts per municipality × service × month, in the public schema: counts, never a person.

A column is either a *flow* (what happened in the month) or, for the names in `STOCKS`, the
*net change* in the month of a level (live schemes, active suppliers, recipients served by
each kind of provider): the level at a month is the running sum up to it. So every change is an
increment of one row, whenever it happens, and delivered hours or settlement amounts are just
more columns.
"""

from __future__ import annotations

from django.db import models


class Fact(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    # None: a quality case about the municipal provider, which names no service.
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    month = models.DateField()  # the first day of the month, Norwegian time

    # Levels, stored as the net change in the month (see the module's docstring).
    schemes_live = models.IntegerField(default=0)
    suppliers_active = models.IntegerField(default=0)
    decisions = models.IntegerField(default=0)
    served_municipal = models.IntegerField(default=0)
    served_private = models.IntegerField(default=0)

    # Flows: the supplier market.
    applications_received = models.IntegerField(default=0)
    applications_approved = models.IntegerField(default=0)
    applications_rejected = models.IntegerField(default=0)
    applications_withdrawn = models.IntegerField(default=0)
    decided_within_deadline = models.IntegerField(default=0)
    # {days from submission to decision: applications}, so medians and percentiles add up.
    processing_days = models.JSONField(default=dict)
    suspensions = models.IntegerField(default=0)
    revocations = models.IntegerField(default=0)
    approvals_ended = models.IntegerField(default=0)

    # Flows: recipients (persons; shown suppressed).
    chosen_recipient = models.IntegerField(default=0)
    chosen_proxy = models.IntegerField(default=0)
    chosen_case_worker = models.IntegerField(default=0)
    assigned_default = models.IntegerField(default=0)
    assigned_fallback = models.IntegerField(default=0)
    switches = models.IntegerField(default=0)
    rechoices = models.IntegerField(default=0)

    # Flows: quality, by the month the case was received (persons; shown suppressed).
    complaints_municipal = models.IntegerField(default=0)
    complaints_private = models.IntegerField(default=0)
    deviations_municipal = models.IntegerField(default=0)
    deviations_private = models.IntegerField(default=0)
    complaints_closed = models.IntegerField(default=0)
    deviations_closed = models.IntegerField(default=0)

    # Flows: minutes of service delivered in the month by each kind of provider, from the
    # settlement's reported lines (reversals and replacements included). Written by the
    # nightly reconciliation from the settlement tables, not counted as lines come in.
    minutes_municipal = models.IntegerField(default=0)
    minutes_private = models.IntegerField(default=0)

    # Room for settlement amounts (a later issue fills them).
    delivered_hours = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    settlement_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service_type", "month"],
                name="one_fact_per_municipality_service_month",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["month", "service_type"])]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.service_type_id}/{self.month:%Y-%m}"


STOCKS = ("schemes_live", "suppliers_active", "decisions", "served_municipal", "served_private")
COUNTS = tuple(
    f.name
    for f in Fact._meta.local_fields
    if isinstance(f, models.IntegerField) and not f.primary_key and f.name != "id"
)
FLOWS = tuple(c for c in COUNTS if c not in STOCKS)
# Columns only the nightly reconciliation writes: a difference there is news, not drift.
NIGHTLY = ("minutes_municipal", "minutes_private")


class MonthRollup(models.Model):
    """The facts of one closed month summed for an area, so reading the country, a county or
    a population band costs the same whatever the number of municipalities.

    `area` is "" (Norway), "f<county>", "b1"–"b4" (population band) or "k<kommunenummer>".
    An area's `figures` are {service key: {column: value}} with flows summed over the month,
    levels as at its end and `processing_days`; the service key is the service's id or "0"
    for all services. A municipality's row holds only its levels, by service id ("-" for no
    service), for the map. Built nightly for every closed month (`rollups.rebuild`); a count
    into a closed month drops the rollups from that month on, and reading falls back to the
    facts until the next build.
    """

    area = models.CharField(max_length=8)
    month = models.DateField()
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="one_rollup_per_area_month")
        ]
        indexes = [models.Index(fields=["month", "area"])]

    def __str__(self) -> str:
        return f"{self.area or 'NO'}/{self.month:%Y-%m}"


class SchemeFact(models.Model):
    """One scheme, in one municipality where it counts, × month: whether it runs there and its
    active approvals, both stored as the net change in the month (levels, as in `Fact`).

    A scheme counts in its host from publication to its end, and a joint scheme also in every
    municipality taking part, from the participant's acceptance to the end of its notice, each
    with all of the host's active approvals. Written for the whole scheme at once by its host
    (`schemes.scheme_changed`, in the transaction that changed it) and recomputed by the host's
    nightly reconciliation, so a past month is read the way the current month is."""

    host = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    scheme_id = models.PositiveIntegerField()  # the scheme's id in its host's schema
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField()
    live = models.IntegerField(default=0)
    suppliers = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["host", "scheme_id", "municipality", "month"],
                name="one_scheme_fact_per_place_month",
            )
        ]
        indexes = [models.Index(fields=["month", "service_type"])]

    def __str__(self) -> str:
        return f"{self.host_id}:{self.scheme_id}@{self.municipality_id}/{self.month:%Y-%m}"
