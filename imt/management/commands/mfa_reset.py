"""manage.py mfa_reset <email>: for a member who lost the phone with their authenticator app.

allauth's own deactivation flows act for the signed-in user after they confirm their password, which a
person without their device cannot do; so the command deletes the user's authenticators with allauth's
model and sends allauth's authenticator_removed signal for each, as those flows do.

The grace period does not start again: it counts from when the sponsor's rule began to apply to the
member, so someone past it sets up a new device at their next sign-in before reaching any sponsor page.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from imt.mfa import requirement_for
from imt.models import User
from imt.tenancy import active_memberships


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes (a lost device) and sign them out everywhere. "
        "Their grace period does not start again: past it, they set up a new device at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address the user signs in with")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("No user signs in with “%(email)s”; nothing was changed.") % {"email": email})

        with transaction.atomic():
            authenticators = list(Authenticator.objects.select_for_update().filter(user=user).order_by("pk"))
            for authenticator in authenticators:
                authenticator.delete()
            user.end_sessions()

        for authenticator in authenticators:
            authenticator_removed.send(sender=Authenticator, request=None, user=user, authenticator=authenticator)
            self.stdout.write(_("Removed: %(kind)s, added on %(date)s.") % {
                "kind": authenticator.get_type_display(),
                "date": formats.date_format(timezone.localtime(authenticator.created_at), "DATE_FORMAT"),
            })
        if not authenticators:
            self.stdout.write(_("%(email)s had no authenticator app or recovery codes.") % {"email": user.email})
        self.stdout.write(_("Signed %(email)s out of every browser.") % {"email": user.email})
        self.stdout.write(self.style.SUCCESS(self.what_next(user)))

    @staticmethod
    def what_next(user):
        requirement = requirement_for(user, active_memberships(user))
        if requirement is None:
            return _("None of their sponsors requires an authenticator app.")
        if requirement.overdue:
            return _("Their sponsor requires an authenticator app: they set up a new one at their next sign-in.")
        return _(
            "Their sponsor requires an authenticator app: they are reminded on every page and set up a new one "
            "by %(date)s (their grace period, which does not start again)."
        ) % {"date": formats.date_format(timezone.localtime(requirement.deadline), "DATETIME_FORMAT")}
