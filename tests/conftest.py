"""Shared fixtures. Keep additions small and independent of each other."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partialmethod
from pathlib import Path

import pytest
from hypothesis import settings

# Shared, loaded machines: hypothesis's per-example deadline would make timing a test
# failure, and timing is not what these tests check.
settings.register_profile("wire-dedupe", deadline=None)
settings.load_profile("wire-dedupe")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def app(tmp_path: Path) -> Iterator:
    """The Flask app on a fresh SQLite store in ``tmp_path``, without keys (environment ignored)."""
    from service import create_app

    app = create_app(
        {"TESTING": True, "DB": str(tmp_path / "dedupe.sqlite3"), "API_KEYS": [], "PUSH_SECRET": None}
    )
    yield app
    app.extensions["dedupe"].close()


_dumps = json.dumps  # HttpClient.open takes ``json=`` as Flask's test client does


class HttpResponse:
    """An answer read off the socket, in the Flask test client's terms (``status_code``, ``get_json``)."""

    def __init__(self, status: int, reason: str, headers: http.client.HTTPMessage, data: bytes):
        self.status_code, self.status, self.headers, self.data = status, f"{status} {reason}", headers, data

    @property
    def mimetype(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def get_data(self, as_text: bool = False) -> bytes | str:
        return self.data.decode("utf-8") if as_text else self.data

    def get_json(self):
        return json.loads(self.data) if self.mimetype == "application/json" else None


class HttpClient:
    """Requests to a served app over a real loopback socket, one connection each."""

    def __init__(self, port: int):
        self.port = port

    def open(self, method: str, path: str, *, json=None, data=None, headers=None, content_type=None):
        sent = dict(headers or {})
        if json is not None:
            data = _dumps(json)
            sent.setdefault("Content-Type", "application/json")
        if content_type is not None:
            sent["Content-Type"] = content_type
        body = data.encode("utf-8") if isinstance(data, str) else data
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=sent)
            answer = conn.getresponse()
            return HttpResponse(answer.status, answer.reason, answer.headers, answer.read())
        finally:
            conn.close()

    get = partialmethod(open, "GET")
    post = partialmethod(open, "POST")
    put = partialmethod(open, "PUT")
    patch = partialmethod(open, "PATCH")
    delete = partialmethod(open, "DELETE")


@contextmanager
def served(app) -> Iterator[HttpClient]:
    """``app`` behind waitress (the production server) on a free loopback port, in a thread."""
    from waitress import create_server
    from waitress.wasyncore import close_all

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield HttpClient(server.effective_port)
    finally:
        # Sockets closed from this thread while the server's loop waits on them in
        # select() make it fail (EBADF): the loop closes them itself, then ends.
        try:
            server.trigger.pull_trigger(lambda: close_all(server._map))
        except OSError:
            # The wake-up pipe was already closed (3 of 10 runs of one test module on a loaded
            # machine, after every request of the test had been answered; cause not found):
            # the loop cannot be woken, so close its sockets from here; select() then ends it.
            close_all(server._map, ignore_all=True)
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()


@pytest.fixture
def serve() -> Iterator[Callable[..., HttpClient]]:
    """Serve any app made in a test; every server is stopped when the test ends."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(served(app))


@pytest.fixture(scope="module")
def serve_module() -> Iterator[Callable[..., HttpClient]]:
    """``serve`` for servers that outlive one test (a module's fuzzing shares one store). Each is
    stopped when the module ends, and then its app's store is closed."""

    def start(app) -> HttpClient:
        stack.callback(app.extensions["dedupe"].close)
        return stack.enter_context(served(app))

    with ExitStack() as stack:
        yield start


@pytest.fixture
def client(app, serve) -> HttpClient:
    """The app served over real HTTP: every API test goes through a socket and waitress."""
    return serve(app)


@pytest.fixture(scope="session")
def seed_articles() -> list[dict[str, str]]:
    """The five seed articles as API bodies (id = file stem)."""
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]


# An outlet's page furniture that no wording rule knows: masthead, breadcrumb, byline, bio.
MASTHEAD = "Testpost Digital - Hamburgs Stimme seit 1949"
PAGE_TOP = [MASTHEAD, "Startseite > Politik > Welt"]
PAGE_FOOT = [
    "Jana Beispiel",
    "Jana Beispiel berichtet für Testpost Digital über Politik und Gesellschaft und freut sich über "
    "Hinweise unserer Leserinnen und Leser.",
]
INVENTED = ROOT / "fixtures" / "eval" / "invented.jsonl"


@pytest.fixture(scope="session")
def outlet_pages() -> list:
    """Eight unrelated stories on one outlet's pages, and a teaser that is little but furniture.

    The teaser comes second: it links to the first page on the furniture alone before
    enough pages show that the furniture recurs.
    """
    from dedupe.article import Article

    records = [json.loads(line) for line in INVENTED.read_text(encoding="utf-8").splitlines()]
    texts = [
        r["text"] for r in records if r.get("id", "").endswith("-wire") or r.get("id", "").startswith("neg-")
    ]
    pages = [
        Article(
            id=f"page-{n}", text="\n\n".join([*PAGE_TOP, text, *PAGE_FOOT]), outlet="Testpost", language="de"
        )
        for n, text in enumerate(texts)
    ]
    teaser = Article(
        id="teaser",
        text="\n\n".join(
            [*PAGE_TOP, "Ergebnisse, Mandate und mögliche Koalitionen im Überblick.", *PAGE_FOOT]
        ),
        outlet="Testpost",
        language="de",
    )
    return [pages[0], teaser, *pages[1:]]
