"""The catalogue of personal fields and how a person is recognised in them (core/personal.py)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, strategies as st

from qcdc_desktop.core.personal import (
    CATALOGUE,
    CONTACT,
    OFFICIAL,
    PLACE,
    Person,
    erasure_marker,
    is_erased,
    mention_fields,
    mentions,
    name_words,
    phone_digits,
    public_name,
    replace_mentions,
)
from qcdc_desktop.db.schema_history import HISTORY_TRACKED

MARKER = erasure_marker(dt.date(2026, 12, 6))


def test_every_field_of_the_catalogue_is_a_column_and_the_history_keeps_its_values_apart() -> None:
    from qcdc_desktop.core.history import PERSONAL
    from qcdc_desktop.db.functions import schema_database

    conn = schema_database()
    try:
        for field in CATALOGUE:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({field.kind})")]
            assert field.name in columns, field
            if field.kind in HISTORY_TRACKED and field.category != OFFICIAL:
                assert field.name in HISTORY_TRACKED[field.kind][1] and field.name in PERSONAL[field.kind], field
    finally:
        conn.close()


def test_the_triggers_keep_every_personal_value_apart() -> None:
    """A free text noted in the entry itself could never be erased (its body is hashed)."""
    from qcdc_desktop.db.functions import schema_database

    conn = schema_database()
    try:
        for table in ("meetings", "publications", "register_entries", "opinions", "tasks", "messages"):
            (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (f"{table}_history_update",)).fetchone()
            first, last = sql.index("json_object("), sql.rindex("json_object(")
            plain, apart = sql[first:last], sql[last:]
            for field in (f for f in CATALOGUE if f.kind == table and f.category != OFFICIAL):
                assert f"'{field.name}'" in apart and f"'{field.name}'" not in plain, (table, field.name)
    finally:
        conn.close()


def test_the_hamlet_and_officials_stay_the_rest_goes() -> None:
    erased = {(f.kind, f.name) for f in CATALOGUE if f.erased_with_the_person}
    assert ("opinions", "speaker") in erased and ("opinions", "phone") in erased
    assert ("opinions", "address") not in erased  # the statistics count by hamlet
    assert ("meetings", "chair") not in erased
    assert {f.category for f in CATALOGUE if f.name == "phone"} == {CONTACT}
    assert {f.category for f in CATALOGUE if f.name == "address"} == {PLACE}
    assert "phone" not in mention_fields()["opinions"]


def test_the_marker_is_vietnamese_says_why_and_is_recognised() -> None:
    assert MARKER == "[đã xóa theo yêu cầu ngày 06/12/2026]"
    assert erasure_marker(dt.date(2026, 12, 6), "retention") == "[đã xóa do hết thời hạn lưu trữ ngày 06/12/2026]"
    assert erasure_marker(dt.date(2026, 12, 6), "decision") == "[đã xóa theo quyết định ngày 06/12/2026]"
    assert all(is_erased(erasure_marker(dt.date(2026, 12, 6), c)) for c in ("request", "decision", "retention"))
    assert not is_erased("Nguyễn Văn An")


@pytest.mark.parametrize("typed", ["Nguyễn Văn Đức", "nguyen van duc", "NGUYỄN VĂN ĐỨC", "Nguyen  Van   Duc"])
def test_a_name_is_found_with_or_without_diacritics_in_nfc_and_nfd(typed: str) -> None:
    text = "Ông Nguyễn Văn Đức (thôn 3) đề nghị sửa đường."
    for form in ("NFC", "NFD"):
        assert mentions(text, name_words(unicodedata.normalize(form, typed)))
    assert Person(unicodedata.normalize("NFD", typed)).speaks_as("Ông Nguyễn Văn Đức", "")


def test_a_longer_name_is_another_person() -> None:
    words = name_words("Nguyễn Văn Đức")
    assert not mentions("Nguyễn Văn Đức Anh đề nghị", words)
    assert mentions("Nguyễn Văn Đức. Anh đề nghị", words)
    assert not Person("Nguyễn Văn Đức").speaks_as("Nguyễn Văn Đức Anh", "")
    assert not Person("Văn Đức").speaks_as("Nguyễn Văn Đức", "")


def test_every_mention_is_replaced_and_nothing_else() -> None:
    text = "Ông Nguyễn Văn Đức và bà Trần Thị Lan; NGUYEN VAN DUC nói thêm."
    assert replace_mentions(text, name_words("nguyễn văn đức"), MARKER) == (
        f"Ông {MARKER} và bà Trần Thị Lan; {MARKER} nói thêm.")
    assert replace_mentions("Không ai", name_words("Nguyễn Văn Đức"), MARKER) == "Không ai"


def test_phone_numbers_are_compared_as_digits() -> None:
    assert phone_digits("0912 345 678 / +84 987.654.321; 84912345679") == ("0912345678", "0987654321", "0912345679")
    person = Person("Nguyễn Văn Đức", "0912.345.678")
    assert person.speaks_as("Nguyễn Văn Đức", "+84 912 345 678")
    assert not person.speaks_as("Nguyễn Văn Đức", "0987 654 321")
    assert Person(phone="0912345678").speaks_as("Ai đó", "0912 345 678")


def test_a_request_must_name_someone() -> None:
    assert Person().problem() and Person("An").problem() and Person(phone="không có").problem()
    assert Person("Nguyễn An").problem() is None and Person(phone="0912345678").problem() is None


def test_the_public_name_keeps_initials_and_the_hamlet() -> None:
    assert public_name("Ông Nguyễn Văn An", "thôn Đông") == "Ông N.V.A., thôn Đông"
    assert public_name("Trần Thị Lan") == "T.T.L."
    assert public_name(MARKER, "Thôn 3") == f"{MARKER}, Thôn 3"


@given(st.lists(st.sampled_from(["Nguyễn", "Văn", "Thị", "Đức", "Lan", "Bảy", "Hoàng"]), min_size=2, max_size=4))
def test_a_name_in_any_form_is_found_in_a_sentence_that_holds_it(words: list[str]) -> None:
    name = " ".join(words)
    text = f"Ý kiến của {name}, thôn 3."
    for form in ("NFC", "NFD"):
        typed = unicodedata.normalize(form, name.lower())
        assert mentions(unicodedata.normalize(form, text), name_words(typed))
        assert name not in replace_mentions(text, name_words(typed), MARKER)
    assert all(w not in public_name(name).split() for w in words)
