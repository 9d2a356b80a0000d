"""argparse's own words in ``qcdc`` ("usage", "the following arguments are required", "invalid
choice") are in the user's language, and translating them leaves the standard ``argparse`` module,
and every other parser of the process, as they were."""

from __future__ import annotations

import argparse
import gettext

import pytest

from conftest import qcdc_in_process
from qcdc_desktop import l10n

NOTICE = ["notice", "--db", "x.db", "--meeting", "m", "--out", "n.pdf"]


@pytest.mark.parametrize("lang", [[], ["--lang", "vi"], ["--lang=vi"]])
def test_argparse_words_are_vietnamese_by_default_and_with_lang_vi(lang: list[str]) -> None:
    l10n.set_language("en")  # main chooses the language itself, whatever the process had before
    assert qcdc_in_process(*lang, "add", "--db", "x.db") == (
        2, "", "qcdc: còn thiếu các tham số bắt buộc: --json (xem qcdc --help)\n")
    assert qcdc_in_process(*lang, *NOTICE, "--kind", "report") == (
        2, "", "qcdc: tham số --kind: lựa chọn không hợp lệ: 'report' (chọn một trong: 'notice', 'minutes', "
               "'invitation') (xem qcdc --help)\n")
    code, out, err = qcdc_in_process(*lang, "--help")
    assert (code, err) == (0, "")
    assert out.startswith("Cách dùng: qcdc ")
    assert "\ntùy chọn:\n" in out and "hiện hướng dẫn này rồi thoát" in out


def test_argparse_words_are_english_with_lang_en() -> None:
    assert qcdc_in_process("--lang", "en", "add", "--db", "x.db") == (
        2, "", "qcdc: the following arguments are required: --json (see qcdc --help)\n")
    assert qcdc_in_process("--lang", "en", *NOTICE, "--kind", "report") == (
        2, "", "qcdc: argument --kind: invalid choice: 'report' (choose from 'notice', 'minutes', 'invitation') "
               "(see qcdc --help)\n")
    assert qcdc_in_process("--lang", "en", "--help")[1].startswith("usage: qcdc ")


def test_the_standard_argparse_is_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    assert qcdc_in_process("--lang", "vi", "add", "--db", "x.db")[0] == 2
    assert qcdc_in_process("--lang", "vi", "--help")[0] == 0
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]

    # Another parser of the same process, with Vietnamese still the current language, speaks as
    # argparse does everywhere else.
    assert l10n.get_language() == "vi"
    other = argparse.ArgumentParser(prog="other")
    other.add_argument("--where", required=True)
    other.add_argument("--kind", choices=("a", "b"))
    for args, words in (([], "the following arguments are required: --where"),
                        (["--where", "x", "--kind", "c"], "argument --kind: invalid choice: 'c'")):
        with pytest.raises(SystemExit):
            other.parse_args(args)
        err = capsys.readouterr().err
        assert err.startswith("usage: other ") and words in err, err
    assert "options:" in other.format_help()


def test_a_value_refused_by_its_type_is_a_usage_error() -> None:
    """The argument types raise the error of the parser's own argparse, so a wrong value gets the
    one-line usage message, not a traceback."""
    for args, words in ((["demo", "--db", "x.db", "--meetings", "-3"], "'-3' is not a whole number"),
                        ([*NOTICE, "--date", "22/11/2026"], "'22/11/2026' is not a date written YYYY-MM-DD"),
                        (["report", "--db", "x.db", "--out", "r.pdf", "--cutoff-day", "30"],
                         "'30' is not a day from 1 to 28")):
        code, out, err = qcdc_in_process("--lang", "en", *args)
        assert (code, out) == (2, "") and err.startswith("qcdc: argument --") and words in err, err
        assert err.endswith("(see qcdc --help)\n") and err.count("\n") == 1
