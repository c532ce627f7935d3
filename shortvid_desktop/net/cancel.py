"""Blocking and asyncio calls that a CancelToken stops at once (the connection closes)."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from ..jobs import Cancelled, CancelToken

T = TypeVar("T")


def run_cancellable(
    fn: Callable[[], T],
    cancel: CancelToken | None,
    *,
    on_cancel: Callable[[], None] | None = None,
    events: Callable[[Callable[[Any], None]], T] | None = None,
    deadline: float | None = None,
) -> T:
    """Run the blocking ``fn`` on a helper thread and wait for it, for ``cancel`` or for the
    ``deadline`` (seconds in all).

    On cancel, ``on_cancel`` runs (close the connection) and Cancelled is raised at once; past
    the deadline it runs too and TimeoutError is raised. The helper thread ends when its call
    fails. Without a token or a deadline ``fn`` runs right here.
    """
    if cancel is None and deadline is None:
        return fn()
    if cancel is not None:
        cancel.raise_if_cancelled()
    box: queue.Queue[tuple[str, Any]] = queue.Queue()

    def work() -> None:
        try:
            box.put(("ok", fn()))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box.put(("error", exc))

    remove = cancel.on_cancel(lambda: box.put(("cancel", None))) if cancel is not None else None
    thread = threading.Thread(target=work, name="shortvid-net", daemon=True)
    thread.start()
    try:
        kind, value = box.get(timeout=deadline)
    except queue.Empty:
        kind, value = "deadline", None
    finally:
        if remove is not None:
            remove()
    if kind in ("cancel", "deadline"):
        if on_cancel is not None:
            try:
                on_cancel()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        if kind == "deadline":
            raise TimeoutError(f"no result within {deadline:g} s")
        raise Cancelled()
    if kind == "error":
        raise value
    return value


def run_async(
    make: Callable[[], Awaitable[T]],
    cancel: CancelToken | None = None,
    timeout: float | None = None,
) -> T:
    """Run a coroutine on its own event loop in a helper thread; cancellable; overall timeout.

    Raises TimeoutError after ``timeout`` seconds, Cancelled when ``cancel`` is set (the task is
    cancelled, so its connections close).
    """
    if cancel is not None:
        cancel.raise_if_cancelled()
    box: queue.Queue[tuple[str, Any]] = queue.Queue()
    holder: dict[str, Any] = {}
    started = threading.Event()

    async def main() -> T:
        holder["loop"] = asyncio.get_running_loop()
        holder["task"] = asyncio.current_task()
        started.set()
        if timeout is None:
            return await make()
        return await asyncio.wait_for(make(), timeout)

    def work() -> None:
        try:
            box.put(("ok", asyncio.run(main())))
        except asyncio.CancelledError:
            box.put(("cancelled", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box.put(("error", exc))
        finally:
            started.set()

    def on_cancel() -> None:
        started.wait()
        loop, task = holder.get("loop"), holder.get("task")
        if loop is not None and task is not None:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # loop already closed: the work is done
                pass

    remove = cancel.on_cancel(on_cancel) if cancel is not None else None
    thread = threading.Thread(target=work, name="shortvid-async", daemon=True)
    thread.start()
    try:
        kind, value = box.get()
    finally:
        if remove is not None:
            remove()
    if kind == "cancelled" or (cancel is not None and cancel.cancelled):
        raise Cancelled()
    if kind == "error":
        if isinstance(value, asyncio.TimeoutError):
            raise TimeoutError(f"no answer within {timeout:g} s") from value
        raise value
    return value
