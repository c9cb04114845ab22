"""One log line per request, and a request id to find it by.

``X-Request-ID`` from the client (or the proxy in front) is kept if it is a sane
token, else a new one is made; it is set as ``request.request_id``, attached to
every log record written while the request is served, and sent back in the
response's ``X-Request-ID``. 403 responses are also written to the security log.
"""

import logging
import re
import time
import uuid

from milidip_site.logs import current_request_id, quote
from milidip_site.security_log import log_denied, user_label

logger = logging.getLogger("milidip.request")

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_for(request) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            self.log(request, response, (time.perf_counter() - started) * 1000)
            return response
        finally:
            current_request_id.reset(token)

    def log(self, request, response, duration_ms: float) -> None:
        user = user_label(getattr(request, "user", None))
        status = response.status_code
        logger.info(
            "user=%s method=%s path=%s status=%s duration_ms=%.1f",
            user,
            quote(request.method),
            quote(request.path),
            status,
            duration_ms,
            extra={
                "request_id": request.request_id,
                "user_id": user,
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round(duration_ms, 1),
            },
        )
        if status == 403:
            log_denied(request, response)
