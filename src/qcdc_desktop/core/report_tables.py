"""The tables of a statistics report, with their labels in the active language.

One description of the tables serves every output (the PDF, the Excel workbook, CSV), so the
three never disagree on what a row says.  Cells keep their type: ``int`` counts, ``float`` shares
(0..1, ``None`` when there is nothing to divide), ``str`` labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..l10n import N_, _, format_date, format_number, ngettext
from .catalog import FIELDS, MEETING_KINDS, OUTCOMES, TASK_PROGRESS, TRACKS, Catalog
from .statistics import Counts, Coverage, Figures, Statistics, period_title, share_text

Cell = str | int | float | dt.date | None

TEXT, COUNT, SHARE, DATE = "text", "count", "share", "date"


@dataclass(frozen=True)
class ReportTable:
    """One table: a stable ``key`` (sheet and file names), its title, the column headings and
    kinds (TEXT, COUNT, SHARE), the rows, and whether the last row is a total."""

    key: str
    title: str
    headings: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total_row: bool = False


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _label(catalog: Catalog, code: str) -> str:
    if code == "" and catalog is OUTCOMES:
        return _("Not decided yet")
    return catalog.label(code) if code in catalog else code


def _coded(key: str, title: str, heading: str, catalog: Catalog, counts: Counts, whole: int) -> ReportTable:
    rows = [(_label(catalog, code), n, _share(n, whole)) for code, n in counts]
    rows.append((_("Total"), sum(n for _code, n in counts), _share(sum(n for _code, n in counts), whole)))
    return ReportTable(key, title, (heading, _("Count"), _("Share")), (TEXT, COUNT, SHARE), tuple(rows),
                       total_row=True)


def _progress(figures: Figures, code: str) -> int:
    return dict(figures.tasks_by_progress).get(code, 0)


def _done(figures: Figures) -> int:
    return _progress(figures, "done_on_time") + _progress(figures, "done_late")


def summary_table(stats: Statistics) -> ReportTable:
    """The headline figures: meetings, participants, opinions and the share answered, tasks."""
    f = stats.total
    rows: list[tuple[Cell, ...]] = [
        (_("Meetings held"), f.meetings),
        (_("Meetings planned, not yet held"), f.planned),
        (_("Participants"), f.participants),
        (_("Opinions, proposals and complaints raised"), f.opinions),
        (_("Answered at the meeting"), f.answered),
        (_("Share answered at the meeting"), f.answered_share),
        (_("Tasks concluded"), f.tasks),
        (_("Tasks completed"), _done(f)),
        (_("Share of tasks completed"), f.done_share),
        (_("Tasks overdue"), _progress(f, "overdue")),
    ]
    if stats.offices:
        rows.insert(0, (_("Offices reporting"), len(stats.offices)))
    return ReportTable("summary", _("Summary of the figures"), (_("Indicator"), _("Figure")), (TEXT, COUNT), tuple(rows))


def month_label(month: str) -> str:
    """"2026-03" as the tables show it: "03/2026"."""
    year, number = month.split("-")
    return f"{number}/{year}"


def offices_table(stats: Statistics) -> ReportTable:
    """One row per office (commune) and the total: the figures the upper level compares."""
    def row(name: str, f: Figures) -> tuple[Cell, ...]:
        return (name, f.meetings, f.participants, f.opinions, f.answered, f.answered_share, f.tasks, _done(f),
                _progress(f, "overdue"))

    rows = [row(o.name, o.figures) for o in stats.offices] + [row(_("Total"), stats.total)]
    return ReportTable(
        "offices", _("By office"),
        (_("Commune"), _("Meetings"), _("Participants"), _("Opinions"), _("Answered at the meeting"),
         _("Share answered"), _("Tasks"), _("Completed"), _("Overdue")),
        (TEXT, COUNT, COUNT, COUNT, COUNT, SHARE, COUNT, COUNT, COUNT), tuple(rows), total_row=True)


def hamlets_table(figures: Figures) -> ReportTable:
    """Opinions by the speaker's thôn / tổ dân phố, most first."""
    rows = [(h.hamlet or _("(no address)"), h.opinions, h.answered, _share(h.answered, h.opinions))
            for h in figures.hamlets]
    rows.append((_("Total"), figures.opinions, figures.answered, figures.answered_share))
    return ReportTable("hamlets", _("Opinions by hamlet or residential group"),
                       (_("Hamlet / residential group"), _("Opinions"), _("Answered at the meeting"),
                        _("Share answered")), (TEXT, COUNT, COUNT, SHARE), tuple(rows), total_row=True)


