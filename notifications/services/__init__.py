"""Writes of notifications, by sub-domain: telling people (`notify`, `deliver`), sending e-mail
(`delivery`), the inbox, and preferences with the sponsor's mandatory kinds (`preferences`)."""

from notifications.services.notify import deliver, language_of, notify

__all__ = ["deliver", "language_of", "notify"]
