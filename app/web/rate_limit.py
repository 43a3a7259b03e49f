"""A small sliding-window limiter for sign-in attempts (per client address and per email).

Kept in process memory: with several app processes each keeps its own window, which still
bounds guessing to a few attempts a minute per process.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class SlidingWindowLimiter:
    def __init__(self, *, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] > self.window:
            hits.popleft()
        return hits

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait when any key is over the limit, else 0 (does not count a hit)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                self.window - (now - hits[0])
                for hits in (self._recent(k, now) for k in keys)
                if len(hits) >= self.limit
            ]
        return int(max(waits)) + 1 if waits else 0

    def hit(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()

    def reset(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._hits.pop(key, None)


LOGIN_ATTEMPTS = SlidingWindowLimiter(limit=5, window_seconds=60)