def overdue_table(stats: Statistics) -> ReportTable:
    """The overdue tasks by name, longest overdue first (the first OVERDUE_LISTED of them)."""
    names = {o.origin: o.name for o in stats.offices}
    rows = []
    for t in stats.overdue_tasks:
        row: tuple[Cell, ...] = (t.content, t.assignee, t.deadline, -t.days_left)
        rows.append((names.get(t.origin, t.origin), *row) if stats.offices else row)
    headings: tuple[str, ...] = (_("Task"), _("Responsible"), _("Deadline"), _("Days overdue"))
    kinds: tuple[str, ...] = (TEXT, TEXT, DATE, COUNT)
    if stats.offices:
        headings, kinds = (_("Commune"), *headings), (TEXT, *kinds)
    return ReportTable("overdue", _("Overdue tasks"), headings, kinds, tuple(rows))


def report_tables(stats: Statistics) -> list[ReportTable]:
    """Every table of the report, in the order the report prints them."""
    f = stats.total
    tables = [summary_table(stats)]
    if stats.offices:
        tables.append(offices_table(stats))
    tables += [
        _coded("kinds", _("Meetings by kind"), _("Kind of meeting"), MEETING_KINDS, f.meetings_by_kind, f.meetings),
        _coded("tracks", _("Meetings by track"), _("Chairing body"), TRACKS, f.meetings_by_track, f.meetings),
    ]
    chairs = [(title or _("(no title)"), n, _share(n, f.meetings)) for title, n in f.meetings_by_chair]
    chairs.append((_("Total"), f.meetings, _share(f.meetings, f.meetings)))
    tables.append(ReportTable("chairs", _("Meetings by chair"), (_("Chair"), _("Count"), _("Share")),
                              (TEXT, COUNT, SHARE), tuple(chairs), total_row=True))
    months = [(month_label(m), n) for m, n in f.meetings_by_month] + [(_("Total"), f.meetings)]
    tables.append(ReportTable("months", _("Meetings by month"), (_("Month"), _("Meetings")), (TEXT, COUNT),
                              tuple(months), total_row=True))
    tables += [
        _coded("fields", _("Opinions by field"), _("Field"), FIELDS, f.opinions_by_field, f.opinions),
        _coded("outcomes", _("Opinions by outcome"), _("Outcome"), OUTCOMES, f.opinions_by_outcome, f.opinions),
        _coded("tasks", _("Tasks by progress"), _("Progress"), TASK_PROGRESS, f.tasks_by_progress, f.tasks),
    ]
    if f.hamlets:
        tables.append(hamlets_table(f))
    if stats.overdue_tasks:
        tables.append(overdue_table(stats))
    if stats.coverage is not None and (stats.coverage.stale or stats.coverage.never):
        tables.append(coverage_table(stats.coverage))
    return tables


# Sheet names for the workbook: short (Excel allows 31 characters) and translated.
SHEET_NAMES = {
    "summary": N_("Summary of the figures"), "offices": N_("By office"), "kinds": N_("By kind"), "tracks": N_("By track"),
    "chairs": N_("By chair"), "months": N_("By month"), "fields": N_("By field"), "outcomes": N_("By outcome"),
    "tasks": N_("Tasks"), "hamlets": N_("By hamlet"), "overdue": N_("Overdue tasks"),
    "coverage": N_("Missing or old data"),
}


def sheet_name(key: str) -> str:
    """The workbook sheet name of a table, in the active language, at most 31 characters."""
    return _(SHEET_NAMES[key])[:31]


# ---- the words around the tables ----------------------------------------------------------------

def report_summary(stats: Statistics) -> str:
    """The summary line (trích yếu) under "BÁO CÁO", naming the period."""
    return _("Results of the direct contact and dialogue meetings with the People, %(period)s") % {
        "period": period_title(stats.period)}


def report_opening(stats: Statistics) -> list[str]:
    """The paragraphs before the tables: the period, what was held, raised and answered, and the
    day task progress is counted on."""
    f = stats.total
    period = {"start": format_date(stats.period.start), "end": format_date(stats.period.end)}
    held = ngettext("%(n)s meeting of direct contact and dialogue with the People was held",
                    "%(n)s meetings of direct contact and dialogue with the People were held",
                    f.meetings) % {"n": format_number(f.meetings)}
    people = ngettext("with %(n)s participant", "with %(n)s participants", f.participants) % {
        "n": format_number(f.participants)}
    paragraphs = [_("In the reporting period, from %(start)s to %(end)s, %(held)s, %(people)s.")
                  % {**period, "held": held, "people": people}]
    if f.opinions:
        raised = ngettext("The People raised %(n)s opinion, proposal or complaint",
                          "The People raised %(n)s opinions, proposals and complaints", f.opinions) % {
            "n": format_number(f.opinions)}
        paragraphs.append(_("%(raised)s; %(answered)s of them (%(share)s) were answered at the meeting itself.")
                          % {"raised": raised, "answered": format_number(f.answered),
                             "share": share_text(f.answered_share)})
    if f.tasks:
        paragraphs.append(_("Of the %(tasks)s tasks concluded at these meetings, %(done)s (%(share)s) were completed "
                            "and %(overdue)s were overdue on %(as_of)s.")
                          % {"tasks": format_number(f.tasks), "done": format_number(_done(f)),
                             "share": share_text(f.done_share), "overdue": format_number(_progress(f, "overdue")),
                             "as_of": format_date(stats.as_of)})
    if stats.coverage is not None:
        paragraphs.append(coverage_sentence(stats.coverage))
    elif stats.offices:
        paragraphs.append(ngettext("The figures come from %(n)s office.", "The figures come from %(n)s offices.",
                                   len(stats.offices)) % {"n": format_number(len(stats.offices))})
    return paragraphs


