"""Log records fit for production: one line each, no secrets, tied to a request.

The console handler in ``settings.LOGGING`` runs every record through
``RequestIdFilter`` (the id of the request being served) and
``RedactSecretsFilter`` (passwords, tokens and Authorization headers removed,
control characters escaped), then formats it as a text line or, with
``DJANGO_LOG_FORMAT=json``, as a JSON object.
"""

import contextvars
import logging
import re
import time

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

REDACTED = "[REDACTED]"

# The request being served in this thread or task; "-" outside a request.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default="-"
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SECRET_NAME = r"[\w-]*(?:password|passwd|secret|token|api[_-]?key|sessionid)[\w-]*"
_SECRET_PATTERNS = [
    # Authorization: Token abc…, 'HTTP_AUTHORIZATION': 'Bearer …'
    (
        re.compile(
            r"(?i)\b((?:http_)?(?:proxy[_-])?authorization)(['\"]?\s*[:=]\s*['\"]?)"
            r"[^'\"\n,}]+"
        ),
        rf"\1\2{REDACTED}",
    ),
    # password=…, "token": "…", csrfmiddlewaretoken=…, new_password1: …
    (
        re.compile(rf"(?i)\b({_SECRET_NAME})(['\"]?\s*[:=]\s*['\"]?)[^\s'\"&,;}}]+"),
        rf"\1\2{REDACTED}",
    ),
    # A credential after its scheme, wherever it appears.
    (
        re.compile(r"(?i)\b(Token|Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}"),
        rf"\1 {REDACTED}",
    ),
    # Bare API token keys (40 hex digits).
    (re.compile(r"\b[0-9a-fA-F]{40}\b"), REDACTED),
]


def escape_control(text: str) -> str:
    """Newlines and other control characters as visible escapes (``\\n``, ``\\x1b``)."""
    return _CONTROL.sub(
        lambda match: match.group().encode("unicode_escape").decode("ascii"), text
    )


def quote(value) -> str:
    """A value for a ``key=value`` line: escaped, and quoted if it has spaces."""
    text = str(value)
    if text and not re.search(r"[\s\"\\=]", text) and not _CONTROL.search(text):
        return text
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escape_control(text)}"'


def redact(text: str) -> str:
    """The text with passwords, tokens and credentials replaced by ``[REDACTED]``."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request being served (or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id.get()
        return True


class RedactSecretsFilter(logging.Filter):
    """Remove secrets from the message and extra fields; escape control characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template, drop the args
            message = str(record.msg)
        record.msg = escape_control(redact(message))
        record.args = ()
        for name, value in list(vars(record).items()):
            if name not in RESERVED_ATTRS and isinstance(value, str):
                setattr(record, name, redact(value))
        return True


def _utc_timestamp(record: logging.LogRecord) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{seconds}.{int(record.msecs):03d}Z"


class TextFormatter(logging.Formatter):
    """``2026-01-31T12:00:00.123Z INFO logger request_id=… message``, in UTC."""

    def __init__(self):
        super().__init__("%(levelname)s %(name)s request_id=%(request_id)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id.get()
        return f"{_utc_timestamp(record)} {super().format(record)}"

    def formatException(self, ei) -> str:  # noqa: N802
        return redact(super().formatException(ei))


class JsonFormatter(_LibraryJsonFormatter):
    """One JSON object per record: timestamp (UTC), level, logger, message, fields."""

    def __init__(self):
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp=True,
            # Django attaches the request object itself; it is no field.
            reserved_attrs=[*RESERVED_ATTRS, "request"],
        )

    def formatException(self, ei) -> str:  # noqa: N802
        return redact(super().formatException(ei))


class ClientErrorsAsWarningsFilter(logging.Filter):
    """Django logs a refused request (too large, forged host) as an error with a
    traceback; it is the client's mistake, so it becomes a one-line warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if (
            record.levelno > logging.WARNING
            and isinstance(status, int)
            and 400 <= status < 500
        ):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True
