"""core/passwords.py: the password policy, the login-name rules and the wait after wrong passwords."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from qcdc_desktop.core.errors import LoginNameRefused, PasswordRefused, QcdcError
from qcdc_desktop.core.passwords import (
    LONGEST_WAIT, MIN_LENGTH, check_login, check_password, login_problem, normal_login, password_problem,
    same_login, time_left, wait_after, wait_message,
)

# The account the passwords below are chosen for.
ACCOUNT = {"login": "vanthu01", "full_name": "Nguyễn Thị Hoà", "unit_name": "Xã An Bình"}

SHORT = "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."
LONG = "Mật khẩu quá dài: chỉ được có tối đa 128 ký tự."
CONTROL = "Mật khẩu có ký tự không gõ được trên bàn phím (xuống dòng, tab hoặc ký tự điều khiển)."
LOGIN = "Mật khẩu không được chứa tên đăng nhập của bạn."
NAME = "Mật khẩu không được chứa họ tên của bạn hay một phần của họ tên."
UNIT = "Mật khẩu không được chứa tên đơn vị của bạn."
FEW = "Mật khẩu dùng quá ít ký tự khác nhau: cần ít nhất 5 ký tự khác nhau."
REPEAT = "Mật khẩu quá dễ đoán: phần lớn là các ký tự lặp lại."
SEQUENCE = "Mật khẩu quá dễ đoán: phần lớn là một dãy chữ, số hoặc phím liền nhau (như 123456, abcdef hay qwerty)."
COMMON = ("Mật khẩu quá dễ đoán: phần lớn là một từ thông dụng, một năm hoặc một ngày tháng (như matkhau, "
          "password hay 1990).")


def problem(password: str, **account: str) -> str | None:
    return password_problem(password, **{**ACCOUNT, **account})


@pytest.mark.parametrize("password", [
    "Trời xanh mây trắng",
    "Đồng lúa chín vàng",
    "Kx9#mP2!vLq",
    "sông Hồng 1234567",
    "Mưa rơi 2024 lá bay",
    "tôi-đi-chợ-phiên",
    "   khoảng trắng ở ngoài   ",
])
def test_good_passwords_pass(password: str) -> None:
    assert problem(password) is None
    check_password(password, **ACCOUNT)  # raises nothing


@pytest.mark.parametrize(("password", "expected"), [
    ("", SHORT),
    ("Sen#hồng7", SHORT),  # 9 characters
    ("x" * 129, LONG),
    ("Trời xanh\nmây trắng", CONTROL),
    ("Trời\txanh mây trắng", CONTROL),
    ("Trời xanh\x07mây trắng", CONTROL),
])
def test_length_and_characters(password: str, expected: str) -> None:
    assert problem(password) == expected


def test_length_is_counted_in_composed_characters() -> None:
    nine = "Đồng lúa!"  # 9 characters once composed, 13 code points decomposed
    assert len(unicodedata.normalize("NFD", nine)) >= MIN_LENGTH
    assert problem(unicodedata.normalize("NFD", nine)) == SHORT
    assert problem(unicodedata.normalize("NFD", "Đồng lúa chín vàng")) is None
    assert problem("Kx9#mP2!vLq"[:MIN_LENGTH]) is None  # exactly the minimum


@pytest.mark.parametrize(("password", "account", "expected"), [
    ("Hoa.NT#2024xyz", {"login": "hoa.nt"}, LOGIN),
    ("xyz!HOANT#q7", {"login": "hoa.nt"}, LOGIN),
    ("sen!VANTHU#q7", {}, LOGIN),
    ("Tuấn!sông#Đà9", {"login": "tuan.pm", "full_name": "Phạm Minh Tuấn"}, LOGIN),
    ("HÒA!sen@lúa7x", {}, NAME),  # the given name, whatever its case and tone mark
    ("hoasen@lúa7x", {}, NAME),  # at the start of a word
    ("sen@lúa7x.Hoà", {}, NAME),  # at its end
    ("Nguyễn-sông-Đà", {}, NAME),  # the family name
    ("xyz!DUC#2024q", {"login": "anhtd", "full_name": "Trần Đức Anh"}, NAME),  # đ = d
    ("anhtran#sông9", {"login": "ta.01", "full_name": "Trần Đức Anh"}, NAME),  # given name + family name
    ("@AnBình#sông9", {}, UNIT),
    ("badinh!Q7z#k", {"unit_name": "Phường Ba Đình"}, UNIT),
])
def test_own_names_are_refused(password: str, account: dict[str, str], expected: str) -> None:
    assert problem(password, **account) == expected


def test_generic_middle_names_and_short_names_are_not_looked_for() -> None:
    # "Thị" is in "thiên", "An" in half the words of the language: neither says anything of the person.
    assert problem("Thiên nhiên xanh") is None
    # A short part is looked for at the ends of a word, not inside one ("khoảng" holds "hoa").
    assert problem("khoảng trời xanh") is None
    assert problem("Sang năm mới", full_name="Lê Văn An", login="an.lv") is None


@pytest.mark.parametrize(("password", "expected"), [
    ("aaaaaaaaaaaa", FEW),
    ("1212121212", FEW),
    ("abcdabcdabcd", FEW),
    ("lan1!lan1!lan1!", REPEAT),
    ("xyz!?xyz!?xyz!?", REPEAT),
    ("xyz!!xyz!!xyz!!", FEW),
    ("1234567890", SEQUENCE),
    ("0987654321", SEQUENCE),
    ("abcdefghijk", SEQUENCE),
    ("qwertyuiop12", SEQUENCE),
    ("1qaz2wsx3edc", SEQUENCE),
    ("!@#$%^&*()", SEQUENCE),
    ("zyxwvutsrq", SEQUENCE),
    ("Matkhau@2025", COMMON),
    ("matkhau123456", COMMON),
    ("P@ssw0rd2024", COMMON),
    ("password123", COMMON),
    ("Quantri#2025", COMMON),
    ("01011990abc", COMMON),
    ("xinchao2024!", COMMON),
])
def test_trivial_passwords_are_refused(password: str, expected: str) -> None:
    assert problem(password) == expected


def test_a_trivial_piece_inside_a_long_password_is_accepted() -> None:
    # What is left outside the run or the word is enough to make it strong.
    assert problem("lúa chín 123 vàng") is None
    assert problem("matkhau của tôi dài") is None


def test_the_refusal_is_a_qcdc_error_that_never_quotes_the_password() -> None:
    with pytest.raises(PasswordRefused) as refused:
        check_password("Matkhau@2025", **ACCOUNT)
    assert isinstance(refused.value, QcdcError) and refused.value.code == "weak_password"
    assert refused.value.message == COMMON
    for password in ("sen!VANTHU#q7", "lan1!lan1!lan1!", "Sen#hồng7"):
        message = problem(password)
        assert message is not None and password not in message and password.lower() not in message.lower()


def test_refusals_in_english(english: None) -> None:
    assert problem("Sen#hồng7") == "The password is too short: it needs at least 10 characters."
    assert problem("HÒA!sen@lúa7x") == "The password must not contain your name or a part of it."
    assert problem("1234567890") == ("The password is too easy to guess: it is mostly a run of letters, digits or "
                                     "keys side by side (like 123456, abcdef or qwerty).")


# --- login names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("login", ["hoa.nt", "tuan_pm", "vanthu-01", "abc", "a" * 32, "chutich.xa2"])
def test_good_login_names(login: str) -> None:
    assert login_problem(login) is None
    assert check_login(f"  {login} ") == login


@pytest.mark.parametrize(("login", "expected"), [
    ("ab", "Tên đăng nhập phải có ít nhất 3 ký tự."),
    ("a" * 33, "Tên đăng nhập chỉ được có tối đa 32 ký tự."),
    ("1hoa", "Tên đăng nhập phải bắt đầu bằng một chữ cái."),
    ("_hoa", "Tên đăng nhập phải bắt đầu bằng một chữ cái."),
    ("Nguyễn Hoà", "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, dấu chấm, dấu gạch ngang và dấu gạch "
                   "dưới: ví dụ «nguyen.hoa»."),
    ("Hoa.NT", "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, dấu chấm, dấu gạch ngang và dấu gạch "
               "dưới: ví dụ «hoa.nt»."),
    ("Đức", "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, dấu chấm, dấu gạch ngang và dấu gạch "
            "dưới: ví dụ «duc»."),
    ("??!!", "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, dấu chấm, dấu gạch ngang và dấu gạch dưới."),
])
def test_login_name_rules(login: str, expected: str) -> None:
    assert login_problem(login) == expected
    with pytest.raises(LoginNameRefused) as refused:
        check_login(login)
    assert refused.value.code == "bad_login" and refused.value.message == expected


def test_login_names_are_compared_folded() -> None:
    assert normal_login(" Hoa.NT ") == "hoa.nt"
    assert same_login("hoa.nt", "HOA.NT")
    assert same_login("duc.tm", "Đức.TM")
    assert same_login(unicodedata.normalize("NFD", "Đức.tm"), "duc.tm")
    assert not same_login("hoa.nt", "hoa.nt2")


# --- the wait after wrong passwords --------------------------------------------------------------

@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (1, 0), (4, 0), (5, 30), (6, 60), (7, 120), (8, 240), (9, 480), (10, 900), (11, 900), (50, 900),
    (10_000, 900),
])
def test_the_wait_grows_after_five_failures_up_to_fifteen_minutes(failures: int, seconds: int) -> None:
    assert wait_after(failures) == dt.timedelta(seconds=seconds)


def test_the_wait_never_shrinks_as_failures_add_up() -> None:
    waits = [wait_after(n) for n in range(0, 40)]
    assert waits == sorted(waits)
    assert max(waits) == LONGEST_WAIT == dt.timedelta(minutes=15)


def test_time_left_counts_from_the_last_failure() -> None:
    last = dt.datetime(2026, 3, 2, 8, 0, 0)
    assert time_left(4, last, last) == dt.timedelta(0)
    assert time_left(5, last, last) == dt.timedelta(seconds=30)
    assert time_left(5, last, last + dt.timedelta(seconds=20)) == dt.timedelta(seconds=10)
    assert time_left(5, last, last + dt.timedelta(seconds=31)) == dt.timedelta(0)
    assert time_left(7, last, last + dt.timedelta(seconds=45)) == dt.timedelta(seconds=75)
    assert time_left(5, None, last) == dt.timedelta(0)
    # The clock set back a day: the wait is the full one, not a day longer.
    assert time_left(6, last, last - dt.timedelta(days=1)) == dt.timedelta(minutes=1)


@pytest.mark.parametrize(("seconds", "said"), [
    (30, "30 giây"), (0.2, "1 giây"), (60, "1 phút"), (89.1, "1 phút 30 giây"), (900, "15 phút"),
])
def test_the_wait_is_said_in_a_sentence(seconds: float, said: str) -> None:
    assert wait_message(dt.timedelta(seconds=seconds)) == (
        f"Đã nhập sai mật khẩu quá nhiều lần liên tiếp: hãy chờ {said} rồi thử lại.")


def test_the_wait_in_english(english: None) -> None:
    assert wait_message(dt.timedelta(seconds=30)) == "Too many wrong passwords in a row: wait 30 seconds before trying again."
    assert wait_message(dt.timedelta(seconds=61)) == ("Too many wrong passwords in a row: wait 1 minute 1 second "
                                                      "before trying again.")


def test_there_is_no_sentence_for_no_wait() -> None:
    with pytest.raises(ValueError):
        wait_message(dt.timedelta(0))
