"""``factdb serve`` in a real browser: headless Chromium against a started server.

Chromium is driven with ``--dump-dom`` (the DOM after scripts ran) and
``--screenshot``: clicking a link is loading its ``href`` as the DOM has it.
Skips when Chromium is absent, except under CI, where it must be installed.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urljoin

import pytest

pytest.importorskip("datasette")

from conftest import REPO, SEEDS  # noqa: E402

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    reason = "headless Chromium not found (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A `factdb serve` subprocess on the seed database: yields (base_url, db_path)."""
    tmp = tmp_path_factory.mktemp("browser")
    path = tmp / "seeds.sqlite"
    url = f"sqlite:///{path}"
    cli = [sys.executable, "-c", "from factdb.cli import main; main()", "--db", url]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    subprocess.run([*cli, "load", str(SEEDS)], check=True, env=env, capture_output=True, timeout=120)
    port = free_port()
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.poll() is not None else ""
                    pytest.fail(f"factdb serve did not start: {out}")
                time.sleep(0.1)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        yield base, path
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, "serve changed the database"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = find_chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    flags = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={profile}", "--window-size=1400,1000"]

    class Browser:
        def dom(self, url: str) -> str:
            done = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr[-2000:]
            assert "<html" in done.stdout, done.stderr[-2000:]
            return done.stdout

        def screenshot(self, url: str, out) -> None:
            done = subprocess.run([*flags, f"--screenshot={out}", url], capture_output=True, text=True,
                                  timeout=60)
            assert done.returncode == 0, done.stderr[-2000:]

    return Browser()


def hrefs(dom: str, pattern: str) -> list[str]:
    """The hrefs of <a> elements whose (unescaped) href matches ``pattern``."""
    found = [html.unescape(h) for h in re.findall(r'<a[^>]*\shref="([^"]+)"', dom)]
    return [h for h in found if re.search(pattern, h)]


def cells(dom: str, column: str) -> list[str]:
    """Text of the table cells of one column (Datasette marks them class="col-<name> ...")."""
    raw = re.findall(rf'<td class="col-{re.escape(column)}[^"]*">(.*?)</td>', dom, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in raw]


def test_claims_facet_fact_query_and_article(server, browser, tmp_path):
    base, _ = server

    # 1. the claims page, with its facets
    claims = browser.dom(f"{base}/factdb/v_claims")
    assert "v_claims" in claims
    assert 'class="facet-info' in claims
    properties = cells(claims, "property")
    assert len(set(properties)) >= 3

    # 2. apply a facet: follow the facet link for the most frequent property
    facet_links = hrefs(claims, r"[?&]property=")
    assert facet_links, "no property facet links on the claims page"
    chosen = re.search(r"property=([^&]+)", facet_links[0]).group(1)
    filtered = browser.dom(urljoin(base + "/factdb/v_claims", facet_links[0]))
    kept = cells(filtered, "property")
    assert kept and set(kept) == {chosen}
    assert len(kept) < len(properties)

    # 3. the fact-lookup canned query for a seed subject, named by an alias
    fact = browser.dom(f"{base}/factdb/fact?subject=201st+base&property=troop_count")
    subjects = cells(fact, "subject")
    assert subjects and set(subjects) == {"201st Military Base"}
    outlets = cells(fact, "outlet")
    assert len(set(outlets)) >= 2

    # 4. follow a quote to its article: the span is highlighted in the body
    quote_links = hrefs(fact, r"/factdb/article\?id=\d+&start=\d+&end=\d+")
    assert quote_links
    article = browser.dom(urljoin(base + "/factdb/fact", quote_links[0]))
    start = int(re.search(r"start=(\d+)", quote_links[0]).group(1))
    end = int(re.search(r"end=(\d+)", quote_links[0]).group(1))
    marked = re.search(r'<mark class="span" id="span">(.*?)</mark>', article, re.S)
    assert marked, "the article page shows no highlighted span"
    assert len(html.unescape(marked.group(1))) == end - start
    assert re.search(r"\d", marked.group(1))  # the number phrase of a troop count
    titles = cells(fact, "article_title")
    heading = re.search(r'<h1 id="article-title">(.*?)</h1>', article, re.S)
    assert heading and html.unescape(heading.group(1)).strip() in set(titles)

    # 5. a screenshot of the claims page (assertions above are on the DOM)
    shot = tmp_path / "claims.png"
    browser.screenshot(f"{base}/factdb/v_claims", shot)
    assert shot.stat().st_size > 10_000


def test_search_box_and_read_only(server, browser):
    base, _ = server
    found = browser.dom(f"{base}/factdb/articles?_search=Kremlin")
    assert 'name="_search"' in found and cells(found, "title")
    refused = browser.dom(f"{base}/factdb?sql=delete+from+claims")
    assert "Statement must be a SELECT" in refused
