"""Plumbing for remote backends: the retry policy and the async-to-generator bridge.

An attempt raises :class:`Retryable` (rate limit, server error, timeout, dropped
connection, malformed reply) or :class:`Fatal` (bad request, bad key, a server that
cannot do what was asked).  :func:`call_with_retries` retries the first kind with
exponential backoff and jitter, honouring ``Retry-After``, and turns the last failure
into a :class:`Fatal` whose message names the attempt count and the last reason.

:func:`stream_results` runs the per-request coroutines on an event loop in a
background thread and hands ``(index, Response)`` pairs to a plain generator as they
finish, which is what the :class:`~polymed.models.base.Model` protocol asks for.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import random
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TypeVar

from ..records import Response

T = TypeVar("T")
S = TypeVar("S")
log = logging.getLogger(__name__)

#: 408/409 are transient by definition, 429 is a rate limit, 5xx is the server's problem
RETRYABLE_STATUS = frozenset({408, 409, 429})


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUS or status >= 500


class Retryable(Exception):
    """A failure worth another attempt; ``retry_after`` is the server's hint in seconds."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Fatal(Exception):
    """A failure that another attempt will not fix (or the last one after the budget)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` retries after the first attempt; delays double from ``base``
    up to ``cap`` with jitter; a ``Retry-After`` hint is honoured up to
    ``retry_after_cap``."""

    max_retries: int = 5
    base: float = 0.5
    cap: float = 20.0
    retry_after_cap: float = 60.0

    @property
    def attempts(self) -> int:
        return self.max_retries + 1

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_cap)
        ceiling = min(self.cap, self.base * 2 ** (attempt - 1))
        # "equal jitter": never less than half the ceiling, so a burst of 429s backs off
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return max(float(value) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


async def call_with_retries(
    attempt: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    label: str,
    log: logging.Logger,
) -> T:
    """Await ``attempt()`` until it succeeds; a :class:`Fatal` from it passes through,
    and :class:`Retryable` failures past the budget become one."""
    for number in range(1, policy.attempts + 1):
        try:
            return await attempt()
        except Retryable as exc:
            if number == policy.attempts:
                raise Fatal(f"gave up after {number} attempts: {exc.reason}") from None
            wait = policy.delay(number, exc.retry_after)
            log.warning(
                "%s: %s (attempt %d of %d); retrying in %.2f s",
                label,
                exc.reason,
                number,
                policy.attempts,
                wait,
            )
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def stream_results(
    n: int,
    one: Callable[[S, int], Awaitable[Response]],
    session: Callable[[], AbstractAsyncContextManager[S]],
    *,
    workers: int,
    label: str,
) -> Iterator[tuple[int, Response]]:
    """Await ``one(s, i)`` for each ``i in range(n)`` with ``workers`` at a time, all
    sharing ``s`` from ``session()``, on an event loop in a background thread; yield
    ``(i, Response)`` as each finishes.  Closing the generator early cancels the rest.

    ``one`` should turn failures into ``Response.error`` itself; an exception escaping
    it (a bug) still becomes that item's error, so no index is ever dropped.
    """
    if n == 0:
        return
    results: queue.SimpleQueue = queue.SimpleQueue()
    loop = asyncio.new_event_loop()

    async def run_all() -> None:
        async with session() as shared:
            pending = iter(range(n))

            async def worker() -> None:
                for i in pending:  # one shared iterator: each index is taken once
                    try:
                        response = await one(shared, i)
                    except Exception as exc:
                        log.exception("%s: request %d failed unexpectedly", label, i)
                        response = Response(error=f"internal error: {type(exc).__name__}")
                    results.put((i, response))

            await asyncio.gather(*(worker() for _ in range(min(workers, n))))

    task = loop.create_task(run_all())

    def thread_main() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(task)
        except BaseException as exc:  # cancelled by the consumer, or a failing session
            results.put(exc)
        finally:
            loop.close()

    thread = threading.Thread(target=thread_main, name=f"polymed-{label}", daemon=True)
    thread.start()
    done = 0
    try:
        while done < n:
            got = results.get()
            if isinstance(got, BaseException):
                raise got
            done += 1
            yield got
    finally:
        if done < n:  # the consumer stopped early (or an error): cancel what is left
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop has already finished
                pass
        thread.join(timeout=10)
