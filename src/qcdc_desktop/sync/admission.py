"""The head of a bundle checked against this office's enrolment, before anything of it is read.

The signer must be a key of an office this office enrolled and not revoked (and not this office's
own), the office the header names must be the signer's, the bundle must be for this office and of a
schema this version reads.  Each refusal says what to do: whose key card to enrol, that the office
made new keys, that the bundle is for another office, that the software needs an update.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BundleError, system_reason
from ..db import sync_keys, sync_store
from ..db.connection import Store
from ..l10n import _
from .format import SCHEMA, Head, claimed_sender, read_head, reject
from .keys import OfficeKeys
from .status import office_name


@dataclass(frozen=True)
class Checked:
    """A bundle admitted by its head: the verified head, and the enrolled office that signed it."""

    head: Head
    peer: sync_store.Peer


def check_head(store: Store, local: Path, own: str, keys: list[OfficeKeys]) -> Checked:
    """The head of the bundle at ``local`` (a copy in the work folder) checked for this office
    (``own``, its code; ``keys``, its own keys); a BundleError with a sentence when it is refused."""
    found: list[sync_keys.PeerKey] = []

    def trusted(signer: bytes) -> None:
        if any(k.sign_public == signer for k in keys):
            raise reject(_("This bundle was made by this office itself; it is to be imported by the office it is "
                           "for."), "own")
        key = sync_keys.peer_key(store, signer)
        if key is None:
            raise unknown_key(store, None)  # said again below with the office the bundle names
        if key.state == "revoked":
            raise reject(_("The bundle is signed by a key of %(office)s (%(code)s) that was revoked: nothing from "
                           "that key is accepted. %(office)s makes new keys and enrols again with a new stamped key "
                           "card, then writes its bundle again.") % {"office": office_name(key.unit_code),
                                                                      "code": key.unit_code}, "revoked")
        found.append(key)

    try:
        with local.open("rb") as fh:
            try:
                head = read_head(fh, local.stat().st_size, trusted)
            except BundleError as exc:
                if exc.reason != "unenrolled":
                    raise
                raise unknown_key(store, claimed_sender(fh, local.stat().st_size)) from None
    except OSError as exc:
        raise reject(_("Cannot read the file: %(reason)s") % {"reason": system_reason(exc)}, "unreadable") from None
    header, key = head.header, found[0]
    if header["from"] != key.unit_code:
        raise reject(_("The bundle is signed with the key of %(signer)s but says it comes from %(claimed)s.")
                     % {"signer": key.unit_code, "claimed": header["from"]}, "impostor")
    if header["to"] != own:
        raise reject(_("The bundle is for %(office)s (%(code)s), not for this office: take it there.")
                     % {"office": office_name(header["to"]), "code": header["to"]}, "not_for_us")
    if header["schema"] > SCHEMA:
        raise reject(_("The bundle was made by a newer version of QCDC Desktop; update the software to import "
                       "it."), "too_new")
    peer = sync_store.get_peer(store, key.unit_code)
    assert peer is not None  # a trusted key always has its office
    return Checked(head, peer)


def unknown_key(store: Store, claimed: str | None) -> BundleError:
    """The refusal of a bundle signed by a key this office does not know, naming the office the
    bundle says it comes from (unverified: it only says whose key card to look for) and what to do."""
    if claimed is None:
        return reject(_("The bundle is signed by a key this office has not enrolled: enrol the key card of the "
                        "office that sent it, with the fingerprint printed on its stamped paper, then import the "
                        "bundle again."), "unenrolled")
    values = {"office": office_name(claimed), "code": claimed}
    if sync_store.get_peer(store, claimed) is not None:
        return reject(_("The bundle says it comes from %(office)s (%(code)s), but it is signed by a key this office "
                        "does not know for it: %(office)s may have made new keys. Take its new key card, with the "
                        "fingerprint printed on its stamped paper, then import the bundle again.") % values,
                      "unenrolled")
    return reject(_("The bundle says it comes from %(office)s (%(code)s), which this office has not enrolled yet: "
                    "enrol its key card first, with the fingerprint printed on its stamped paper, then import the "
                    "bundle again.") % values, "unenrolled")
