"""The start-up warm-up must run the whole post path, or the first posts pay for it."""

from dedupe.config import Config
from dedupe.warmup import warm_up_engine


def test_warm_up_runs_clustering_and_every_content_status():
    cluster = warm_up_engine(Config(), ["de"])
    members = {m["article_id"]: m for m in cluster["members"]}
    assert set(members) == {"warm-up-wire", "warm-up-outlet"}
    statuses = {p["status"] for m in members.values() for p in m["paragraphs"]}
    assert {"verbatim", "edited", "unique"} <= statuses