def coverage_sentence(coverage: Coverage) -> str:
    """Which communes the figures come from, said before the tables: how many of the province's
    sent recent data, how many stale, how many never, and where they are named."""
    c = coverage
    text = _("The figures come from the data received from %(reporting)s of the %(total)s communes and wards of "
             "the province") % {"reporting": format_number(len(c.reporting)), "total": format_number(c.total)}
    missing = []
    if c.stale:
        missing.append(ngettext("%(n)s sent nothing after %(date)s, so its figures may be incomplete",
                                "%(n)s sent nothing after %(date)s, so their figures may be incomplete",
                                len(c.stale)) % {"n": format_number(len(c.stale)), "date": format_date(c.stale_before)})
    if c.never:
        missing.append(ngettext("%(n)s has never sent its data", "%(n)s have never sent their data", len(c.never))
                       % {"n": format_number(len(c.never))})
    if not missing:
        return text + "."
    return _("%(text)s; %(missing)s (named in the table «%(table)s»).") % {
        "text": text, "missing": "; ".join(missing), "table": _("Communes whose data is missing or old")}


def coverage_table(coverage: Coverage) -> ReportTable:
    """The communes whose figures are missing or may be incomplete, by name: the stale first
    (oldest data first), then those that never sent."""
    stale = sorted(coverage.stale, key=lambda o: (o.last_received or dt.date.min, o.name))
    rows: list[tuple[Cell, ...]] = [(o.name, o.last_received, o.data_until, _("data old")) for o in stale]
    rows += [(o.name, None, None, _("never sent")) for o in coverage.never]
    return ReportTable("coverage", _("Communes whose data is missing or old"),
                       (_("Commune"), _("Last bundle received"), _("Data up to"), _("State")),
                       (TEXT, DATE, DATE, TEXT), tuple(rows))


def report_closing() -> str:
    """The last sentence of the body, ending with "./."."""
    return _("The above are the results of the direct contact and dialogue meetings with the People in the "
             "period./.")


_UNIT_WORDS = {"xã": N_("commune"), "phường": N_("ward"), "đặc khu": N_("special zone")}


def province_short(province_name: str) -> str:
    """"Lào Cai" of "Tỉnh Lào Cai", "Hà Nội" of "Thành phố Hà Nội"."""
    for word in ("Tỉnh ", "Thành phố "):
        if province_name.startswith(word) and province_name[len(word):].strip():
            return province_name[len(word):].strip()
    return province_name


def report_addressee(unit_role: str, province_name: str, track: str = "state") -> str:
    """The upper level a report is sent to, by its official name, for its "Kính gửi:" line
    (Decree 30/2020, Appendix I): the province's People's Committee, or on the Party track the
    Standing Committee of the province's Party committee."""
    if unit_role == "upper":
        return _("The Central Steering Committee for grassroots democracy")
    if track == "party":
        if province_name.startswith("Thành phố "):
            return _("The Standing Committee of the %(province)s City Party Committee") % {
                "province": province_short(province_name)}
        return _("The Standing Committee of the %(province)s Provincial Party Committee") % {
            "province": province_short(province_name)}
    # Mid-sentence the generic word is lower case: "Ủy ban nhân dân tỉnh Lào Cai"; in English the
    # name alone, with "City" or "Province" after it.
    if province_name.startswith("Thành phố "):
        return _("The People's Committee of %(province)s City") % {"province": province_short(province_name)}
    if province_name.startswith("Tỉnh "):
        return _("The People's Committee of %(province)s Province") % {"province": province_short(province_name)}
    return _("The People's Committee of %(province)s") % {"province": province_name}


def report_recipients(unit_role: str, unit_word: str = "xã", track: str = "state") -> list[str]:
    """The usual recipients of a report that has a "Kính gửi:" line (without "- " and ";"):
    "Như trên" for the addressee, the Party committee's standing members, the file copy."""
    if unit_role == "upper":
        return [_("As above"), _("File: the Provincial Party Committee's office") if track == "party" else
                _("File: VT, VP")]
    unit = _(_UNIT_WORDS.get(unit_word, _UNIT_WORDS["xã"]))
    if track == "party":
        return [_("As above"), _("The members of the Standing Committee of the %(unit)s Party committee")
                % {"unit": unit}, _("File: the Party committee's office")]
    return [_("As above"), _("The standing members of the %(unit)s Party committee") % {"unit": unit},
            _("File: VT, VP")]
