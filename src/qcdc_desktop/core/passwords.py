"""The rules an account's password and login name follow, and the wait after wrong passwords.

Pure rules, no storage: :func:`password_problem` gives the first rule a new password breaks as a
sentence in the user's language (never quoting the password, which is neither shown nor logged),
:func:`login_problem` the same for a login name, and :func:`time_left` / :func:`wait_message` say
how long a person waits before the next try after too many wrong passwords in a row.

Names are compared folded (core/text.py): no diacritics, no case, đ = d, so "Nguyễn Thị Hoà"
is found in "nguyenhoa" and "Đức" in "duc2024" whatever the keyboard typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from ..l10n import _, ngettext
from .errors import LoginNameRefused, PasswordRefused
from .text import fold, has_forbidden_characters, nfc

MIN_LENGTH = 10
MAX_LENGTH = 128
#: A password uses at least this many different characters ("1212121212" does not).
MIN_DISTINCT = 5
#: Characters that must remain once the runs, repeats, common words and years are set aside.
MIN_LEFT = 6
#: Name parts shorter than this are not looked for ("An", "Lê" are in too many words).
MIN_NAME_PART = 3
#: Name parts shorter than this are looked for only at the start or end of a word of the password:
#: "Hoà" is found in "hoa!sen" and "hoasen", not in "khoảng".
WHOLE_NAME_PART = 4
#: Middle names so common that they say nothing of the person ("Thị", "Văn").
_GENERIC_NAME_PARTS = frozenset({"thi", "van"})

LOGIN_MIN = 3
LOGIN_MAX = 32
_LOGIN = re.compile(r"[a-z0-9._-]+")

FAILURES_BEFORE_WAIT = 5
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(minutes=15)

# Runs of neighbouring characters, read forwards and backwards: digits, the alphabet, the rows
# and columns of a QWERTY keyboard and its shifted digit row.
_SEQUENCES: tuple[str, ...] = tuple(
    s for base in ("01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm",
                   "!@#$%^&*()", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "qazwsxedcrfvtgbyhnujmikolp")
    for s in (base, base[::-1]))
# Words tried first by anyone guessing, folded; matched after undoing look-alike digits (p@ssw0rd).
_COMMON_WORDS: tuple[str, ...] = (
    "matkhau", "password", "passwd", "pass", "admin", "quantri", "qcdc", "ubnd", "dangnhap", "xinchao",
    "vietnam", "anhyeuem", "emyeuanh", "iloveyou", "welcome", "letmein", "login", "secret", "baomat",
    "hello", "test", "user", "root", "abc", "default", "macdinh")
_LOOK_ALIKE = str.maketrans("@4301!5$7", "aaeoiisst")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)?\d\d")
# The kind of unit at the head of its name, set aside to find the name itself.
_UNIT_KINDS: tuple[str, ...] = ("thi tran", "thi xa", "thanh pho", "dac khu", "xa", "phuong", "tinh", "huyen",
                                "quan")


def _alnum(text: str) -> str:
    """``text`` folded, with only its letters and digits."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _name_parts(full_name: str) -> list[str]:
    words = [w for w in (_alnum(w) for w in fold(full_name).split()) if w]
    parts = [w for w in words if len(w) >= MIN_NAME_PART and w not in _GENERIC_NAME_PARTS]
    if len(words) >= 2:
        parts += ["".join(words), words[-1] + words[0], words[0] + words[-1]]
    return [p for p in parts if len(p) >= MIN_NAME_PART]


def _login_parts(login: str) -> list[str]:
    folded = fold(nfc(login))
    parts = [_alnum(folded), *(_alnum(p) for p in re.split(r"[._\-\s]+", folded)),
             *re.findall(r"[^\W\d_]+", folded)]  # its letters without its digits: "vanthu" of "vanthu01"
    return [p for p in parts if len(p) >= MIN_NAME_PART]


def _unit_parts(unit_name: str) -> list[str]:
    folded = fold(nfc(unit_name))
    parts = [_alnum(folded)]
    for kind in _UNIT_KINDS:
        if folded.startswith(kind + " "):
            parts.append(_alnum(folded[len(kind):]))
            break
    return [p for p in parts if len(p) >= MIN_NAME_PART]


