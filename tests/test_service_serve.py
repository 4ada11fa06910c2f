"""``service.serve``: what the long-running process does beside serving."""

from __future__ import annotations

import gc

from service import serve


def test_full_collections_freeze_what_survives_them() -> None:
    serve.freeze_after_full_collections()
    serve.freeze_after_full_collections()
    try:
        assert gc.callbacks.count(serve._freeze_survivors) == 1
        survivors = [[n] for n in range(5_000)]
        gc.collect(1)
        young_only = gc.get_freeze_count()
        gc.collect()
        # Frozen: later full collections no longer walk them.
        assert gc.get_freeze_count() >= young_only + len(survivors)
    finally:
        gc.callbacks.remove(serve._freeze_survivors)
        gc.unfreeze()
