"""Translations and locale formatting.

The Vietnamese catalog (i18n/vi.po) must cover every message of the source and of argparse, keep
the placeholders of each message, and be compiled into the package; the ``qcdc`` command must
speak Vietnamese by default and English with ``--lang en``.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import ROOT
from qcdc_desktop import l10n
from qcdc_desktop.core import catalog

VI_PO = ROOT / "i18n" / "vi.po"
UPDATE_SCRIPT = ROOT / "scripts" / "update_catalog.py"

# %(name)s, %(n)d, %s, %r, %5.2f ... and %% (which is not a placeholder).  No space flag: the
# "% o" of "10% of voters" and the "% c" of "10% cử tri" are words.
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")


def _placeholders(text: str) -> Counter:
    return Counter(m.group(0) for m in _PLACEHOLDER.finditer(text) if m.group(0) != "%%")


def _vi_catalog():
    with VI_PO.open("rb") as fh:
        return read_po(fh, locale="vi", domain=l10n.DOMAIN)


def _translated(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs of a translated, non-fuzzy message.

    Vietnamese has one plural form: its msgstr[0] stands for every count, so it is compared
    with the plural msgid, whose placeholders include the singular's.
    """
    if not message.id or message.fuzzy:
        return []
    if isinstance(message.id, str):
        return [(message.id, message.string)] if message.string else []
    return [(message.id[-1], s) for s in message.string if s]


def _all_translated() -> list[tuple[str, str]]:
    pairs = [pair for message in _vi_catalog() for pair in _translated(message)]
    assert len(pairs) > 100, "i18n/vi.po looks empty"
    return pairs


# ---- (a) the catalog covers the source -------------------------------------------------------

