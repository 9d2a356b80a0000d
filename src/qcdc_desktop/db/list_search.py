"""The search box of the record lists (db/lists.py): the rowids a search selects, and the first
page of a searched list without reading the whole match set.

Words found in few records (at most :data:`FEW_MATCHES`) are read from the text index and sorted.
Under filters of two columns or more (a field and a hamlet), common words are tested on the list's
rows in its order, a chunk at a time (:meth:`Search.among`): when they match a fair share of the
rows the filters keep, a page is found after a few hundred rows, without reading every row the
filters keep (at ten million opinions a field, a hamlet and a year keep 14,000 rows, and reading
them all to form a window cost half a second).  Otherwise, or when the first chunk says the walk
would be long, a first page tries a window: the most recent :data:`WINDOW` rows of the list's
order, and the text index read only within the rowids those rows hold.  Those rowids are one run where they
grow with the dates (a commune's own file), and a few runs at the upper level, where each
commune's records came in its own bundles: the runs are found (:func:`runs`), at most
:data:`MAX_RUNS` of them, and the text index is read within each, so a word that matches most of
ten million opinions costs what it matches among the window's rows, not all it matches.

Nothing here knows Qt.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .list_specs import ListSpec, offices, own_office
from .search import match_expression, words_match
from .units import office_name
from ..core.office_search import NamedOffices, named_offices

FEW_MATCHES = 5_000  # at most this many search matches: start from the FTS index and sort them
WINDOW = 20_000  # rows of the order index the first search page tries before the whole list
MAX_RUNS = 256  # runs of rowids a window is read in (one text-index query each)
RUN_GAP = 1_024  # rowids between two runs worth a query of its own
# The whole list's matches are sorted when they are at most this share of the table (1/40); past
# it the order index is walked instead: at ten million opinions sorting 250,000 matches by date
# (a lookup of each row) costs what walking the whole index does.
SORTED_SHARE = 40
WALK_CHUNK = 256  # rows of the list's order whose text is tested at once
WALK_MOST = 3_072  # rows tested, at most, before a window is tried instead (about 0.1 s at ten million)


@dataclass(frozen=True)
class Plain:
    """One ordered, filtered query over the list's table (a group order has one per value)."""

    source: str  # FROM clause
    where: tuple[str, ...]
    params: tuple[object, ...]
    keys: tuple[str, ...]
    descending: bool
    nullable: bool
    rowid: str

    def order_by(self) -> str:
        way = " DESC" if self.descending else ""
        return ", ".join(k + way for k in self.keys)

    def sql(self, select: str, extra: tuple[str, ...] = (), tail: str = "") -> str:
        clauses = self.where + extra
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return f"SELECT {select} FROM {self.source}{where} ORDER BY {self.order_by()}{tail}"


@dataclass(frozen=True)
class Part:
    """One selection of rowids in the match set: SQL ``pieces`` (with their parameters), each of
    which a range of rowids may follow ("AND rowid BETWEEN ? AND ?"), then a ``tail``; and
    ``estimates``, queries counting (up to a LIMIT given last) rows it cannot have more than."""

    pieces: tuple[tuple[str, tuple[object, ...]], ...]
    estimates: tuple[tuple[str, tuple[object, ...]], ...]
    tail: str = ""

    def sql(self, bound: tuple[int, int] | None = None, among: tuple[int, ...] = ()) -> tuple[str, tuple[object, ...]]:
        """The part's SQL kept to the rowids from ``bound``'s lowest to its highest, or to those
        ``among`` (each piece kept so, the text index's and the offices' alike)."""
        if among:
            keep, kept = f" AND rowid IN ({', '.join('?' * len(among))})", among
        elif bound is not None:
            keep, kept = " AND rowid BETWEEN ? AND ?", bound
        else:
            keep, kept = "", ()
        text = "".join(piece + keep for piece, _params in self.pieces) + self.tail
        params = tuple(v for _piece, params in self.pieces for v in (*params, *kept))
        return text, params


