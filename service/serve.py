"""Run the service on waitress: one process, several threads, one live index."""

from __future__ import annotations

import gc
import signal
import sys
import threading
from collections.abc import Mapping
from typing import Any

__all__ = ["DEFAULT_THREADS", "freeze_after_full_collections", "run"]


#: Worker threads. The service is one interpreter: posts run one at a time under the
#: write lock, and the lock holder gives up the GIL during the commit's fsync. Every
#: further thread busy with parsing or encoding JSON makes it wait for the GIL again
#: afterwards, so more threads mean less throughput: with 100,000 indexed and 8 clients,
#: 8 threads served 148-208 posts/s (median 175, 8 runs), 2 threads 175-215 (median 201,
#: 8 runs), 3 and 4 threads in between (docs/performance.md, session 11).
#: Slow clients cost no thread: waitress reads and writes sockets in its own loop.
DEFAULT_THREADS = 2


def run(
    host: str = "127.0.0.1",
    port: int = 8080,
    db_path: str | None = None,
    config_overrides: Mapping[str, Any] | None = None,
    *,
    threads: int = DEFAULT_THREADS,
) -> None:
    """Serve the API until the process is stopped (Ctrl-C or SIGTERM).

    Args:
        host: Interface to listen on; ``0.0.0.0`` for every interface.
        port: TCP port; ``0`` picks a free one (the chosen port is printed).
        db_path: SQLite store; ``None`` keeps ``DEDUPE_DB`` or the default.
        config_overrides: App settings that win over ``DEDUPE_*`` variables, for example
            ``{"API_KEYS": ["..."], "ENGINE": {"threshold": 0.7}}`` (``ENGINE`` may also be
            a :class:`dedupe.config.Config`).
        threads: Worker threads of waitress (see ``DEFAULT_THREADS``).

    Raises:
        DedupeError: The store cannot be opened or its signatures do not fit the configuration.
    """
    from waitress import create_server

    from . import create_app

    settings: dict[str, Any] = dict(config_overrides or {})
    if db_path is not None:
        settings["DB"] = str(db_path)
    app = create_app(settings)
    service = app.extensions["dedupe"]
    # The index rebuilt from the store is long-lived objects by the hundred thousand
    # (261,000 at 11,658 articles), and Python's cyclic collector walked all of them in
    # every full collection: 4 pauses of 70-121 ms in 400 posts, each on whichever
    # request ran into it. Frozen, they are left out (43-65 ms, the objects made since
    # the start); reference counting still frees them, and the index makes no cycles.
    gc.collect()
    gc.freeze()
    freeze_after_full_collections()
    server = create_server(app, host=host, port=port, threads=threads)
    # One line a supervisor (or a test) can read to learn the address, port 0 included.
    print(
        f"dedupe: serving on http://{host}:{server.effective_port} "
        f"(store {service.store.path}, {len(service.index)} live articles)",
        file=sys.stderr,
        flush=True,
    )
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (systemd, docker stop) ends like Ctrl-C: connections closed, WAL checkpointed.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        service.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()


def freeze_after_full_collections() -> None:
    """After every full collection, freeze what survived it.

    Freezing once at start left the objects made since: full collections walked
    more of them as the service ran, and each pause fell on one request (in process,
    11,658 stored, 1,000 posts: 9 full collections growing from 15 to 181 ms, p99
    65-76 ms). Freezing each full collection's survivors keeps every pause to the
    objects made since the last one (12-35 ms, p99 35-39 ms). What a frozen object
    frees by reference counting is still freed; a cycle formed later among frozen
    objects would stay, and the service's objects form none (docs/api.md).
    """
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)