@pytest.mark.slow
def test_every_message_has_a_vietnamese_translation() -> None:
    result = subprocess.run([sys.executable, str(UPDATE_SCRIPT), "--check"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (
        "i18n/vi.po does not cover the source. Run `python scripts/update_catalog.py`, translate "
        "what it lists, then reinstall (pip install -e . --no-deps):\n" + result.stderr)


@pytest.fixture(scope="module")
def update_catalog():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import update_catalog
    finally:
        sys.path.pop(0)
    return update_catalog


def test_update_is_deterministic(update_catalog) -> None:
    first, second = update_catalog.extract_template(), update_catalog.extract_template()
    assert update_catalog._render(first) == update_catalog._render(second)
    merged = update_catalog._render(update_catalog.merge(_vi_catalog(), first))
    again = update_catalog._render(update_catalog.merge(read_po(io.BytesIO(merged), locale="vi"), second))
    assert merged == again


def test_check_mode_reports_untranslated_fuzzy_and_obsolete(update_catalog, tmp_path: Path, monkeypatch) -> None:
    template = update_catalog.extract_template()
    po = update_catalog.merge(_vi_catalog(), template)
    for message in po:  # a complete catalog, whatever the state of the real one
        if message.id:
            message.string = message.id if isinstance(message.id, str) else (message.id[-1],)
            message.flags.discard("fuzzy")
    some = [m.id for m in template if isinstance(m.id, str) and m.id][:2]
    po[some[0]].string = ""
    po[some[1]].flags.add("fuzzy")
    po.add("A message that the source no longer has", "Một câu không còn trong mã nguồn")
    i18n = tmp_path / "i18n"
    i18n.mkdir()
    (i18n / "vi.po").write_bytes(update_catalog._render(po))
    (i18n / "qcdc.pot").write_bytes(update_catalog._render(template))
    monkeypatch.setattr(update_catalog, "I18N_DIR", i18n)
    monkeypatch.setattr(update_catalog, "POT_PATH", i18n / "qcdc.pot")
    found = {(p.kind, p.msgid) for p in update_catalog.check()}
    assert found == {("untranslated", some[0]), ("fuzzy", some[1]),
                     ("obsolete", "A message that the source no longer has")}


def test_extraction_includes_argparse_and_plurals() -> None:
    with (ROOT / "i18n" / "qcdc.pot").open("rb") as fh:
        template = read_po(fh)
    ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    assert "usage: " in ids
    assert "the following arguments are required: %s" in ids
    assert ("expected %s argument", "expected %s arguments") in ids
    assert "Land" in ids  # an N_() label
    assert "POT-Creation-Date: 2026-01-01" in (ROOT / "i18n" / "qcdc.pot").read_text(encoding="utf-8")


# ---- (b) placeholders and form ---------------------------------------------------------------

def test_every_translation_keeps_the_placeholders_of_its_message() -> None:
    wrong = [(source, text) for source, text in _all_translated()
             if _placeholders(source) != _placeholders(text)]
    assert not wrong, "translations with different placeholders:\n" + "\n".join(
        f"  {source!r}\n  -> {text!r}" for source, text in wrong)


def test_placeholder_pattern() -> None:
    assert _placeholders("%(n)d of %(total)s, %s, %r, %5.2f, 100%%") == Counter(
        ["%(n)d", "%(total)s", "%s", "%r", "%5.2f"])
    assert not _placeholders("Dialogue requested by at least 10% of voters")
    assert not _placeholders("Đối thoại theo yêu cầu (từ 10% cử tri)")


def test_translations_keep_surrounding_whitespace_and_one_accelerator() -> None:
    wrong = []
    for source, text in _all_translated():
        if (source.endswith("\n") != text.endswith("\n") or source.endswith(" ") != text.endswith(" ")
                or source.startswith(" ") != text.startswith(" ")):
            wrong.append((source, text))
        if "&" in source and source.count("&") != text.count("&"):
            wrong.append((source, text))
    assert not wrong, wrong


def test_official_vietnamese_terms() -> None:
    fields = {
        "land": "Đất đai", "compensation": "Bồi thường, giải phóng mặt bằng",
        "construction": "Xây dựng, đô thị", "transport": "Giao thông", "environment": "Môi trường",
        "security": "An ninh, trật tự", "social_policy": "Chính sách xã hội", "health": "Y tế",
        "education": "Giáo dục", "economy": "Kinh tế, nông nghiệp",
        "admin_procedures": "Thủ tục hành chính", "party_government": "Xây dựng Đảng, chính quyền",
        "other": "Khác",
    }
    assert {c.code: c.label_in("vi") for c in catalog.FIELDS} == fields
    kinds = {
        "dialogue": "Đối thoại định kỳ của Chủ tịch UBND",
        "contact": "Tiếp xúc, đối thoại của Bí thư cấp ủy",
        "on_request": "Đối thoại theo yêu cầu (từ 10% cử tri)",
        "ad_hoc": "Đối thoại đột xuất",
        "thematic": "Đối thoại chuyên đề",
        "reception": "Tiếp công dân định kỳ",
    }
    assert {c.code: c.label_in("vi") for c in catalog.MEETING_KINDS} == kinds
    assert catalog.FIELDS.get("land").label_in("en") == "Land"


def test_nhan_dan_and_nha_nuoc_are_capitalised() -> None:
    wrong = [text for _source, text in _all_translated()
             if re.search(r"\b(nhân dân|Nhân Dân|nhà nước|Nhà Nước)\b", text)
             and not re.search(r"Ủy ban nhân dân|UBND", text)]
    assert not wrong, wrong


# ---- (c) the compiled catalog is up to date --------------------------------------------------

def test_compiled_catalog_matches_vi_po() -> None:
    buffer = io.BytesIO()
    write_mo(buffer, _vi_catalog(), use_fuzzy=False)
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)._catalog  # type: ignore[attr-defined]
    mo = l10n.LOCALE_DIR / "vi" / "LC_MESSAGES" / f"{l10n.DOMAIN}.mo"
    hint = (f"{mo} is missing or older than i18n/vi.po; reinstall to recompile it: "
            "pip install -e . --no-deps")
    assert mo.is_file(), hint
    with mo.open("rb") as fh:
        installed = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    differing = sorted(str(k) for k in expected.keys() ^ installed.keys()
                       | {k for k in expected.keys() & installed.keys() if expected[k] != installed[k]})
    assert not differing, hint + "\nmessages that differ: " + ", ".join(differing[:10])


def test_runtime_uses_the_catalog() -> None:
    assert l10n.gettext_in("vi", "Land") == "Đất đai"
    assert l10n.gettext_in("en", "Land") == "Land"
    l10n.set_language("vi")
    assert l10n.ngettext("(and %(n)d more problem)", "(and %(n)d more problems)", 3) % {"n": 3} == "(và 3 lỗi khác)"


# ---- (d) dates and numbers -------------------------------------------------------------------

@pytest.mark.parametrize(("day", "line"), [
    (dt.date(2026, 1, 5), "An Bình, ngày 05 tháng 01 năm 2026"),
    (dt.date(2026, 2, 9), "An Bình, ngày 09 tháng 02 năm 2026"),
    (dt.date(2026, 3, 5), "An Bình, ngày 05 tháng 3 năm 2026"),
    (dt.date(2026, 11, 22), "An Bình, ngày 22 tháng 11 năm 2026"),
    (dt.date(2026, 12, 31), "An Bình, ngày 31 tháng 12 năm 2026"),
])
def test_nd30_date(day: dt.date, line: str) -> None:
    assert l10n.nd30_date(day, "An Bình") == line


def test_nd30_date_is_vietnamese_in_english_too(english) -> None:
    assert l10n.nd30_date(dt.date(2026, 1, 5), "An Bình") == "An Bình, ngày 05 tháng 01 năm 2026"


def test_format_number_vi() -> None:
    assert l10n.format_number(1234567) == "1.234.567"
    assert l10n.format_number(0) == "0"


def test_format_number_en(english) -> None:
    assert l10n.format_number(1234567) == "1,234,567"


def test_format_date_is_day_month_year(english) -> None:
    assert l10n.format_date(dt.date(2026, 3, 5)) == "05/03/2026"
    l10n.set_language("vi")
    assert l10n.format_date(dt.date(2026, 3, 5)) == "05/03/2026"
    assert l10n.format_date(dt.date(2026, 11, 22)) == "22/11/2026"


# ---- (e) the command line speaks the user's language ----------------------------------------

@pytest.mark.slow
def test_help_in_vietnamese(qcdc) -> None:
    result = qcdc("--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for words in ("Cách dùng:", "tùy chọn:", "hiện hướng dẫn này rồi thoát", "tạo tệp dữ liệu cho một đơn vị",
                  "Nhân dân", "LỆNH"):
        assert words in out, out
    assert "usage:" not in out and "show this help message" not in out


@pytest.mark.slow
def test_help_in_english(qcdc) -> None:
    result = qcdc("--lang", "en", "--help")
    assert result.returncode == 0, result.stderr
    for words in ("usage: qcdc", "options:", "show this help message and exit", "create a data file for a unit"):
        assert words in result.stdout, result.stdout
    assert "Cách dùng" not in result.stdout


@pytest.mark.slow
def test_subcommand_help_in_vietnamese(qcdc) -> None:
    result = qcdc("init", "--help")
    assert result.returncode == 0, result.stderr
    assert "--unit-code MÃ" in result.stdout and "danh mục đơn vị hành chính" in result.stdout


@pytest.mark.slow
def test_usage_error_in_vietnamese(qcdc) -> None:
    result = qcdc("init")
    assert result.returncode == 2
    assert result.stderr == "qcdc: còn thiếu các tham số bắt buộc: --db, --unit-code (xem qcdc --help)\n"
    result = qcdc("frob")
    assert result.returncode == 2
    assert "lựa chọn không hợp lệ: 'frob'" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_usage_error_in_english(qcdc) -> None:
    result = qcdc("--lang", "en", "init")
    assert result.returncode == 2
    assert result.stderr == "qcdc: the following arguments are required: --db, --unit-code (see qcdc --help)\n"


# ---- (f) domain errors -----------------------------------------------------------------------

@pytest.mark.slow
def test_domain_error_in_vietnamese(qcdc, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = qcdc("init", "--db", str(db), "--unit-code", "99999")
    assert result.returncode == 1
    assert result.stderr == ("qcdc: Không có đơn vị hành chính mã 99999 trong danh mục (mã cấp xã gồm "
                             "5 chữ số, mã cấp tỉnh gồm 2 chữ số).\n")
    assert not db.exists()


@pytest.mark.slow
def test_domain_error_in_english(qcdc, tmp_path: Path) -> None:
    result = qcdc("--lang", "en", "init", "--db", str(tmp_path / "x.db"), "--unit-code", "99999")
    assert result.returncode == 1
    assert result.stderr.startswith("qcdc: There is no unit with code 99999 in the official list")


# ---- the operating system's errors, said in the user's language ----

def _system_errors() -> list[OSError]:
    import errno

    return [OSError(getattr(errno, name), "") for name in (
        "ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EROFS", "EEXIST", "EIO", "ENAMETOOLONG",
        "EBUSY", "EMFILE", "EFBIG", "ELOOP", "ENXIO", "EINVAL", "ENOTEMPTY", "ETIMEDOUT")] + [OSError(9999, "")]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_operating_system_error_is_said_in_the_users_language(language: str) -> None:
    import os

    from qcdc_desktop.core.errors import system_reason

    l10n.set_language(language)
    for error in _system_errors():
        said = system_reason(error)
        english = os.strerror(error.errno)  # the system's own words, which a clerk may not read
        assert said and english not in said, (error.errno, said)


def test_the_reasons_differ_by_language() -> None:
    from qcdc_desktop.core.errors import system_reason

    vietnamese = [system_reason(e) for e in _system_errors()]
    l10n.set_language("en")
    english = [system_reason(e) for e in _system_errors()]
    assert all(v != e for v, e in zip(vietnamese, english)), list(zip(vietnamese, english))
    assert len(set(english)) >= len(english) - 5  # one sentence for each, a few shared (EACCES and EPERM …)


def test_a_file_behind_a_file_is_said_in_vietnamese(qcdc, tmp_path: Path, commune_db: Path) -> None:
    """«Không đọc được dirjson: Is a directory» was an English reason in a Vietnamese sentence."""
    blocking = tmp_path / "ghi-chu.txt"
    blocking.write_text("không phải thư mục", encoding="utf-8")
    for args in (["add", "--db", str(commune_db), "--json", str(blocking / "hoi-nghi.json")],
                 ["keys", "export", "--db", str(commune_db), "--out", str(blocking / "xa.card")]):
        result = qcdc(*args)
        assert result.returncode == 1 and result.stderr.startswith("qcdc: "), result.stderr
        assert "Not a directory" not in result.stderr and "không phải là thư mục" in result.stderr, result.stderr


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="a folder where no file can be made: Linux's /proc")
def test_sqlite_refusing_a_place_is_said_in_vietnamese(qcdc) -> None:
    result = qcdc("init", "--db", "/proc/qcdc-thu.db", "--unit-code", "00004")
    assert result.returncode == 1 and "unable to open" not in result.stderr and "không cho phép" in result.stderr, \
        result.stderr
