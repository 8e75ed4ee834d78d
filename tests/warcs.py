"""Build small WARC files with warcio, as a crawler would write them (for the format tests)."""

from __future__ import annotations

import io
from pathlib import Path

FORMATS = Path(__file__).parent / "fixtures" / "formats"
ARTICLE_URL = "https://www.steppeherald.example/world/2024/03/12/russia-tajikistan-base-troops"
LISTING_URL = "https://www.steppeherald.example/world"


def response(url: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK",
             date: str = "2024-03-12T10:15:00Z") -> tuple:
    return ("response", url, body, ctype, status, date)


def crawl(article: bytes | None = None) -> list[tuple]:
    """A crawl of the Steppe Herald: the article, its image, the section front, a 404, requests."""
    good = FORMATS / "good"
    return [
        ("warcinfo",),
        ("request", ARTICLE_URL),
        response(ARTICLE_URL, article if article is not None else (good / "article.html").read_bytes()),
        response("https://www.steppeherald.example/img/base.jpg", b"\xff\xd8\xff\xe0 jpeg bytes", "image/jpeg"),
        response(LISTING_URL, (good / "listing.html").read_bytes()),
        response("https://www.steppeherald.example/old-story", b"<html><body>Not found</body></html>",
                 status="404 Not Found"),
    ]


def write_warc(path: Path, records: list[tuple], *, gzip: bool = True) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for rec in records:
            if rec[0] == "warcinfo":
                writer.write_record(writer.create_warcinfo_record(path.name, {"software": "factdb tests"}))
            elif rec[0] == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.steppeherald.example")],
                                        is_http_request=True)
                writer.write_record(writer.create_warc_record(rec[1], "request", payload=io.BytesIO(b""),
                                                              http_headers=http))
            else:
                _, url, body, ctype, status, date = rec
                http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=http,
                    warc_headers_dict={"WARC-Date": date}))
    return path
