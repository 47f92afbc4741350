from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in.  The e-mail address is the login; the full name is
    what appears on every signature they make."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform operator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Bumped to end every session of the user at once (see end_sessions).
    session_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]

    def _get_session_auth_hash(self, secret=None):
        # Django checks this hash on every request; folding session_version into it
        # lets end_sessions() sign the user out everywhere, whatever the session store.
        return salted_hmac(
            "imt.User.session_auth_hash",
            f"{self.password}:{self.session_version}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_sessions(self):
        """Sign the user out of every browser at once."""
        User.objects.filter(pk=self.pk).update(session_version=models.F("session_version") + 1)
        self.refresh_from_db(fields=["session_version"])


class DeferredTask(models.Model):
    """A Celery task a request could not hand to the broker (Redis down or not answering).

    imt.tasks.send_deferred_tasks sends it again once the broker answers; the tasks are safe to run
    twice, so sending one that did get through after all does no harm.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("deferred at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts to send it again"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("deferred task")
        verbose_name_plural = _("deferred tasks")

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
