"""Turn the raw bytes of an article file into text, or say exactly why not.

Guarantees:

* Without an explicit encoding, only three forms are read: UTF-8 without a
  BOM, UTF-8 with a BOM, and UTF-16 (LE or BE) with a BOM. Anything else
  raises :class:`~factdb.errors.LoadError` naming the path and the byte
  offset of the first undecodable byte, and suggesting ``--encoding``.
* An explicit ``encoding`` is used exactly as given (strict decoding); an
  unknown codec name is a ``LoadError``.
* The returned text never starts with a BOM and is never empty or
  whitespace-only ("empty file"), and never looks binary: a NUL byte in a
  non-UTF-16 file, or more than 10% control characters ("binary file").
* Pure: no I/O; the same bytes always give the same text.

Saved web pages are decoded by :func:`decode_html`, which reads the charset the
page or its HTTP header declares (and still never guesses).
"""

from __future__ import annotations

import codecs
import re

from factdb.errors import LoadError

__all__ = ["check_text", "decode_bytes", "decode_html", "gunzip"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# A text with more control characters than this share is taken for binary.
_MAX_CONTROL_SHARE = 0.10
# C0 and C1 controls except the whitespace ones (\t \n \v \f \r, 0x09-0x0d)
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_bytes(raw: bytes, *, path: str, encoding: str | None = None) -> str:
    """Decode ``raw`` (the bytes of the file at ``path``) to text.

    Raises :class:`LoadError` for undecodable, empty or binary input; never
    raises anything else.
    """
    if encoding is not None:
        text = _decode_explicit(raw, path, encoding).removeprefix("\ufeff")
    else:
        text = _decode_sniffed(raw, path)  # the BOM bytes are already dropped
    check_text(text, path)
    return text


# A page's own declarations: <meta charset>, <meta http-equiv content="...; charset=">, <?xml encoding?>
_CHARSET_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*(?P<cs>[\w.:-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["'](?P<cs>[\w.:-]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in a browser, and pages rely on it
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1", "cp819"}
_IN_PAGE = ("its <meta charset>", "its XML declaration")


def decode_html(raw: bytes, *, path: str, encoding: str | None = None, declared: str | None = None) -> str:
    """Decode a saved page: ``encoding`` (the user's), else a BOM, else ``declared`` (an
    HTTP header's charset), else the page's ``<meta charset>`` or XML declaration in its
    first 4 KB, else strict UTF-8.

    Never guesses: bytes that do not decode raise :class:`LoadError` naming the
    offset, the declaration that failed and suggesting ``--encoding``; so do NUL
    bytes, empty and binary-looking text (:func:`check_text`).
    """
    if encoding is not None:
        text = _decode_labelled(raw, encoding, "--encoding", path)
    else:
        for bom, name in _BOMS:
            if raw.startswith(bom):
                text = _decode_labelled(raw[len(bom):], name, "its byte order mark", path)
                break
        else:
            nul = raw.find(b"\x00")
            if nul >= 0:
                raise LoadError(f"binary file (NUL byte at byte offset {nul}), not a web page", path=path)
            head = raw[:4096]
            m = _XML_DECL_RE.match(head) or _CHARSET_META_RE.search(head)
            if declared:
                text = _decode_labelled(raw, declared, "its HTTP Content-Type header", path)
            elif m:
                source = _IN_PAGE[0] if m.re is _CHARSET_META_RE else _IN_PAGE[1]
                text = _decode_labelled(raw, m["cs"].decode("ascii", "replace"), source, path)
            else:
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise LoadError(
                        f"not valid UTF-8 and the page declares no charset: byte 0x{raw[exc.start]:02x} at "
                        f"byte offset {exc.start}; pass --encoding (e.g. --encoding cp1251 or --encoding latin-1)",
                        path=path,
                    ) from None
    text = text.removeprefix("\ufeff")
    check_text(text, path)
    return text


def _decode_labelled(raw: bytes, label: str, source: str, path: str) -> str:
    name = label.strip().lower()
    if source != "--encoding" and name in _LATIN1_LABELS:
        name = "cp1252"
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise LoadError(
            f"unknown encoding {label!r} (from {source}); pass --encoding with a Python codec name",
            path=path,
        ) from None
    if source in _IN_PAGE and codec.name.startswith("utf-16"):
        codec = codecs.lookup("utf-8")  # bytes that could be read to find "utf-16" are not UTF-16 (HTML spec)
    try:
        return raw.decode(codec.name)
    except UnicodeDecodeError as exc:
        if codec.name == "cp1252":  # the five bytes cp1252 leaves undefined: browsers map them 1:1
            return raw.decode("latin-1")
        raise LoadError(
            f"cannot decode as {label} (from {source}): invalid byte 0x{raw[exc.start]:02x} at byte offset "
            f"{exc.start}; pass the right --encoding",
            path=path,
        ) from None
    except (LookupError, TypeError, ValueError) as exc:  # text-to-text codecs, etc.
        raise LoadError(f"cannot decode with {label!r} (from {source}): {exc}", path=path) from None


def gunzip(raw: bytes, *, path: str, max_bytes: int) -> bytes:
    """Decompress a gzip file (all its members), refusing a truncated or corrupt one
    and content over ``max_bytes``."""
    import zlib

    out = b""
    rest = raw
    while True:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer
        try:
            out += inflater.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise LoadError(f"not a readable gzip file: {exc}", path=path) from None
        if len(out) > max_bytes:
            raise LoadError(
                f"decompresses to over the {max_bytes:,}-byte limit (raise it with --max-bytes)", path=path
            )
        if not inflater.eof:
            raise LoadError(
                "truncated gzip file: the compressed data ends before the end of the stream "
                f"({len(raw):,} bytes read; the file was cut short: copy or download it again)",
                path=path,
            )
        rest = inflater.unused_data
        if not rest.strip(b"\0"):  # some tools pad the last member with NULs
            return out


def _decode_explicit(raw: bytes, path: str, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise LoadError(
            f"unknown encoding {encoding!r}: pass a Python codec name such as "
            "utf-8, utf-16, cp1251 or latin-1",
            path=path,
        ) from None
    try:
        return raw.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"cannot decode as {encoding}: invalid byte 0x{raw[exc.start]:02x} at "
            f"byte offset {exc.start}; check the file's encoding and pass the right "
            "--encoding",
            path=path,
        ) from None
    except (LookupError, TypeError, ValueError) as exc:  # text-to-text codecs, etc.
        raise LoadError(f"cannot decode with {encoding!r}: {exc}", path=path) from None


def _decode_sniffed(raw: bytes, path: str) -> str:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            if name == "utf-8":
                return _decode_utf8(body, path, offset=len(bom))
            try:
                return body.decode(name)
            except UnicodeDecodeError as exc:
                offset = exc.start + len(bom)
                raise LoadError(
                    f"cannot decode as {name.upper()} (BOM found): invalid or truncated "
                    f"data at byte offset {offset}; if the file is not UTF-16, pass "
                    "--encoding",
                    path=path,
                ) from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise LoadError(
            f"binary file (NUL byte at byte offset {nul}); if it is UTF-16 text "
            "without a BOM, pass --encoding utf-16-le or utf-16-be",
            path=path,
        )
    return _decode_utf8(raw, path, offset=0)


def _decode_utf8(raw: bytes, path: str, *, offset: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + offset
        raise LoadError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {at}; "
            "if the file uses another encoding, pass --encoding (e.g. "
            "--encoding cp1251 or --encoding latin-1)",
            path=path,
        ) from None


def check_text(text: str, path: str) -> None:
    """Refuse empty or whitespace-only text and text that looks binary (``LoadError``)."""
    if not text.strip():
        raise LoadError("empty file", path=path)
    if "\x00" in text:
        raise LoadError("binary file (contains NUL characters)", path=path)
    controls = len(_CONTROL_RE.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise LoadError(
            f"binary file ({controls} of {len(text)} characters are control "
            "characters)",
            path=path,
        )