def _contains(text: str, parts: list[str]) -> bool:
    """Whether the password ``text`` holds one of the name ``parts`` (folded, letters and digits)."""
    letters = _alnum(text)
    words = re.findall(r"[^\W_]+", fold(text))
    return any(part in letters if len(part) >= WHOLE_NAME_PART
               else any(word.startswith(part) or word.endswith(part) for word in words)
               for part in parts)


def _trivial_kind(folded: str) -> str | None:
    """The kind of guessable piece ("repeat", "sequence", "common") that most of ``folded`` is
    made of when fewer than MIN_LEFT characters are left outside such pieces, else None."""
    n = len(folded)
    kind_at: list[str | None] = [None] * n

    def mark(start: int, end: int, kind: str) -> None:
        for i in range(start, end):
            if kind_at[i] is None:
                kind_at[i] = kind

    for size in range(1, n // 3 + 1):  # a block said three times or more in a row
        i = 0
        while i + size <= n:
            block, times = folded[i:i + size], 1
            while folded[i + times * size:i + (times + 1) * size] == block:
                times += 1
            if times >= 3:
                mark(i, i + times * size, "repeat")
                i += times * size
            else:
                i += 1
    for i in range(n):
        longest = 0
        for length in range(3, n - i + 1):
            if any(folded[i:i + length] in seq for seq in _SEQUENCES):
                longest = length
            else:
                break
        if longest:
            mark(i, i + longest, "sequence")
    plain = folded.translate(_LOOK_ALIKE)
    for word in _COMMON_WORDS:
        for found in re.finditer(re.escape(word), plain):
            mark(found.start(), found.end(), "common")
    for pattern in (_DATE, _YEAR):
        for found in pattern.finditer(folded):
            mark(found.start(), found.end(), "common")
    left = sum(1 for i in range(n) if kind_at[i] is None and not folded[i].isspace())
    if left >= MIN_LEFT:
        return None
    counts = {kind: kind_at.count(kind) for kind in ("repeat", "sequence", "common")}
    return max(counts, key=lambda kind: counts[kind])


def password_problem(password: str, *, login: str = "", full_name: str = "", unit_name: str = "") -> str | None:
    """The first rule ``password`` breaks, as a sentence for the person choosing it, or None.

    ``login``, ``full_name`` and ``unit_name`` are the account's own login, the person's name and
    the office's unit: a password made from them is the first thing tried.
    """
    text = unicodedata.normalize("NFC", password)  # as typed: outer spaces are part of it
    if len(text) < MIN_LENGTH:
        return ngettext("The password is too short: it needs at least %(n)d character.",
                        "The password is too short: it needs at least %(n)d characters.",
                        MIN_LENGTH) % {"n": MIN_LENGTH}
    if len(text) > MAX_LENGTH:
        return ngettext("The password is too long: it may have at most %(n)d character.",
                        "The password is too long: it may have at most %(n)d characters.",
                        MAX_LENGTH) % {"n": MAX_LENGTH}
    if has_forbidden_characters(text) or any(ch in text for ch in "\r\n\t"):
        return _("The password holds characters that cannot be typed on a keyboard (line breaks, tabs or "
                 "control characters).")
    if _contains(text, _login_parts(login)):
        return _("The password must not contain your login name.")
    if _contains(text, _name_parts(full_name)):
        return _("The password must not contain your name or a part of it.")
    if _contains(text, _unit_parts(unit_name)):
        return _("The password must not contain the name of your office.")
    folded = fold(text)
    if len(set(folded.replace(" ", ""))) < MIN_DISTINCT:
        return ngettext("The password uses too few different characters: it needs at least %(n)d different one.",
                        "The password uses too few different characters: it needs at least %(n)d different ones.",
                        MIN_DISTINCT) % {"n": MIN_DISTINCT}
    kind = _trivial_kind(folded)
    if kind == "repeat":
        return _("The password is too easy to guess: it is mostly the same characters repeated.")
    if kind == "sequence":
        return _("The password is too easy to guess: it is mostly a run of letters, digits or keys side by side "
                 "(like 123456, abcdef or qwerty).")
    if kind == "common":
        return _("The password is too easy to guess: it is mostly a common word, a year or a date (like matkhau, "
                 "password or 1990).")
    return None


def check_password(password: str, *, login: str = "", full_name: str = "", unit_name: str = "") -> None:
    """Raise :class:`PasswordRefused` with the first rule ``password`` breaks."""
    problem = password_problem(password, login=login, full_name=full_name, unit_name=unit_name)
    if problem is not None:
        raise PasswordRefused(problem)


def normal_login(text: str) -> str:
    """The form login names are compared in: NFC, folded ("Lan.NT" and "lan.nt" are one login)."""
    return fold(nfc(text))


def same_login(a: str, b: str) -> bool:
    return normal_login(a) == normal_login(b)


def _suggestion(text: str) -> str:
    """A login name that follows the rules, made from what was typed ("Nguyễn Lan" → "nguyen.lan")."""
    folded = re.sub(r"\s+", ".", fold(text))
    kept = re.sub(r"[^a-z0-9._-]", "", folded).lstrip("0123456789._-")
    return kept[:LOGIN_MAX]


def login_problem(text: str) -> str | None:
    """The first rule the login name ``text`` breaks, as a sentence, or None."""
    name = nfc(text)
    if len(name) < LOGIN_MIN:
        return _("A login name has at least %(n)d characters.") % {"n": LOGIN_MIN}
    if len(name) > LOGIN_MAX:
        return _("A login name has at most %(n)d characters.") % {"n": LOGIN_MAX}
    if _LOGIN.fullmatch(name) is None:
        suggestion = _suggestion(name)
        if LOGIN_MIN <= len(suggestion) and _LOGIN.fullmatch(suggestion):
            return _("A login name uses only lower-case letters without diacritics, digits, dots, dashes and "
                     "underscores: for example «%(suggestion)s».") % {"suggestion": suggestion}
        return _("A login name uses only lower-case letters without diacritics, digits, dots, dashes and "
                 "underscores.")
    if not ("a" <= name[0] <= "z"):
        return _("A login name begins with a letter.")
    return None


def check_login(text: str) -> str:
    """``text`` as a login name to store (NFC, without outer spaces), or :class:`LoginNameRefused`."""
    problem = login_problem(text)
    if problem is not None:
        raise LoginNameRefused(problem)
    return nfc(text)


def wait_after(failures: int) -> dt.timedelta:
    """The wait imposed after ``failures`` wrong passwords in a row: none before the fifth, then
    30 seconds, doubling with each further failure up to 15 minutes."""
    if failures < FAILURES_BEFORE_WAIT:
        return dt.timedelta(0)
    doublings = failures - FAILURES_BEFORE_WAIT
    if doublings >= 10:  # far past the cap; no huge powers of two
        return LONGEST_WAIT
    return min(FIRST_WAIT * (1 << doublings), LONGEST_WAIT)


def time_left(failures: int, last_failure: dt.datetime | None, now: dt.datetime) -> dt.timedelta:
    """How long the person still waits before the next try (zero: they may try now).  A clock set
    back since the last failure never makes the wait longer than the full one."""
    wait = wait_after(failures)
    if not wait or last_failure is None:
        return dt.timedelta(0)
    return max(dt.timedelta(0), min(last_failure + wait - now, wait))


def wait_message(left: dt.timedelta) -> str:
    """The sentence telling the person how long to wait (``left`` > 0, rounded up to the second)."""
    seconds = math.ceil(left.total_seconds())
    if seconds <= 0:
        raise ValueError("there is no wait to tell")
    minutes, seconds = divmod(seconds, 60)
    said_minutes = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    said_seconds = ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    if minutes and seconds:
        when = _("%(minutes)s %(seconds)s") % {"minutes": said_minutes, "seconds": said_seconds}
    else:
        when = said_minutes if minutes else said_seconds
    return _("Too many wrong passwords in a row: wait %(time)s before trying again.") % {"time": when}
