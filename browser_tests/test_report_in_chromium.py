"""The HTML report in a real headless Chromium (run by .ci/run after it installs chromium).

Kept out of the main suite because it needs a browser that pip cannot install;
.ci/run installs Debian's chromium and runs this folder, so in CI it never skips.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dedupe import Article, cluster
from dedupe.report import render_report

ROOT = Path(__file__).resolve().parents[1]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "chromium is not installed: .ci/run installs it with apt-get install chromium"
    return path


def _run(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _body_after(chromium: str, tmp_path: Path, page: str, script: str) -> str:
    """The <body> attributes once ``script`` ran on the page's load event (it writes its
    findings there as data attributes, which --dump-dom shows)."""
    path = tmp_path / "probe.html"
    probe = f"<script>window.addEventListener('load',function(){{{script}}});</script></body>"
    path.write_text(page.replace("</body>", probe), encoding="utf-8")
    dom = _run(chromium, tmp_path, "--virtual-time-budget=3000", "--dump-dom", path.as_uri()).stdout
    return re.search(r"<body([^>]*)>", dom).group(1)


def test_seeds_report_renders_and_article_scripts_stay_text(chromium: str, tmp_path: Path) -> None:
    articles = [
        Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    hostile = "Ein Leserbrief.\n\n<script>document.title='pwned';document.body.dataset.pwned='1'</script>"
    script = "<script>document.title='pwned';document.body.dataset.pwned='1'</script>"
    articles.append(Article(id="leserbrief", text=hostile, outlet="<b>Leser</b>", title=script))
    page = tmp_path / "report.html"
    page.write_text(render_report(cluster(articles)), encoding="utf-8")

    dom = _run(chromium, tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<title>wire-dedupe report</title>" in dom, "an article's script ran and changed the page"
    assert 'data-pwned="1"' not in dom
    assert "&lt;script&gt;document.title" in dom, "the script is shown as text"
    assert dom.count('class="member"') == 5, "all five outlets side by side"
    assert "&lt;b&gt;Leser&lt;/b&gt;" in dom, "outlet names are escaped too"
    assert 'class="p unique"' in dom and 'class="p boilerplate"' in dom

    shot = tmp_path / "report.png"
    _run(chromium, tmp_path, "--window-size=1600,1000", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000, (
        "a rendered page, not a blank one"
    )


def test_a_click_outlines_counterparts_both_ways(chromium: str, tmp_path: Path) -> None:
    articles = [
        Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    page = render_report(cluster(articles))
    # A paragraph that lists no counterparts of its own but is another's counterpart is
    # linked too: clicking it outlines it (solid) and the paragraphs that name it (dashed).
    body = _body_after(
        chromium,
        tmp_path,
        page,
        "var p=document.querySelector('.p[data-linked]:not([data-matches])');"
        "if(p){p.click();document.body.dataset.src=document.querySelectorAll('.focus-src').length;"
        "document.body.dataset.cp=document.querySelectorAll('.focus').length;}"
        "document.body.dataset.keyboard=document.querySelectorAll('.p[data-linked][tabindex=\"0\"]').length;",
    )
    assert 'data-src="1"' in body, body
    assert int(re.search(r'data-cp="(\d+)"', body).group(1)) >= 1, body
    assert int(re.search(r'data-keyboard="(\d+)"', body).group(1)) > 0, body


def test_the_filter_box_narrows_the_index_and_the_stories_to_what_is_typed(
    chromium: str, tmp_path: Path
) -> None:
    engine = ROOT / "fixtures" / "engine"
    articles = []
    for lang in ("de", "en", "fr"):
        articles += [
            Article(
                id=f"{lang}-wire",
                text=(engine / f"{lang}_wire.txt").read_text(encoding="utf-8"),
                outlet="AFP",
            ),
            Article(
                id=f"{lang}-site",
                text=(engine / f"{lang}_site.txt").read_text(encoding="utf-8"),
                outlet=f"Blatt {lang}",
            ),
        ]
    page = render_report(cluster(articles))
    assert page.count('<section class="cluster"') == 3
    body = _body_after(
        chromium,
        tmp_path,
        page,
        "var f=document.getElementById('find'),b=document.body.dataset;"
        "var seen=function(){return [document.querySelectorAll('section.cluster:not([hidden])').length,"
        "document.querySelectorAll('#stories tr[data-q]:not([hidden])').length].join('/')};"
        "f.value='BLATT fr-SITE';f.dispatchEvent(new Event('input'));b.one=seen();"
        "b.found=document.getElementById('found').textContent;"
        "f.value='afp';f.dispatchEvent(new Event('input'));b.all=seen();"
        "f.value='blatt nowhere';f.dispatchEvent(new Event('input'));b.none=seen();"
        "f.value='';f.dispatchEvent(new Event('input'));b.reset=seen();",
    )
    # Every word typed must be found, in any case; an empty box shows every story again.
    assert 'data-one="1/1"' in body and 'data-found="1 of 3 stories"' in body, body
    assert 'data-all="3/3"' in body and 'data-none="0/0"' in body and 'data-reset="3/3"' in body, body
