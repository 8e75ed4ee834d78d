"""decode_bytes: which encodings are read, and what every failure says."""

from __future__ import annotations

import codecs

import pytest

from factdb.errors import LoadError
from factdb.parse.decode import decode_bytes

TEXT = "Путин — “Count on Russia” at 1,350 km\nSecond line"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16"),  # Python writes a BOM in native order
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-native"],
)
def test_supported_forms_decode_to_the_same_text_without_bom(raw):
    assert decode_bytes(raw, path="a.txt") == TEXT


def test_invalid_utf8_names_path_offset_and_suggests_encoding():
    raw = "Hello, ".encode() + "Мир".encode("cp1251")
    with pytest.raises(LoadError) as info:
        decode_bytes(raw, path="news/a.txt")
    message = str(info.value)
    assert info.value.path == "news/a.txt"
    assert "byte offset 7" in message
    assert "0xcc" in message
    assert "--encoding" in message


def test_offset_counts_the_bom():
    raw = codecs.BOM_UTF8 + b"ab\xffcd"
    with pytest.raises(LoadError, match="byte offset 5"):
        decode_bytes(raw, path="a.txt")


def test_explicit_encoding_is_used_as_given():
    raw = "Мир и война".encode("cp1251")
    assert decode_bytes(raw, path="a.txt", encoding="cp1251") == "Мир и война"
    assert decode_bytes("café".encode("latin-1"), path="a.txt", encoding="latin-1") == "café"


def test_explicit_encoding_failure_reports_offset():
    with pytest.raises(LoadError, match="byte offset 2"):
        decode_bytes(b"ab\xff", path="a.txt", encoding="utf-8")


def test_unknown_encoding_name_is_a_load_error():
    with pytest.raises(LoadError, match="unknown encoding 'no-such-codec'"):
        decode_bytes(b"abc", path="a.txt", encoding="no-such-codec")


def test_non_text_codec_is_a_load_error():
    with pytest.raises(LoadError):
        decode_bytes(b"abc", path="a.txt", encoding="rot13")


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_and_whitespace_files(raw):
    with pytest.raises(LoadError, match="empty file"):
        decode_bytes(raw, path="a.txt")


def test_nul_bytes_without_bom_are_binary_and_hint_utf16():
    raw = "Hello".encode("utf-16-le")  # no BOM
    with pytest.raises(LoadError, match="binary file") as info:
        decode_bytes(raw, path="a.txt")
    assert "byte offset 1" in str(info.value)
    assert "utf-16" in str(info.value)


def test_control_heavy_file_is_binary():
    raw = bytes(range(1, 32)) * 4 + b"some text"
    with pytest.raises(LoadError, match="binary file"):
        decode_bytes(raw, path="a.txt")


def test_a_few_control_characters_are_tolerated():
    raw = b"Title\x0c\n\nBody text with a form feed and a stray \x07 bell in a long enough file."
    assert decode_bytes(raw, path="a.txt").startswith("Title")


def test_truncated_utf16_reports_offset():
    raw = codecs.BOM_UTF16_LE + "Hi".encode("utf-16-le") + b"\x41"
    with pytest.raises(LoadError, match="byte offset 6"):
        decode_bytes(raw, path="a.txt")


def test_png_header_is_rejected():
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    with pytest.raises(LoadError):
        decode_bytes(raw, path="a.png")
