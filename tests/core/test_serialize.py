"""core/serialize.py: strict parsing of untrusted JSON and the canonical form of records."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY, full_meeting
from qcdc_desktop.core.errors import InputFileError
from qcdc_desktop.core.serialize import MAX_DEPTH, canonical_json, loads_strict, to_plain
from qcdc_desktop.core.validate import parse_meetings


def test_plain_json_is_parsed() -> None:
    assert loads_strict('{"a": [1, 2.5, "Đất", null, true]}') == {"a": [1, 2.5, "Đất", None, True]}


@pytest.mark.parametrize(("text", "words"), [
    ('{"title": "a", "title": "b"}', "twice"),
    ('[{"x": {"k": 1, "k": 1}}]', "twice"),
    ("[NaN]", "not a number"),
    ('{"participants": Infinity}', "not a number"),
    ("-Infinity", "not a number"),
    ("", "not valid JSON"),
    ("{'kind': 'dialogue'}", "not valid JSON"),
    ('{"kind": "dialogue",}', "not valid JSON"),
    ('{"kind": "dialogue"} trailing', "not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested too deeply"),
    ('{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1), "nested too deeply"),
])
def test_bad_json_is_an_input_file_error(english: None, text: str, words: str) -> None:
    with pytest.raises(InputFileError) as info:
        loads_strict(text)
    assert words in info.value.message
    assert "\n" not in info.value.message


def test_nesting_up_to_the_limit_is_fine() -> None:
    assert loads_strict("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_the_error_says_where_the_json_breaks(english: None) -> None:
    with pytest.raises(InputFileError) as info:
        loads_strict('{\n  "kind": "dialogue"\n  "title": "x"\n}')
    assert "line 3" in info.value.message


@pytest.mark.parametrize("text", ["1" * 5000, '{"participants": ' + "9" * 10_000 + "}", "-" + "1" * 4301])
def test_a_number_with_thousands_of_digits_is_an_input_file_error(text: str) -> None:
    """Python refuses to convert such numbers with a ValueError; a person must get a sentence."""
    with pytest.raises(InputFileError):
        loads_strict(text)


@pytest.mark.parametrize("text", ["1e999", '{"participants": -1e400}', "[1.5e309]"])
def test_a_number_too_large_for_a_float_is_refused_like_infinity(text: str) -> None:
    with pytest.raises(InputFileError):
        loads_strict(text)


@given(st.text())
@settings(max_examples=500)
def test_any_text_parses_or_raises_input_file_error(text: str) -> None:
    try:
        value = loads_strict(text)
    except InputFileError as exc:
        assert exc.message
    else:
        assert value == json.loads(text)


_JSON_TEXTISH = st.text(alphabet=st.sampled_from('{}[]:,"\\ 0123456789.eE-+truefalsnNIiyΑđ\n'), max_size=80)


@given(_JSON_TEXTISH)
@settings(max_examples=500)
def test_json_like_noise_parses_or_raises_input_file_error(text: str) -> None:
    try:
        value = loads_strict(text)
    except InputFileError:
        return
    assert not any(isinstance(v, float) and not math.isfinite(v) for v in _leaves(value))


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def test_canonical_json_is_sorted_indented_and_keeps_vietnamese() -> None:
    text = canonical_json({"b": 1, "a": ["Đất đai", {"d": None, "c": True}]})
    assert text == '{\n  "a": [\n    "Đất đai",\n    {\n      "c": true,\n      "d": null\n    }\n  ],\n  "b": 1\n}\n'


def test_to_plain_turns_records_into_the_json_shape() -> None:
    [meeting] = parse_meetings(full_meeting(), today=TODAY)
    plain = to_plain(meeting)
    assert plain["held_on"] == "2024-03-05"
    assert plain["conclusions"][0]["completed_on"] == "2024-04-20"
    assert plain["co_chairs"] == full_meeting()["co_chairs"]
    assert plain["id"] is None
    assert json.loads(canonical_json(plain)) == plain
    assert to_plain([dt.date(2024, 1, 2)]) == ["2024-01-02"]
