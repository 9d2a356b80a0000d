"""Every setting is declared once (core/settings.py) with its type, default and bounds, and a
value read back is the declared type or the default, whatever was stored."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ADMIN, RECOVERY_CODE, ROOT
from qcdc_desktop.core import settings
from qcdc_desktop.core.settings import (
    COLLATE,
    COPIES,
    CUTOFF_DAY,
    LANGUAGE,
    LIST_FILTER,
    NOTICE_DAYS,
    ROLE,
    WINDOW_GEOMETRY,
    Setting,
)


def test_keys_are_declared_once() -> None:
    keys = [getattr(s, "key", None) or getattr(s, "pattern") for s in settings.ALL]
    assert len(keys) == len(set(keys)) and len(keys) > 25
    assert all(s.about for s in settings.ALL)
    assert {s.place for s in settings.ALL} == {"computer", "file"}


@pytest.mark.parametrize("raw, expected", [
    (None, 10), ("15", 15), (15, 15), (" 7 ", 7), ("0", 10), ("91", 10), ("ten", 10), ("1.5", 10), (b"x", 10),
])
def test_a_number_read_back_is_within_its_bounds_or_the_default(raw: object, expected: int) -> None:
    assert NOTICE_DAYS.default == 10 and NOTICE_DAYS.read(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    (None, True), (True, True), (False, False), ("true", True), ("false", False), ("0", False), ("maybe", True),
])
def test_a_yes_or_no_read_back(raw: object, expected: bool) -> None:
    assert COLLATE(kind="notice").read(raw) is expected


def test_a_text_with_choices_takes_only_them() -> None:
    assert LANGUAGE.read("en") == "en" and LANGUAGE.read("fr") == "vi" and LANGUAGE.read(None) == "vi"
    assert ROLE.read("upper") == "upper" and ROLE.read("admin") == "commune"


def test_a_value_kept_as_qt_gives_it_comes_back_untouched() -> None:
    marker = object()
    assert WINDOW_GEOMETRY.read(marker) is marker and WINDOW_GEOMETRY.read(None) is None


def test_what_is_written_is_checked_first() -> None:
    assert CUTOFF_DAY.stored(15) == 15 and COLLATE(kind="report").stored(False) == "false"
    with pytest.raises(ValueError):
        CUTOFF_DAY.stored(29)
    with pytest.raises(TypeError):
        CUTOFF_DAY.stored("15")  # type: ignore[arg-type]  # the wrong type, on purpose
    with pytest.raises(ValueError):
        LANGUAGE.stored("fr")


def test_a_number_is_brought_within_its_bounds() -> None:
    copies = COPIES(kind="notice")
    assert [copies.clamped(n) for n in (0, 1, 5, 999, 5000)] == [1, 1, 5, 999, 999]
    with pytest.raises(TypeError):
        LANGUAGE.clamped(3)


def test_a_family_names_one_setting_per_name() -> None:
    assert COPIES(kind="notice").key == "printing/notice/copies" and COPIES(kind="notice").high == 999
    assert LIST_FILTER(list="tasks", name="state").key == "tasks/filter/state"
    for bad in ("", "a/b", " notice", "two words"):
        with pytest.raises(ValueError):
            COPIES(kind=bad)


# ----- nothing reads or writes a setting by a key of its own

_SETTING_CALLS = {"value", "setValue", "remove", "contains", "setting"}


def _declared_key_patterns() -> list[re.Pattern[str]]:
    """A declared key, a family's whole pattern, and a family's pattern after its first name
    (``{list}/sort/column`` is also ``sort/column``): what a key spelled by hand would look like."""
    patterns = []
    for declared in settings.ALL:
        if not re.search(r"[/.:]", getattr(declared, "key", None) or getattr(declared, "pattern")):
            continue  # a plain word ("role", "unit_code") is also a field's name everywhere else
        if isinstance(declared, Setting):
            patterns.append(re.compile(re.escape(declared.key)))
            continue
        pattern = re.escape(declared.pattern)
        whole = re.sub(r"\\\{[a-z]+\\\}", "[^/]+", pattern)
        patterns.append(re.compile(whole))
        if declared.pattern.startswith("{") and "}/" in declared.pattern:
            tail = declared.pattern.split("}/", 1)[1]
            patterns.append(re.compile(re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(tail))))
    return patterns


def _text_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # f"filter/{name}": its names stand for one key part each
        return "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
    return None


def _keys_written_by_hand(source: str) -> list[str]:
    """Keys spelled out instead of taken from a declaration: a string (or f-string) given to
    ``settings.value``/``setValue``/``store.setting``..., a string that is a declared key or fits a
    declared family, and SQL naming a key of the settings table."""
    tree = ast.parse(source)
    patterns, skip = _declared_key_patterns(), _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SETTING_CALLS \
                and node.args and _text_of(node.args[0]) is not None:
            found.append(f"{node.func.attr}({ast.unparse(node.args[0])})")
            skip |= set(ast.walk(node.args[0]))
            continue
        text = _text_of(node)
        if text is None or node in skip:
            continue
        if any(p.fullmatch(text) for p in patterns):
            found.append(text)
        elif ("INTO settings" in text or "FROM settings" in text) and "'" in text:
            found.append(text)
    return found


def _docstrings(tree: ast.AST) -> set[ast.AST]:
    return {node.body[0].value for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def test_settings_are_reached_only_through_their_declarations() -> None:
    package = ROOT / "src" / "qcdc_desktop"
    by_hand = {str(path.relative_to(package)): keys for path in sorted(package.rglob("*.py"))
               if path != package / "core" / "settings.py"
               and (keys := _keys_written_by_hand(path.read_text(encoding="utf-8")))}
    assert by_hand == {}


def test_the_reading_finds_a_key_spelled_by_hand() -> None:
    source = ('s.value("ui/language", "vi")\nstore.setting("role")\ns.setValue(f"{kind}/sort", 1)\n'
              'conn.execute("DELETE FROM settings WHERE key = \'x\'")\nFOLDER_KEY = "sync/folder"\n'
              'key = f"printing/{kind}/copies"\nname = "sort/column"\n'
              's.value(LANGUAGE.key)\nspin.setValue(3)\ntitle = "Sync folder"\n')
    assert len(_keys_written_by_hand(source)) == 7


def test_the_file_settings_are_the_settings_table_s_keys(tmp_path: Path) -> None:
    from qcdc_desktop.db.settings import read_setting, write_setting
    from qcdc_desktop.db.setup import init_store, resolve_unit

    with init_store(tmp_path / "commune.db", resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        assert read_setting(store, settings.UNIT_CODE) == "00004" and read_setting(store, ROLE) == "commune"
        assert read_setting(store, CUTOFF_DAY) == 1
        with store.transaction() as conn:
            write_setting(conn, CUTOFF_DAY, 15)
        assert store.setting(CUTOFF_DAY.key) == "15" and read_setting(store, CUTOFF_DAY) == 15
        with store.transaction() as conn:
            conn.execute("UPDATE settings SET value = 'x' WHERE key = ?", (CUTOFF_DAY.key,))
        assert read_setting(store, CUTOFF_DAY) == 1  # a value the program never wrote reads as the default
        with pytest.raises(ValueError):
            read_setting(store, LANGUAGE)  # kept on the computer, not in the file
