"""Property tests of ``qcdc add`` with untrusted input: whatever the file holds, the command either
adds it (when the rules accept it) or refuses with one line starting "qcdc:", never a traceback or
an "unexpected error", and the data in the file stays exactly as it was.

The subprocess tests keep their example counts modest (each example starts two interpreters); the
same properties run in-process through ``cli.main`` with many more examples.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import full_meeting, minimal_meeting, run_qcdc
from conftest import qcdc_in_process as _main
from qcdc_desktop.core.errors import InputFileError, ValidationError
from qcdc_desktop.core.serialize import loads_strict
from qcdc_desktop.core.validate import parse_meetings

SUBPROCESS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IN_PROCESS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---- what the files hold ----

# Text a file may hold, with the awkward cases made likely: line breaks and controls (the message
# must stay on one line), format placeholders (messages are built with %), quotes and markup.
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\n", "x\ny", "\r\n", "\x00", "\u2028", "\x1b[2J", "«»", "%(n)d", "%s", "{0}", "'\"",
                     "2024-02-30", "2024-03-05\n", "08:00\n", "٢٠٢٤-03-05", "land", "dialogue", " ", ""]),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=15,
)

PATHS = [
    (), ("kind",), ("held_on",), ("title",), ("chair",), ("participants",), ("starts_at",), ("scope",),
    ("scope", 0), ("co_chairs",), ("co_chairs", 0), ("co_chairs", 0, "name"), ("announced_on",), ("status",),
    ("opinions",), ("opinions", 0), ("opinions", 0, "field"), ("opinions", 0, "answered"), ("opinions", 1, "phone"),
    ("opinions", 1, "content"), ("conclusions",), ("conclusions", 0), ("conclusions", 0, "opinions"),
    ("conclusions", 0, "opinions", 1), ("conclusions", 0, "deadline"), ("conclusions", 0, "state"),
    ("publications",), ("publications", 0, "published_on"), ("publications", 0, "method"),
]


@st.composite
def wrong_values(draw: st.DrawFn) -> bytes:
    """A meeting (or a list with one) where one value anywhere is replaced by a random JSON value,
    or a key with a random name is added."""
    meeting = full_meeting()
    path = draw(st.sampled_from(PATHS))
    value = draw(JSON_VALUES)
    if path == ():
        meeting = value
    else:
        target = meeting
        for step in path[:-1]:
            target = target[step]
        if draw(st.booleans()):
            target[path[-1]] = value
        elif isinstance(target, dict):
            target[draw(TEXT.filter(lambda key: key not in target))] = value
    if draw(st.booleans()):
        meeting = [minimal_meeting(), meeting]
    return json.dumps(meeting, ensure_ascii=draw(st.booleans())).encode("utf-8")


@st.composite
def broken_json(draw: st.DrawFn) -> bytes:
    """The text of a good meeting cut, spliced or sprinkled with random characters."""
    text = json.dumps([full_meeting(), minimal_meeting()], ensure_ascii=False)
    at = draw(st.integers(0, len(text)))
    how = draw(st.sampled_from(["cut", "insert", "delete", "swap"]))
    if how == "cut":
        text = text[:at]
    elif how == "insert":
        text = text[:at] + draw(st.text(min_size=1, max_size=5)) + text[at:]
    elif how == "delete":
        text = text[:at] + text[at + draw(st.integers(1, 20)):]
    else:
        text = text[:at] + draw(st.sampled_from(['"', "{", "}", "[", "]", ",", ":", "\\", "\x00", "\n"])) + text[at + 1:]
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def deeply_nested(draw: st.DrawFn) -> bytes:
    """Lists and objects nested far deeper than any meeting, alone or as the value of a field."""
    depth = draw(st.integers(30, 3000))
    opener = draw(st.sampled_from(["[", '{"a":', '[{"x":']))
    closer = {"[": "]", '{"a":': "}", '[{"x":': "}]"}[opener]
    deep = opener * depth + draw(st.sampled_from(["1", '"x"', "null", "[]", "{}"])) + closer * depth
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(deep)))
        deep = deep[:cut]  # and maybe never closed
    key = draw(st.sampled_from(["", "title", "opinions", "scope", "co_chairs"]))
    if key:
        head = json.dumps(minimal_meeting())[:-1]
        return f'{head}, "{key}": {deep}}}'.encode()
    return deep.encode()


ANY_FILE = st.one_of(
    st.text().map(lambda t: t.encode("utf-8")),
    st.binary(max_size=300),
    wrong_values(),
    broken_json(),
    deeply_nested(),
)


def _accepted(content: bytes) -> bool:
    """Whether the rules accept the file (so that ``qcdc add`` must succeed)."""
    try:
        parse_meetings(loads_strict(content.decode("utf-8-sig")), today=dt.date.today())
    except (UnicodeDecodeError, InputFileError, ValidationError):
        return False
    return True


def _refused_properly(code: int, out: str, err: str) -> None:
    assert code == 1, (code, out, err)
    assert out == ""
    assert "Traceback" not in out + err
    assert err.startswith("qcdc: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "unexpected error" not in err, err  # the way a bug shows itself to a clerk


# ---- through a subprocess, exactly as a script runs it ----

@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("properties")
    db = folder / "commune.db"
    assert run_qcdc("init", "--db", str(db), "--unit-code", "00004").returncode == 0
    (folder / "seed.json").write_text(json.dumps(full_meeting(), ensure_ascii=False), encoding="utf-8")
    assert run_qcdc("add", "--db", str(db), "--json", str(folder / "seed.json")).returncode == 0
    return db


def _dump(db: Path) -> str:
    result = run_qcdc("--lang", "en", "dump", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return result.stdout


_LAST_DUMP: dict[Path, str] = {}  # the dump taken after the previous example: its "before"


def _add_in_subprocess(db: Path, content: bytes) -> None:
    before = _LAST_DUMP.get(db) or _dump(db)
    path = db.with_name("input.json")
    path.write_bytes(content)
    result: subprocess.CompletedProcess = run_qcdc("--lang", "en", "add", "--db", str(db), "--json", str(path))
    after = _LAST_DUMP[db] = _dump(db)
    if _accepted(content):
        assert result.returncode == 0, result.stderr
        added = result.stdout.splitlines()[1:]  # under the sentence, one line a meeting
        assert len(json.loads(after)["meetings"]) == len(json.loads(before)["meetings"]) + len(added)
    else:
        _refused_properly(result.returncode, result.stdout, result.stderr)
        assert after == before


@pytest.mark.slow
@SUBPROCESS
@given(content=st.text().map(lambda t: t.encode("utf-8")))
def test_add_any_unicode_text(data_file: Path, content: bytes) -> None:
    _add_in_subprocess(data_file, content)


@pytest.mark.slow
@SUBPROCESS
@given(content=st.one_of(st.binary(max_size=300), broken_json()))
def test_add_bytes_and_broken_json(data_file: Path, content: bytes) -> None:
    _add_in_subprocess(data_file, content)


@pytest.mark.slow
@SUBPROCESS
@given(content=deeply_nested())
def test_add_deeply_nested_json(data_file: Path, content: bytes) -> None:
    _add_in_subprocess(data_file, content)


@pytest.mark.slow
@SUBPROCESS
@given(content=wrong_values())
def test_add_values_of_the_wrong_type_anywhere(data_file: Path, content: bytes) -> None:
    _add_in_subprocess(data_file, content)


# ---- in-process, many more examples of the same properties ----

@pytest.fixture(scope="module")
def db_in_process(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("in-process") / "commune.db"
    assert _main("init", "--db", str(db), "--unit-code", "00004")[0] == 0
    return db


@IN_PROCESS
@given(content=ANY_FILE)
def test_add_in_process(db_in_process: Path, content: bytes) -> None:
    path = db_in_process.with_name("input.json")
    path.write_bytes(content)
    before = _main("dump", "--db", str(db_in_process))[1]
    accepted = _accepted(content)
    code, out, err = _main("--lang", "en", "add", "--db", str(db_in_process), "--json", str(path))
    if accepted:
        assert code == 0, err
    else:
        _refused_properly(code, out, err)
        assert _main("dump", "--db", str(db_in_process))[1] == before


@IN_PROCESS
@given(content=ANY_FILE)
def test_the_parsers_raise_only_their_own_errors(content: bytes) -> None:
    try:
        value: Any = loads_strict(content.decode("utf-8", errors="replace"))
    except InputFileError as exc:
        assert exc.message and "\n" not in exc.message
        return
    try:
        parse_meetings(value, today=dt.date(2026, 1, 1))
    except ValidationError as exc:
        assert exc.problems
