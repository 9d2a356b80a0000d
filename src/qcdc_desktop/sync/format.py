"""The bundle file: a fixed prefix, a signed header, and the encrypted payload (docs/bundle-format.md).

    magic "QCDCBNDL" | version (1 byte) | signer's Ed25519 key (32) | header length (4, big-endian)
    | header (canonical JSON) | Ed25519 signature of PAE(HEADER_TYPE, header) (64) | payload

The header commits to the payload's exact length and SHA-256; the payload is an age file.  Reading
checks, in this order and reading no more than needed: the size, the prefix, that the signer is
trusted (the caller's lookup), the signature, and only then parses the header.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..core.errors import BundleError, Cancelled, InputFileError
from ..core.history import GENESIS
from ..core.record_rules import is_stamp
from ..core.serialize import canonical_bytes, loads_strict
from ..l10n import _
from .keys import pae, verify_signature

MAGIC = b"QCDCBNDL"
VERSION = 1
#: The record columns and kinds of docs/bundle-format.md: 2 adds the history entries and the chain's
#: head in the header, 3 the erasures, 4 a meeting's secretary; a reader still takes 1 (no history).
SCHEMA = 4
HISTORY_SCHEMA = 2
ERASURE_SCHEMA = 3  # a bundle that carries erasures of a person's data (docs/bundle-format.md)
SECRETARY_SCHEMA = 4  # a meeting carries its secretary, its last column; before, it has none
HEADER_TYPE = "application/vnd.qcdc.bundle-header+json;v=1"
PREFIX = struct.Struct(">8sB32sI")
SIGNATURE_BYTES = 64
MAX_HEADER_BYTES = 16 * 1024
MAX_BUNDLE_BYTES = 2 * 1024 ** 3
MAX_COUNT = 2 ** 53 - 1  # change counters, bundle numbers: beyond is absurd (and not exact in JSON readers)
SUFFIX = ".qcdcb"
_HEADER_TYPES: dict[str, type | tuple[type, ...]] = {
    "format": int, "bundle_id": str, "from": str, "to": str, "number": int, "base": int, "upto": int,
    "created_at": str, "schema": int, "records": int, "payload_length": int, "payload_sha256": str,
}
#: The head of the sender's history in a header of schema 2: the number and hash of its last entry.
_HEAD_KEYS = frozenset({"hash", "n"})
_CODE = re.compile(r"\d{2,5}")
_BUNDLE_ID = re.compile(r"[0-9a-f]{32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def reject(message: str, reason: str) -> BundleError:
    """The error that refuses a file: a sentence for the person, a stable word for scripts."""
    return BundleError(message, reason)


def _what_it_is(head: bytes) -> BundleError:
    if not head:
        return reject(_("The file is empty."), "empty")
    if head.count(0) == len(head):
        return reject(_("The file holds only zero bytes (a damaged copy)."), "zeros")
    for magic, name in ((b"PK\x03\x04", "ZIP"), (b"%PDF", "PDF"), (b"SQLite format 3\x00", "SQLite")):
        if head.startswith(magic):
            return reject(_("This is a %(kind)s file, not a QCDC bundle.") % {"kind": name}, "other_type")
    return reject(_("This is not a QCDC bundle."), "not_bundle")


@dataclass(frozen=True)
class Head:
    """A bundle whose header is signed by a trusted key, as read from its file."""

    signer: bytes
    header: dict[str, Any]
    payload_offset: int
    payload_length: int


def build_head(header: dict[str, Any], signer: bytes, sign: Callable[[bytes], bytes]) -> bytes:
    """The bytes before the payload: prefix, header and its signature."""
    body = canonical_bytes(header)
    if len(body) > MAX_HEADER_BYTES:
        raise reject(_("The bundle header is too large."), "header_size")
    return PREFIX.pack(MAGIC, VERSION, signer, len(body)) + body + sign(pae(HEADER_TYPE, body))


def read_head(fh: BinaryIO, size: int, is_trusted: Callable[[bytes], None]) -> Head:
    """Check a bundle's frame, signature and header.  ``is_trusted(signer)`` raises when the key
    is not one this office accepts, before the signature is even checked."""
    if size > MAX_BUNDLE_BYTES:
        raise reject(_("The file is too large to be a bundle."), "too_large")
    first = fh.read(PREFIX.size)
    if len(first) < PREFIX.size or not first.startswith(MAGIC):
        raise _what_it_is(first)
    _magic, version, signer, header_length = PREFIX.unpack(first)
    if version > VERSION:
        raise reject(_("The bundle was made by a newer version of QCDC Desktop; update the software to import "
                       "it."), "too_new")
    if version < 1:
        raise reject(_("This is not a QCDC bundle."), "not_bundle")
    if not 2 <= header_length <= MAX_HEADER_BYTES or size < PREFIX.size + header_length + SIGNATURE_BYTES:
        raise reject(_("The file is cut short or damaged."), "truncated")
    is_trusted(signer)
    body = fh.read(header_length)
    signature = fh.read(SIGNATURE_BYTES)
    if not verify_signature(signer, signature, pae(HEADER_TYPE, body)):
        raise reject(_("The signature does not match: the file was damaged or altered."), "signature")
    header = _parse_header(body)
    offset = PREFIX.size + header_length + SIGNATURE_BYTES
    if size < offset + header["payload_length"]:
        raise reject(_("The file is cut short or damaged."), "truncated")
    if size > offset + header["payload_length"]:
        raise reject(_("The file has extra bytes after the bundle (two bundles joined, or junk)."), "trailing")
    return Head(signer, header, offset, header["payload_length"])


def claimed_sender(fh: BinaryIO, size: int) -> str | None:
    """The office a bundle says it comes from, read from its header WITHOUT checking the signature:
    only to name that office when the bundle's key is one this office does not know (None when the
    header cannot be read).  Nothing else may rely on it."""
    header = claimed_header(fh, size)
    return str(header["from"]) if header is not None else None


def claimed_header(fh: BinaryIO, size: int) -> dict[str, Any] | None:
    """A bundle's header as it reads, WITHOUT checking the signature (None when it cannot be read):
    only for words about a refused file ("says it comes from …", "the good copy was received").
    Each value it gives is checked for its type; nothing may rely on it beyond words."""
    fh.seek(0)
    first = fh.read(PREFIX.size)
    if len(first) < PREFIX.size or not first.startswith(MAGIC):
        return None
    header_length = PREFIX.unpack(first)[3]
    if not 2 <= header_length <= MAX_HEADER_BYTES or size < PREFIX.size + header_length:
        return None
    try:
        return _parse_header(fh.read(header_length))
    except BundleError:
        return None


def _parse_header(body: bytes) -> dict[str, Any]:
    bad = reject(_("The bundle header is not valid."), "header")
    try:
        header = loads_strict(body.decode("utf-8"))
    except (UnicodeDecodeError, InputFileError):
        raise bad from None
    try:
        canonical = canonical_bytes(header)
    except UnicodeEncodeError:  # a lone surrogate, written as an escape: not text
        raise bad from None
    if not isinstance(header, dict) or canonical != body:
        raise bad
    if header.get("format") != VERSION:
        raise bad
    schema = header.get("schema")
    newer = isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA
    keys = set(_HEADER_TYPES) | ({"history"} if isinstance(schema, int) and HISTORY_SCHEMA <= schema <= SCHEMA
                                 else set())
    # A newer schema may add keys: the importer asks for an update rather than call the file damaged.
    if not (set(header) == keys or (newer and keys <= set(header))):
        raise bad
    for key, kind in _HEADER_TYPES.items():
        value = header[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise bad
        if isinstance(value, int) and not 0 <= value <= MAX_COUNT:
            raise reject(_("The bundle header holds an absurd number."), "absurd")
        if isinstance(value, str) and (len(value) > 100 or not unicodedata.is_normalized("NFC", value)):
            raise bad
    if not (_CODE.fullmatch(header["from"]) and _CODE.fullmatch(header["to"]) and is_stamp(header["created_at"])
            and _BUNDLE_ID.fullmatch(header["bundle_id"]) and _SHA256.fullmatch(header["payload_sha256"])):
        raise bad
    if header["base"] > header["upto"] or header["number"] < 1:
        raise reject(_("The bundle header holds an absurd number."), "absurd")
    if "history" in keys:
        _check_head(header["history"], bad)
    return header


def _check_head(head: Any, bad: BundleError) -> None:
    """The history head of a schema-2 header: ``{"hash": 64 hex, "n": int}``, the hash of "no
    entry yet" (:data:`GENESIS`) exactly when ``n`` is 0."""
    if not isinstance(head, dict) or set(head) != _HEAD_KEYS:
        raise bad
    n, head_hash = head["n"], head["hash"]
    if not isinstance(n, int) or isinstance(n, bool) or not isinstance(head_hash, str):
        raise bad
    if not 0 <= n <= MAX_COUNT:
        raise reject(_("The bundle header holds an absurd number."), "absurd")
    if not _SHA256.fullmatch(head_hash) or (n == 0) != (head_hash == GENESIS):
        raise bad


def hash_payload(path: Path, head: Head, cancelled: Callable[[], bool] | None = None) -> str:
    """SHA-256 of the payload, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        fh.seek(head.payload_offset)
        left = head.payload_length
        while left:
            block = fh.read(min(left, 1 << 20))
            if not block:
                break
            digest.update(block)
            left -= len(block)
            if cancelled is not None and cancelled():
                raise Cancelled
    return digest.hexdigest()


class PayloadReader:
    """The payload bytes of a bundle file as a stream, hashed as they are read (the apply pass
    checks at the end that they are still the verified ones)."""

    def __init__(self, fh: BinaryIO, head: Head) -> None:
        fh.seek(head.payload_offset)
        self._fh = fh
        self._left = head.payload_length
        self.digest = hashlib.sha256()

    def read(self, size: int | None = -1) -> bytes:
        size = self._left if size is None or size < 0 else min(size, self._left)
        block = self._fh.read(size)
        self._left -= len(block)
        self.digest.update(block)
        return block

    def readinto(self, buffer: bytearray | memoryview) -> int:
        block = self.read(len(buffer))
        buffer[:len(block)] = block
        return len(block)

    def readable(self) -> bool:
        return True
