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
"""

from __future__ import annotations

import codecs
import re

from factdb.errors import LoadError

__all__ = ["check_text", "decode_bytes", "gunzip"]

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

