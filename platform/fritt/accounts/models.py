"""National user accounts and their role assignments (public schema)."""

from __future__ import annotations

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import MUNICIPAL_ROLES, NATIONAL_ROLES, SUPPLIER_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a login. Municipal staff, supplier staff, analysts and operators alike.

    Logins are local accounts for now; ID-porten / Ansattporten will attach an external
    subject to the same user (see README), so nothing here assumes a password exists.
    """

    email = models.EmailField(_("e-post"), unique=True)
    full_name = models.CharField(_("fullt navn"), max_length=200)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("tilgang til driftsadmin"), default=False)
    date_joined = models.DateTimeField(_("opprettet"), default=timezone.now)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def __str__(self) -> str:
        return self.full_name or self.email


class RoleAssignment(models.Model):
    """A user's role, scoped to the nation, one municipality or one supplier."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rolletildeling")
        verbose_name_plural = _("rolletildelinger")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    models.Q(
                        role__in=sorted(NATIONAL_ROLES),
                        municipality__isnull=True,
                        supplier__isnull=True,
                    )
                    | models.Q(
                        role__in=sorted(MUNICIPAL_ROLES),
                        municipality__isnull=False,
                        supplier__isnull=True,
                    )
                    | models.Q(
                        role__in=sorted(SUPPLIER_ROLES),
                        municipality__isnull=True,
                        supplier__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality", "supplier"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        scope = self.municipality or self.supplier or _("nasjonalt")
        return f"{self.user} – {self.get_role_display()} ({scope})"


class LoginFailure(models.Model):
    """One wrong password (or unknown e-mail), counted for the lockout.

    The e-mail is kept only as a keyed hash: enough to count attempts per account, and a
    typed-in address of someone without an account is not stored in the clear.
    """

    account_key = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["account_key", "created_at"], name="loginfailure_account"),
            models.Index(fields=["ip", "created_at"], name="loginfailure_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.account_key[:12]} {self.created_at:%Y-%m-%d %H:%M}"


class LoginLockout(models.Model):
    """A pause on logins for one account key or one client address, until `locked_until`."""

    class Scope(models.TextChoices):
        ACCOUNT = "account", _("konto")
        IP = "ip", _("IP-adresse")

    scope = models.CharField(max_length=16, choices=Scope.choices)
    key = models.CharField(max_length=64)
    locked_until = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "key", "locked_until"], name="loginlockout_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:12]} → {self.locked_until:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A municipal system's key to the API, for one account.

    Only a hash of the secret is stored; the full token (`fbv_<prefix>_<secret>`) is shown
    once, when issued. The prefix finds the row; the hash is compared in constant time.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"fbv_{self.prefix}… ({self.user})"
