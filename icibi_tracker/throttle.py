"""Counters kept in Django's cache, shared by every process: how often something was done
lately, and how long to wait before doing it again."""

import hashlib
import math
import time

from django.core.cache import cache


def now():
    """Seconds since the epoch; tests replace it to move time on without sleeping."""
    return time.time()


def _key(kind, value):
    # Hashed: a username or email address can hold characters and lengths a cache key cannot.
    return f"throttle:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def use(kind, value, limit, window):
    """Count one use of `value`, at most `limit` in a `window` of seconds from its first use.

    Returns 0 if the use is allowed, or the seconds until the window ends if it is refused
    (a refused use is not counted).
    """
    key, moment = _key(kind, value), now()
    started, used = cache.get(key, (moment, 0))
    if moment - started >= window:
        started, used = moment, 0
    left = math.ceil(started + window - moment)
    if used >= limit:
        return left
    cache.set(key, (started, used + 1), timeout=left)
    return 0


def record_failure(kind, value, window):
    """Note a failure of `value`; the count lasts until a whole `window` passes with none."""
    key = _key(kind, value)
    failures, _ = cache.get(key, (0, 0))
    cache.set(key, (failures + 1, now()), timeout=window)


def wait_after_failures(kind, value, free, first, longest):
    """Seconds to wait before the next try: none for the first `free` failures, then `first`
    seconds after the last failure, doubling with each failure after that, to at most `longest`."""
    failures, last = cache.get(_key(kind, value), (0, 0))
    if failures < free:
        return 0
    # The exponent is bounded so a flood of failures never makes a huge number.
    delay = min(first * 2 ** min(failures - free, 32), longest)
    return max(0, math.ceil(last + delay - now()))
