"""The announcement: what the nation may see of a municipality's published scheme."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.schemes.models import JointStatus


class AnnouncementStatus(models.TextChoices):
    OPEN = "open", _("Åpen for søknader")
    CLOSED = "closed", _("Stengt for nye søknader")
    ENDED = "ended", _("Avsluttet")


class Announcement(models.Model):
    """Public schema, no personal data. Written only by `projection`, beside its scheme."""

    host = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="hosted_announcements",
        verbose_name=_("kommune"),
    )
    scheme_id = models.PositiveIntegerField(_("ordning i kommunens skjema"))
    participants = models.ManyToManyField(
        "municipalities.Municipality",
        blank=True,
        related_name="joint_announcements",
        verbose_name=_("deltakende kommuner"),
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, verbose_name=_("tjenestetype")
    )
    title = models.CharField(_("tittel"), max_length=200)
    summary = models.TextField(_("sammendrag"))
    details = models.JSONField(_("detaljer"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=AnnouncementStatus.choices)
    is_joint = models.BooleanField(_("interkommunal ordning"), default=False)
    # The scheme's version plus `supplier_changes`: every change an open-data user can see.
    version = models.PositiveIntegerField(default=1)
    supplier_changes = models.PositiveIntegerField(default=0, editable=False)
    published_at = models.DateTimeField(_("kunngjort"))
    last_changed_at = models.DateTimeField(_("sist endret"))
    last_change_summary = models.CharField(_("siste endring"), max_length=500, blank=True)
    approved_suppliers = models.ManyToManyField(
        "suppliers.Supplier", blank=True, related_name="announcements"
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("kunngjøring")
        verbose_name_plural = _("kunngjøringer")
        constraints = [
            models.UniqueConstraint(fields=["host", "scheme_id"], name="announcement_per_scheme")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="announcement_search"),
            models.Index(fields=["status", "-published_at"], name="announcement_status_new"),
            models.Index(fields=["-last_changed_at"], name="announcement_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.host})"


class JointMembership(models.Model):
    """Public schema, no personal data: one municipality invited into another's joint scheme.

    The national projection of the host's `JointParticipant`, so the invited municipality sees
    and answers its invitations without reading the host's schema. Written only beside it.
    """

    host = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    scheme_id = models.PositiveIntegerField(_("ordning i vertskommunens skjema"))
    participant = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="joint_memberships",
        verbose_name=_("deltakende kommune"),
    )
    scheme_title = models.CharField(_("ordning"), max_length=200)
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, verbose_name=_("tjenestetype")
    )
    status = models.CharField(_("status"), max_length=10, choices=JointStatus.choices)
    invited_at = models.DateTimeField(_("invitert"), null=True, blank=True)
    responded_at = models.DateTimeField(_("svart"), null=True, blank=True)
    leaves_on = models.DateField(_("deltakelsen slutter"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-invited_at", "pk"]
        verbose_name = _("deltakelse i interkommunal ordning")
        verbose_name_plural = _("deltakelser i interkommunale ordninger")
        constraints = [
            models.UniqueConstraint(
                fields=["host", "scheme_id", "participant"], name="joint_membership_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme_title}: {self.participant_id} ({self.status})"


class JointOffer(models.Model):
    """Public schema, no personal data: what a participant's residents may compare about one
    supplier approved in a host's joint scheme. The projection of the host's `Approval`, kept
    in step by the approval's services, so a participant's decision-support page reads it
    here instead of entering the host's schema."""

    host = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    scheme_id = models.PositiveIntegerField()
    approval_id = models.PositiveIntegerField()
    # A projection goes with what it projects; the host's approval keeps the supplier anyway.
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="+")
    service_type = models.ForeignKey("catalogue.ServiceType", on_delete=models.PROTECT)
    scheme_title = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    takes_new = models.BooleanField(default=True)
    languages = models.CharField(max_length=200, blank=True)
    competence = models.TextField(blank=True)
    additional_services = models.TextField(blank=True)
    contact = models.CharField(max_length=300, blank=True)
    switching_notice_days = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["host", "approval_id"], name="joint_offer_once")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} @ {self.host_id}/{self.scheme_id}"
