"""Security events in the ``milidip.security`` log: failed logins, lockouts, refusals.

Only who, from where and what: never a password or token (the credentials
Django passes along are not logged at all).
"""

import logging

from django.contrib.auth.signals import user_login_failed

from .client_address import client_address
from .logs import quote

logger = logging.getLogger("milidip.security")


def user_label(user) -> str:
    """The user's id, or "-" for an anonymous or unknown user."""
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.pk)
    return "-"


def _where(request) -> str:
    if request is None:
        return "ip=- path=-"
    return f"ip={client_address(request)} path={quote(request.path)}"


def log_login_failed(sender, credentials=None, request=None, **kwargs):
    credentials = credentials or {}
    username = credentials.get("username") or credentials.get("email") or ""
    logger.warning("login failed username=%s %s", quote(username), _where(request))


def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning(
        "login locked out username=%s %s", quote(username or ""), _where(request)
    )


def log_denied(request, response) -> None:
    """A 403: the user, the method and the path of what they were refused."""
    logger.warning(
        "permission denied user=%s method=%s %s status=%s",
        user_label(getattr(request, "user", None)),
        quote(request.method),
        _where(request),
        response.status_code,
    )


def log_refused(user, instance, reason: str) -> None:
    """A workflow step refused in the admin (shown there as a form error, not a 403)."""
    logger.warning(
        "workflow refused user=%s object=%s reason=%s",
        user_label(user),
        quote(f"{instance._meta.label_lower}:{instance.pk or 'new'}"),
        quote(reason),
    )


def connect() -> None:
    user_login_failed.connect(log_login_failed, dispatch_uid="milidip_login_failed")
    try:
        from axes.signals import user_locked_out
    except ImportError:  # django-axes is not installed
        return
    user_locked_out.connect(log_locked_out, dispatch_uid="milidip_locked_out")
