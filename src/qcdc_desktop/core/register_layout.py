"""Understanding a register as staff lay it out: which rows are its heading (under the title rows
"ỦY BAN NHÂN DÂN XÃ …" / "SỔ TỔNG HỢP Ý KIẾN, KIẾN NGHỊ", one row or two with merged cells),
which rows are totals, what each column holds (guessed from its heading and its values, with a
score), and what each value of a coded column means (the abbreviations offices use: GPMB, ANTT,
CSXH…).  Plain functions over cells already read; no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..l10n import gettext_in
from .catalog import FIELDS, MEETING_KINDS, OUTCOMES, Catalog
from .register_import import ColumnMapping, value_key

HEADING_SEARCH = 30  # the heading is looked for among the first rows
_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(32874, 73051)  # Excel's day numbers of 1990-01-01 … 2100-01-01
_COLUMN_NUMBER = re.compile(r"\(?\s*\d{1,2}\s*\)?")
_PHONE = re.compile(r"\+?[0-9][0-9 .\-]{7,14}[0-9]")
YES = frozenset({"x", "co", "yes", "1", "true", "v", "✓", "ok", "da", "da tra loi", "da giai dap", "roi"})
NO = frozenset({"khong", "no", "0", "false", "chua", "chua tra loi", "k", "-"})
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong|total)\b")

# Words of headings as communes write them (folded), with how surely they name the field.
HEADING_WORDS: dict[str, tuple[tuple[str, float], ...]] = {
    "held_on": (("ngay hoi nghi", 1.0), ("ngay to chuc", 1.0), ("ngay tiep", 0.9), ("ngay thang", 0.9),
                ("thoi gian", 0.7), ("ngay", 0.8)),
    "kind": (("loai hoi nghi", 1.0), ("hinh thuc", 0.9), ("loai", 0.8)),
    "title": (("ten hoi nghi", 1.0), ("hoi nghi", 0.5), ("cuoc doi thoai", 0.6)),
    "place": (("dia diem", 1.0), ("noi to chuc", 0.9)),
    "chair": (("nguoi chu tri", 1.0), ("chu tri", 1.0)),
    "chair_title": (("chuc vu", 1.0),),
    "participants": (("so nguoi", 1.0), ("tham du", 0.8), ("so luong", 0.6)),
    "speaker": (("nguoi phat bieu", 1.0), ("ho va ten", 1.0), ("ho ten", 1.0), ("nguoi kien nghi", 1.0),
                ("cu tri", 0.8), ("cong dan", 0.7), ("ten", 0.3)),
    "address": (("dia chi", 1.0), ("to dan pho", 1.0), ("thon", 0.9), ("xom", 0.9), ("khu pho", 0.9)),
    "phone": (("dien thoai", 1.0), ("sdt", 1.0)),
    "field": (("linh vuc", 1.0), ("nhom", 0.4)),
    "content": (("noi dung y kien", 1.0), ("noi dung kien nghi", 1.0), ("y kien", 0.7), ("kien nghi", 0.7),
                ("noi dung", 0.6)),
    "answered": (("da tra loi", 1.0), ("tra loi tai hoi nghi", 0.8), ("tra loi", 0.5), ("giai dap", 0.5)),
    "answer": (("noi dung tra loi", 1.0), ("y kien tra loi", 1.0), ("tra loi", 0.7), ("giai trinh", 0.7),
               ("giai dap", 0.6)),
    "outcome": (("huong xu ly", 1.0), ("phan loai", 0.6), ("ket qua", 0.5)),
    "assignee": (("chiu trach nhiem", 1.0), ("duoc giao", 1.0), ("phu trach", 0.9), ("don vi thuc hien", 1.0),
                 ("co quan", 0.7), ("don vi", 0.7), ("bo phan", 0.7)),
    "deadline": (("thoi han", 1.0), ("han giai quyet", 1.0), ("han xu ly", 1.0), ("han", 0.8)),
    "result": (("ket qua giai quyet", 1.0), ("ket qua thuc hien", 1.0), ("ket qua", 0.7)),
    "completed_on": (("ngay hoan thanh", 1.0), ("hoan thanh ngay", 1.0)),
}
# What kind of values each field takes.
_SHAPE = {"held_on": "date", "deadline": "date", "completed_on": "date", "participants": "number",
          "answered": "yesno", "phone": "phone", "kind": "coded", "field": "coded", "outcome": "coded",
          "content": "long", "answer": "long", "result": "text"}
GUESS_THRESHOLD = 0.3
VALUES_LISTED = 200  # distinct values of a coded column listed for translation
SURE_SCORE = 0.6  # under this a guess is shown as one to check

# The abbreviations and synonyms offices write, folded (value_key), per coded field.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "field": {
        "land": ("dat dai", "dat", "quan ly dat dai", "dia chinh"),
        "compensation": ("gpmb", "giai phong mat bang", "den bu", "boi thuong", "boi thuong gpmb", "tai dinh cu",
                         "boi thuong ho tro tai dinh cu"),
        "construction": ("xay dung", "trat tu do thi", "quy hoach", "xay dung do thi", "trat tu xay dung"),
        "transport": ("giao thong", "gt", "giao thong van tai", "gtvt", "duong giao thong"),
        "environment": ("moi truong", "ve sinh moi truong", "rac thai", "o nhiem"),
        "security": ("antt", "an ninh trat tu", "an ninh", "trat tu", "an ninh trat tu xa hoi", "qp an"),
        "social_policy": ("csxh", "chinh sach", "chinh sach xa hoi", "ldtbxh", "lao dong thuong binh xa hoi",
                          "nguoi co cong", "bao tro xa hoi", "an sinh xa hoi"),
        "health": ("y te", "bhyt", "bao hiem y te"),
        "education": ("giao duc", "gd dt", "giao duc dao tao", "truong hoc"),
        "economy": ("kinh te", "nong nghiep", "nong nghiep nong thon", "ntm", "nong thon moi", "thuy loi",
                    "kinh te nong nghiep"),
        "admin_procedures": ("thu tuc hanh chinh", "tthc", "cai cach hanh chinh", "hanh chinh"),
        "party_government": ("xay dung dang", "chinh quyen", "xay dung chinh quyen", "can bo"),
        "other": ("khac", "linh vuc khac"),
    },
    "kind": {
        "dialogue": ("doi thoai dinh ky", "doi thoai", "dinh ky", "doi thoai cua chu tich ubnd"),
        # "Tiếp xúc cử tri" is only suggested from "tiếp xúc", to check: this kind is the Party track.
        "contact": ("tiep xuc doi thoai", "tiep xuc", "bi thu tiep xuc"),
        "on_request": ("theo yeu cau", "doi thoai theo yeu cau"),
        "ad_hoc": ("dot xuat", "doi thoai dot xuat"),
        "thematic": ("chuyen de", "doi thoai chuyen de"),
        "reception": ("tiep cong dan", "tiep dan", "tiep cong dan dinh ky"),
    },
    "outcome": {
        "answered": ("tra loi tai hoi nghi", "da tra loi", "da giai dap", "tra loi truc tiep"),
        "commune_task": ("giao xu ly", "giao giai quyet", "xa giai quyet", "giao nhiem vu", "giao bo phan chuyen mon",
                         "dang giai quyet", "ubnd xa giai quyet"),
        "forwarded": ("chuyen cap tren", "chuyen huyen", "bao cao cap tren", "kien nghi cap tren", "chuyen tinh",
                      "de nghi cap tren"),
        "not_state_business": ("khong thuoc tham quyen", "khong thuoc nha nuoc", "khong thuoc trach nhiem"),
    },
}
CATALOGS: dict[str, Catalog] = {"kind": MEETING_KINDS, "field": FIELDS, "outcome": OUTCOMES}


def _build_known() -> dict[str, dict[str, str]]:
    known: dict[str, dict[str, str]] = {}
    for target, catalog in CATALOGS.items():
        table: dict[str, str] = {}
        for entry in catalog:
            for word in (entry.code, gettext_in("vi", entry.msgid), gettext_in("en", entry.msgid)):
                table[value_key(word)] = entry.code
        for code, words in SYNONYMS[target].items():
            for word in words:
                table.setdefault(word, code)
        known[target] = table
    return known


_KNOWN = _build_known()


def suggest_code(target: str, value: object) -> tuple[str | None, bool]:
    """The catalog code a register's value most likely means, and whether that is sure (the
    value is a label or a known abbreviation) or a guess (it only contains one)."""
    key = value_key(value)
    table = _KNOWN[target]
    if key in table:
        return table[key], True
    padded = f" {key} "
    found = {code for word, code in table.items() if len(word) > 2 and f" {word} " in padded}
    return (found.pop(), False) if len(found) == 1 else (None, False)


def parse_date(value: object) -> dt.date | None:
    """A date as registers hold it: an Excel date, its day number when the cell lost its date
    format, or text written dd/mm/yyyy (5/3/2025 and 05/03/25 too)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if (type(value) is int or isinstance(value, float) and value.is_integer()) and _SERIALS[0] <= value <= _SERIALS[-1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    if isinstance(value, str):
        match = _DATE_TEXT.fullmatch(value.strip())
        if match:
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            try:
                return dt.date(year, int(match[2]), int(match[1]))
            except ValueError:
                return None
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_cells(row: Sequence[object]) -> list[str]:
    return [v.strip() for v in row if isinstance(v, str) and v.strip()]


def _keyword_score(text: str, target: str) -> float:
    padded = f" {value_key(text)} "
    return max((w for phrase, w in HEADING_WORDS[target] if f" {phrase} " in padded), default=0.0)


def _heading_hits(row: Sequence[object]) -> int:
    return sum(1 for text in set(_text_cells(row)) if len(text) <= 80
               and any(_keyword_score(text, t) >= 0.6 for t in HEADING_WORDS))


def is_column_numbers(row: Sequence[object]) -> bool:
    """The row of column numbers ("(1) (2) (3)…" or 1 2 3…) printed under many headings."""
    first = next((v for v in row if not _blank(v)), None)
    if isinstance(first, str) and not first.strip()[:1] in "(0123456789":
        return False
    cells = [v for v in row if not _blank(v)]
    if len(cells) < 3:
        return False
    numbers = []
    for v in cells:
        text = str(int(v)) if type(v) is int or isinstance(v, float) and v.is_integer() else str(v)
        if not _COLUMN_NUMBER.fullmatch(text.strip()):
            return False
        numbers.append(int(text.strip("() ")))
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


@dataclass(frozen=True)
class Heading:
    """Where the heading is (0-based rows of the grid) and each column's heading text."""

    rows: tuple[int, ...]
    texts: tuple[str, ...]


def find_heading(grid: Sequence[Sequence[object]],
                 merges: Iterable[tuple[tuple[int, int], tuple[int, int]]] | None) -> Heading | None:
    """The heading of a sheet: the row among the first that names the most of our fields (title
    rows name none), with the row under it when the heading is two rows (cells merged across the
    upper row, or left blank there without merge information), and the column numbers' row."""
    best, best_score = None, 0.0
    for r, row in enumerate(grid[:HEADING_SEARCH]):
        named = set(_text_cells(row))
        if len(named) < 2 or is_column_numbers(row):
            continue
        score = _heading_hits(row) + 0.1 * len(named)
        if score > best_score:
            best, best_score = r, score
    if best is None:
        return None
    if best > 0 and _heading_hits(grid[best - 1]) and len(set(_text_cells(grid[best - 1]))) >= 2:
        above = list(grid[best - 1]) + [None] * max(0, len(grid[best]) - len(grid[best - 1]))
        spans = [(c0, c1) for (r0, c0), (r1, c1) in (merges or ()) if r0 == best - 1 and c1 > c0 and r1 == r0]
        if _is_sub_heading(above, list(grid[best]) + [None] * max(0, len(above) - len(grid[best])), spans):
            best -= 1  # the row found is the lower row of a two-row heading
    width = max((len(r) for r in grid[best:best + 3]), default=0)
    upper = [grid[best][c] if c < len(grid[best]) else None for c in range(width)]
    rows = [best]
    below = list(grid[best + 1]) + [None] * (width - len(grid[best + 1])) if best + 1 < len(grid) else []
    spans = [(c0, c1) for (r0, c0), (r1, c1) in (merges or ()) if r0 == best and c1 > c0 and r1 == best]
    if below and _is_sub_heading(upper, below, spans):
        rows.append(best + 1)
        filled = list(upper)
        for c in range(1, width):
            if _blank(filled[c]) and not _blank(below[c]) and not any(c0 <= c <= c1 for c0, c1 in spans):
                filled[c] = filled[c - 1]  # no merge information: a blank upper cell continues its left
        for c0, c1 in spans:
            for c in range(c0, c1 + 1):
                filled[c] = upper[c0]
        texts: list[str] = []
        for c in range(width):
            top, low = ("" if _blank(v) else str(v).strip() for v in (filled[c], below[c]))
            texts.append(f"{top} – {low}" if top and low and top != low else top or low)
    else:
        texts = ["" if _blank(v) else str(v).strip() for v in upper]
    after = rows[-1] + 1
    if after < len(grid) and is_column_numbers(grid[after]):
        rows.append(after)
    return Heading(tuple(rows), tuple(" ".join(t.split()) for t in texts))


def _is_sub_heading(upper: list[object], below: list[object], spans: list[tuple[int, int]]) -> bool:
    cells = [v for v in below if not _blank(v)]
    if not cells or not all(isinstance(v, str) and len(v.strip()) <= 60 for v in cells):
        return False
    if parse_date(cells[0]) is not None or is_column_numbers(below):
        return False
    differs = [c for c, v in enumerate(below) if not _blank(v) and v != upper[c]]
    if spans:
        return any(c0 <= c <= c1 for c in differs for c0, c1 in spans)
    return any(_blank(upper[c]) for c in differs)


def is_total_row(row: Sequence[object]) -> bool:
    """A "Tổng cộng" / "Cộng" row: it starts with those words and holds no opinion."""
    first = next((v for v in row if isinstance(v, str) and v.strip()), "")
    if first.strip()[:1] not in ("T", "t", "C", "c"):
        return False
    texts = _text_cells(row)
    return _TOTAL.match(value_key(texts[0])) is not None and all(len(t) <= 40 for t in texts)


def heading_parts(headings: Sequence[str]) -> list[frozenset[str]]:
    """The texts of each column's heading (a two-row heading: each row's and both), to recognise
    the heading repeated on every printed page."""
    return [frozenset({h, *h.split(" – ")}) if h else frozenset() for h in headings]


def is_repeated_heading(row: Sequence[object], parts: Sequence[frozenset[str]]) -> bool:
    same = sum(1 for c, v in enumerate(row) if isinstance(v, str) and c < len(parts) and v in parts[c])
    return same >= 3


# ----- guessing what each column holds

@dataclass(frozen=True)
class _Profile:
    count: int
    date: float
    number: float
    yesno: float
    phone: float
    text: float
    long: float
    coded: dict[str, float]


def _profile(values: list[object]) -> _Profile:
    n = len(values)
    if not n:
        return _Profile(0, 0, 0, 0, 0, 0, 0, {})
    dates = sum(parse_date(v) is not None for v in values)
    numbers = sum(isinstance(v, (int, float)) and not isinstance(v, bool) or
                  (isinstance(v, str) and v.strip().isdigit()) for v in values)
    keys = [value_key(v) for v in values]
    yesno = sum(k in YES or k in NO for k in keys)
    phones = sum(isinstance(v, str) and _PHONE.fullmatch(v.strip()) is not None for v in values)
    texts = [v for v in values if isinstance(v, str) and parse_date(v) is None and not v.strip().isdigit()]
    long = sum(len(v) >= 25 for v in texts)
    distinct = Counter(keys)
    few = len(distinct) <= max(50, n // 4)  # a list's values repeat; free text does not
    coded = {t: sum(c for k, c in distinct.items() if suggest_code(t, k)[0]) / n if few else 0.0 for t in CATALOGS}
    return _Profile(n, dates / n, numbers / n, yesno / n, phones / n, len(texts) / n, long / n, coded)


def _fit(target: str, p: _Profile) -> float:
    if not p.count:
        return 0.5
    shape = _SHAPE.get(target, "short")
    if shape == "date":
        return p.date
    if shape == "number":
        return p.number
    if shape == "yesno":
        return p.yesno
    if shape == "phone":
        return p.phone
    if shape == "coded":
        return p.coded[target]
    plain = max(0.0, p.text - p.yesno)
    if shape == "long":
        return plain * (0.5 + 0.5 * p.long / max(p.text, 1e-9))
    if shape == "text":
        return plain
    return plain * (1.0 - 0.5 * p.long / max(p.text, 1e-9))  # names and places are short


@dataclass(frozen=True)
class Guess:
    """The columns guessed and how sure each guess is (0..1)."""

    mapping: ColumnMapping
    scores: dict[str, float]


def guess_columns(headings: Sequence[str], columns: Sequence[int], rows: Sequence[Sequence[object]],
                  *, sample: int = 400) -> Guess:
    """Guess each field's column from its heading's words and its values together: a heading
    that names the field counts only as far as the values fit it (x/Có/Không is a yes/no, not
    an answer text; dates are dates), each column and each field used once, best scores first."""
    taken = rows[:sample]
    candidates: list[tuple[float, str, int]] = []
    for c in columns:
        heading = headings[c] if c < len(headings) else ""
        if not heading:
            continue
        upper, _dash, lower = heading.rpartition(" – ")
        profile = _profile([r[c] for r in taken if c < len(r) and not _blank(r[c])])
        for target in HEADING_WORDS:
            own, above = _keyword_score(lower, target), _keyword_score(upper, target) if upper else 0.0
            words = max(own, 0.9 * _keyword_score(heading, target))
            if own and above:  # "Ý kiến, kiến nghị" over "Nội dung": both rows name the field
                words = min(1.0, words + 0.2)
            if words:
                score = words * (0.3 + 0.7 * _fit(target, profile))
                if score >= GUESS_THRESHOLD:
                    candidates.append((score, target, c))
    columns_of: dict[str, int] = {}
    scores: dict[str, float] = {}
    used: set[int] = set()
    for score, target, c in sorted(candidates, key=lambda x: (-x[0], x[2])):
        if target not in columns_of and c not in used:
            columns_of[target], scores[target] = c, round(score, 2)
            used.add(c)
    return Guess(ColumnMapping(columns_of, {}, suggest_values(columns_of, rows)), scores)


def distinct_values(column: int, rows: Iterable[Sequence[object]], *,
                    limit: int | None = VALUES_LISTED) -> list[tuple[str, str, int]]:
    """Each distinct value of a column (folded key, as first written, count), most frequent
    first; at most ``limit`` of them (a column of free text mapped by mistake lists the first)."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for row in rows:
        if column < len(row) and not _blank(row[column]):
            key = value_key(row[column])
            counts[key] += 1
            shown.setdefault(key, str(row[column]).strip())
    return [(key, shown[key], n) for key, n in counts.most_common(limit)]


def suggest_values(columns: dict[str, int], rows: Sequence[Sequence[object]]) -> dict[str, dict[str, str]]:
    """A translation for each distinct value of the coded columns ("" when none is known)."""
    return {target: {key: suggest_code(target, key)[0] or "" for key, _shown, _n in distinct_values(c, rows)}
            for target, c in columns.items() if target in CATALOGS}
