"""Sync over USB: keys and key cards, the bundle file, export and import (docs/bundle-format.md).

Crypto, the file format, verification and orchestration live here; every SQL statement is in
``db/sync_store.py`` and ``db/sync_apply.py``.
"""
