"""A warning logged at most once per interval, for outages that hit every request.

While the database or Redis is down each request meets the same error; one
line a minute says so without burying the log in identical tracebacks.
"""

import logging
import threading
import time


class LogOncePerInterval:
    def __init__(self, logger: logging.Logger, interval: float = 60.0):
        self.logger = logger
        self.interval = interval
        self._lock = threading.Lock()
        self._last: float | None = None
        self.suppressed = 0

    def warning(self, message: str, *args) -> bool:
        """Log ``message`` unless it was logged less than ``interval`` seconds ago."""
        now = time.monotonic()
        with self._lock:
            if self._last is not None and now - self._last < self.interval:
                self.suppressed += 1
                return False
            suppressed, self.suppressed = self.suppressed, 0
            self._last = now
        if suppressed:
            message += " (%d more since the last report)"
            args = (*args, suppressed)
        self.logger.warning(message, *args)
        return True

    def reset(self) -> None:
        with self._lock:
            self._last = None
            self.suppressed = 0