class Search:
    """The search side of a query: the rowids it selects, and how many rows match, once asked.

    The words are found in the records' text (the FTS table).  At the upper level a search that
    types a commune's name whole (:mod:`..core.office_search`) also selects that commune's records,
    those whose text holds the words left over, or all of them: the rowids are then the union of
    a few indexed selections, one per group of communes.
    """

    def __init__(self, conn: sqlite3.Connection, spec: ListSpec, text: str) -> None:
        self.conn = conn
        self.spec = spec
        self.table = f"{spec.kind}_fts"
        self.expression = match_expression(text, conn, spec.kind)
        self._counts: dict[int | None, int] = {}
        self._few: bool | None = None
        self._found: list[int] | None = None  # every matching rowid, when :meth:`few` read them
        fts = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH ?"
        count = "SELECT count(*) FROM ({} LIMIT ?)"
        self.parts: list[Part] = []
        if self.expression is not None:
            self.parts.append(Part(((fts, (self.expression,)),), ((count.format(fts), (self.expression,)),)))
        self.names_offices = False
        for group in self._named_offices(text):
            self.names_offices = True
            marks = ", ".join("?" * len(group.codes))
            select = f"SELECT rowid FROM {spec.table} WHERE origin IN ({marks})"
            office = (count.format(select), group.codes)
            rest = words_match(conn, spec.kind, group.rest, group.rest_is_prefix)
            if rest is None:  # every record of the offices
                self.parts.append(Part(((select, group.codes),), (office,)))
            else:
                # Those the text index finds among them: the text index read once (within a range
                # of rowids, that range only), each rowid looked up in the office's set ("+": a
                # rowid IN given to the text index would run the MATCH once per rowid).
                self.parts.append(Part(((fts, (rest,)), (f" AND +rowid IN ({select}", group.codes)),
                                        ((count.format(fts), (rest,)), office), tail=")"))

    def _named_offices(self, text: str) -> list[NamedOffices]:
        if self.expression is None:
            return []
        own = own_office(self.conn)
        others = [(code, office_name(code)) for code in offices(self.conn, self.spec.table) if code != own]
        return list(named_offices(text, others)) if others else []

    def __bool__(self) -> bool:
        return bool(self.parts)

    def rowids_sql(self, bound: tuple[int, int] | None = None) -> tuple[str, tuple[object, ...]]:
        """SQL selecting the matching rowids (a rowid may come twice), and its parameters;
        ``bound`` keeps every part of it to a range of rowids (lowest, highest)."""
        sqls, params = zip(*(part.sql(bound) for part in self.parts))
        return " UNION ALL ".join(sqls), tuple(v for values in params for v in values)

    def among(self, rowids: list[int]) -> set[int]:
        """Those of ``rowids`` the search selects (the text index asked about each of them)."""
        pieces = [part.sql(among=tuple(rowids)) for part in self.parts]
        sql = " UNION ALL ".join(text for text, _params in pieces)
        return {r[0] for r in self.conn.execute(sql, tuple(v for _text, params in pieces for v in params))}

    def few(self) -> bool:
        """At most :data:`FEW_MATCHES` rows match: reading them all from the indexes is cheap.
        Words alone are answered by reading their rowids (kept: the list then starts from them,
        the text index read once); with a commune's name, by counting each part."""
        if self._few is None:
            if self.names_offices or len(self.parts) != 1:
                self._few = self.matches(FEW_MATCHES + 1) <= FEW_MATCHES
            else:
                sql, params = self.rowids_sql()
                found = [r[0] for r in self.conn.execute(f"{sql} LIMIT ?", params + (FEW_MATCHES + 1,))]
                self._few = len(found) <= FEW_MATCHES
                self._counts[FEW_MATCHES + 1] = len(found)
                if self._few:
                    self._counts[None] = len(found)
                    self._found = found
        return self._few

    def matches(self, upto: int | None = None) -> int:
        """How many rows match, counting at most ``upto`` in each part (cheap: the indexes stop
        there).  Exact for words alone; with a commune's name, at most that many."""
        if upto not in self._counts:
            limit = -1 if upto is None else upto
            self._counts[upto] = sum(min(self.conn.execute(sql, params + (limit,)).fetchone()[0]
                                         for sql, params in part.estimates) for part in self.parts)
        return self._counts[upto]

    def condition(self, rowid: str, *, whole_list: bool = False) -> tuple[str, tuple[object, ...]]:
        """The search as a WHERE condition and its parameters, shaped for the plan that suits the
        number of matches.

        Few matches: SQLite starts from them (their rowids when :meth:`few` read them, else the
        FTS index) and sorts them.  Many: "+" keeps it from
        doing so, and it walks the order index probing the match set instead.  For a first page
        "many" starts early (the walk stops after a page); for the whole list, only when the
        matches are a good share of the table (the walk then reads the whole index).
        """
        if whole_list:
            size = self.conn.execute(f"SELECT max(rowid) FROM {self.spec.table}").fetchone()[0] or 0
            few = self.matches() <= max(FEW_MATCHES, size // SORTED_SHARE)
        else:
            few = self.few()
        if few and self._found is not None:
            return f"{rowid} IN (SELECT value FROM json_each(?))", (json.dumps(self._found),)
        probe = "" if few else "+"
        sql, params = self.rowids_sql()
        return f"{probe}{rowid} IN ({sql})", params


def runs(rowids: list[int], most: int | None = None, gap: int | None = None) -> list[tuple[int, int]]:
    """``rowids`` as at most ``most`` runs (lowest, highest), cut at the widest gaps wider than
    ``gap``: the ranges the text index is read within, covering every rowid given and as few others
    as that many runs allow."""
    most = MAX_RUNS if most is None else most
    gap = RUN_GAP if gap is None else gap
    if not rowids:
        return []
    ordered = sorted(rowids)
    widest = sorted(((b - a, i) for i, (a, b) in enumerate(zip(ordered, ordered[1:])) if b - a > gap),
                    reverse=True)[:most - 1]
    out: list[tuple[int, int]] = []
    start = 0
    for i in sorted(i for _width, i in widest):
        out.append((ordered[start], ordered[i]))
        start = i + 1
    out.append((ordered[start], ordered[-1]))
    return out


def _window(conn: sqlite3.Connection, p: Plain, size: int
            ) -> tuple[tuple[str, ...], tuple[object, ...], list[tuple[int, int]], bool] | None:
    """The condition restricting ``p`` to its first ``size`` rows and the runs of their rowids.

    Returns (conditions, params, runs, partial) where ``partial`` says rows exist past the
    window, or None when the window cannot be formed (a NULL key at its edge).
    """
    lead = p.keys[0]
    edge = conn.execute(p.sql(lead, tail=" LIMIT 1 OFFSET ?"), p.params + (size - 1,)).fetchone()
    if edge is not None and edge[0] is None:
        return None
    cond: tuple[str, ...] = ()
    cond_params: tuple[object, ...] = ()
    if edge is not None:
        if p.descending:
            cond = (f"{lead} >= ?",)
        elif p.nullable:
            cond = (f"({lead} <= ? OR {lead} IS NULL)",)
        else:
            cond = (f"{lead} <= ?",)
        cond_params = (edge[0],)
    where = p.where + cond
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rowids = [r[0] for r in conn.execute(f"SELECT {p.rowid} FROM {p.source}{clause}", p.params + cond_params)]
    return cond, cond_params, runs(rowids), edge is not None


def first_matching(conn: sqlite3.Connection, p: Plain, search: Search | None, limit: int) -> list[int]:
    """The first ``limit`` rowids of the plan ``p`` that ``search`` selects (all, without one)."""
    if search is None:
        return [r[0] for r in conn.execute(p.sql(p.rowid, tail=" LIMIT ?"), p.params + (limit,))]
    if search.few():
        return _sorted_matches(conn, p, search, limit)
    if not search.names_offices and _kept_to_values(p) >= 2:
        walked = _walk(conn, p, search, limit)
        if walked is not None:
            return walked
    # A commune's records with words of their text are a thin share of the latest rows: a second,
    # wider window finds them before the whole match set is read.
    for size in (WINDOW, 4 * WINDOW) if search.names_offices else (WINDOW,):
        window = _window(conn, p, size)
        if window is None:
            break
        cond, params, spans, partial = window
        if spans:
            pieces = [search.rowids_sql(bound=span) for span in spans]
            matching = " UNION ALL ".join(sql for sql, _params in pieces)
            matching_params = tuple(v for _sql, values in pieces for v in values)
            sql = p.sql(p.rowid, cond + (f"+{p.rowid} IN ({matching})",), " LIMIT ?")
            rows = [r[0] for r in conn.execute(sql, p.params + params + matching_params + (limit,))]
        else:
            rows = []
        if len(rows) >= limit or not partial:
            return rows
    return _sorted_matches(conn, p, search, limit)


def _kept_to_values(p: Plain) -> int:
    """How many columns the plan keeps to one value each (a field, a hamlet, a commune).  The list's
    indexes pair one such column with the date (db/schema.py), so the rows kept to two of them are
    found only by reading each row one index gives: a window of them is dear (half a second at
    ten million opinions), testing the words on the first rows of the list's order is not."""
    return len({clause.lstrip("+") for clause in p.where if clause.endswith(" = ?")})


def _sorted_matches(conn: sqlite3.Connection, p: Plain, search: Search, limit: int) -> list[int]:
    """The first rows by the plan the number of matches suits (:meth:`Search.condition`)."""
    condition, condition_params = search.condition(p.rowid)
    sql = p.sql(p.rowid, (condition,), " LIMIT ?")
    return [r[0] for r in conn.execute(sql, p.params + condition_params + (limit,))]


def _walk(conn: sqlite3.Connection, p: Plain, search: Search, limit: int) -> list[int] | None:
    """The first ``limit`` rows of ``p`` the search selects, found by testing the rows in the
    list's order a chunk at a time; None when the first chunks say more than :data:`WALK_MOST`
    rows would have to be tested (the words are rare among the rows the filters keep)."""
    cursor = conn.execute(p.sql(p.rowid, tail=" LIMIT ?"), p.params + (WALK_MOST,))
    found: list[int] = []
    tested = 0
    try:
        while chunk := [r[0] for r in cursor.fetchmany(WALK_CHUNK)]:
            selected = search.among(chunk)
            found.extend(r for r in chunk if r in selected)
            tested += len(chunk)
            if len(found) >= limit:
                return found[:limit]
            # At the share matched so far, the page needs (limit - found) more hits.
            expected = tested + (limit - len(found)) * tested / max(len(found), 0.5)
            if expected > WALK_MOST:
                return None
        return found  # the list ended first (at WALK_MOST rows a chunk above has answered)
    finally:
        cursor.close()
