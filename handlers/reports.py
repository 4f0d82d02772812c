"""The ISO 10002 clause 8 figures for a period (`complaintbot report`, the weekly digest).

Every figure is an SQL aggregate. The period's complaints (and the previous period's, for
the comparison) are first copied into a temporary table of one row each, with what every
figure needs worked out by the database: the first answer (the earliest `responded` event:
a reopened complaint's later answers do not hide how long the first took), the ORIGINAL due
dates (those of the `assessed` event at filing: a holding date or a reopening moves the
columns, not the promise), the latest root cause a staff note recorded, and the time to
acknowledge and to answer on the desk's clock. The office clock is a small calendar table,
one row per local day with its opening and closing instants and the working seconds before
it, so that working time between two instants is arithmetic on two joined rows; it is built
here from `Policy.human_hours` (weekends and public holidays included) for the days the
period spans. The aggregates then read that table: 100,000 complaints take well under the
5 s `make bench` allows (see README). Percentiles are `percentile_cont` on PostgreSQL and
the same interpolation over one sorted column on SQLite, which has none.

`facts()` yields the same rows for `--csv`: no name, contact, customer's words or comment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from handlers.policy import Policy
from handlers.products import find_product
from storage import repositories as repo
from storage.models import Complaint, ComplaintEvent, Staff
from storage.vocabulary import PRIORITIES

DAY = 86400
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
DIMENSIONS = ("category", "priority", "channel", "team", "language")
TOP = 5


# Dialect-specific SQL, as small compiled expressions.
class _epoch(FunctionElement):
    """Seconds since 1970 of a stored UTC datetime, or of an ISO 8601 text with its zone."""

    type = sa.Float()
    inherit_cache = True


@compiles(_epoch)
def _epoch_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    # julianday's float carries ~0.1 ms of noise: whole milliseconds
    arg = compiler.process(element.clauses, **kw)
    return f"round((julianday({arg}) - 2440587.5) * 86400.0, 3)"


@compiles(_epoch, "postgresql")
def _epoch_pg(element: Any, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(EXTRACT(EPOCH FROM CAST({arg} AS TIMESTAMP)) AS DOUBLE PRECISION)"


class _text_epoch(FunctionElement):
    type = sa.Float()
    inherit_cache = True


@compiles(_text_epoch)
def _text_epoch_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return _epoch_sqlite(element, compiler, **kw)


@compiles(_text_epoch, "postgresql")
def _text_epoch_pg(element: Any, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(EXTRACT(EPOCH FROM CAST({arg} AS TIMESTAMPTZ)) AS DOUBLE PRECISION)"


class _day(FunctionElement):
    """The whole number of days in a number of seconds (rounded down)."""

    type = sa.Integer()
    inherit_cache = True


@compiles(_day)
def _day_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) / {DAY} AS INTEGER)"


@compiles(_day, "postgresql")
def _day_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(FLOOR(({compiler.process(element.clauses, **kw)}) / {DAY}) AS INTEGER)"


class _clamp(FunctionElement):
    """Its first argument held between 0 and its second."""

    type = sa.Float()
    inherit_cache = True


@compiles(_clamp)
def _clamp_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    value, top = (compiler.process(c, **kw) for c in element.clauses)
    return f"max(0, min({value}, {top}))"


@compiles(_clamp, "postgresql")
def _clamp_pg(element: Any, compiler: Any, **kw: Any) -> str:
    value, top = (compiler.process(c, **kw) for c in element.clauses)
    return f"GREATEST(0, LEAST({value}, {top}))"


# The temporary tables: one per connection, so concurrent reports never meet.
_TEMP = sa.MetaData()
CALENDAR = sa.Table(
    "report_calendar",
    _TEMP,
    sa.Column("day", sa.Integer, primary_key=True),
    sa.Column("opens", sa.Float, nullable=False),
    sa.Column("closes", sa.Float, nullable=False),
    sa.Column("worked_before", sa.Float, nullable=False),  # working seconds of the days before
    prefixes=["TEMPORARY"],
)
FACTS = sa.Table(
    "report_facts",
    _TEMP,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(32)),
    sa.Column("in_period", sa.Integer),  # 1: in the period, 0: in the one before
    sa.Column("week", sa.Integer),  # local days since 1970 of the Monday of its week
    sa.Column("category", sa.String(50)),
    sa.Column("priority", sa.String(10)),
    sa.Column("channel", sa.String(32)),
    sa.Column("team", sa.String(100)),
    sa.Column("language", sa.String(2)),
    sa.Column("status", sa.String(20)),
    sa.Column("product", sa.String(500)),
    sa.Column("escalation_level", sa.Integer),
    sa.Column("reopened_count", sa.Integer),
    sa.Column("ever_closed", sa.Integer),
    sa.Column("survey_asked", sa.Integer),
    sa.Column("score", sa.Integer),
    sa.Column("root_cause", sa.String(100)),
    sa.Column("created", sa.Float),
    sa.Column("acknowledged", sa.Float),
    sa.Column("answered", sa.Float),  # the first answer
    sa.Column("ack_due", sa.Float),  # the original due dates
    sa.Column("respond_due", sa.Float),
    sa.Column("ack_time", sa.Float),  # seconds on the desk's clock
    sa.Column("answer_time", sa.Float),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True)
class Period:
    """From `start` (included) to `end` (excluded), UTC."""

    start: datetime
    end: datetime

    @property
    def previous(self) -> Period:
        """The period of the same length just before."""
        return Period(self.start - (self.end - self.start), self.start)


@dataclass(frozen=True)
class Spread:
    """How long something took on the desk's clock: how many, median and 90th percentile
    (seconds)."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Share:
    """Done within the original target, of those whose outcome is known (done, or due)."""

    within: int
    known: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.within / self.known if self.known else None


@dataclass(frozen=True)
class Count:
    """A value's complaints in the period and in the one before."""

    value: str
    now: int
    before: int


@dataclass
class Report:
    """The clause 8 figures of one period (and one team, or all)."""

    period: Period
    team: str | None
    now: datetime
    clock: str  # office or calendar
    received: int = 0
    received_before: int = 0
    by: dict[str, list[Count]] = field(default_factory=dict)
    ack: dict[str, Spread] = field(default_factory=dict)  # priority (and "all") -> spread
    answer: dict[str, Spread] = field(default_factory=dict)
    ack_within: dict[str, Share] = field(default_factory=dict)
    answer_within: dict[str, Share] = field(default_factory=dict)
    targets: dict[str, tuple[float, float]] = field(default_factory=dict)  # clock seconds
    overdue_now: int = 0
    escalated: int = 0
    levels: dict[int, int] = field(default_factory=dict)  # highest level reached -> complaints
    reopened: int = 0
    ever_closed: int = 0
    withdrawn: int = 0
    scores: dict[int, int] = field(default_factory=dict)
    surveys_asked: int = 0
    low_comments: list[tuple[str, int, str]] = field(default_factory=list)  # ref, score, text
    root_causes: list[tuple[str, int]] = field(default_factory=list)
    products: list[tuple[str, int]] = field(default_factory=list)
    trending: list[Count] = field(default_factory=list)
    weeks: list[tuple[date, str, int]] = field(default_factory=list)  # Monday, category, n

    @property
    def rated(self) -> int:
        return sum(self.scores.values())

    @property
    def average_score(self) -> float | None:
        rated = self.rated
        return sum(s * n for s, n in self.scores.items()) / rated if rated else None


def period_since(span: timedelta, now: datetime) -> Period:
    """The `span` up to now."""
    return Period(now - span, now)


def period_between(first: date, last: date, policy: Policy) -> Period:
    """Local days `first` to `last`, both whole."""
    zone = ZoneInfo(policy.timezone)
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return Period(start.astimezone(timezone.utc), end.astimezone(timezone.utc))


def build(
    engine: Engine, policy: Policy, period: Period, *, now: datetime, team: str | None = None
) -> Report:
    """The report of `period` (one team's, with `team`)."""
    office = policy.target_clock == "office" and policy.human_hours.counts
    report = Report(period, team, now, "office" if office else "calendar")
    with engine.connect() as conn, conn.begin():
        _prepare(conn, policy, period, now=now, team=team, office=office)
        _received(conn, report)
        _times(conn, report, policy)
        _outcomes(conn, report, now)
        _satisfaction(conn, report)
        _causes_and_products(conn, report)
        report.overdue_now = _overdue(conn, policy, now, team)
        _drop(conn)
    return report


def facts(
    engine: Engine, policy: Policy, period: Period, *, now: datetime, team: str | None = None
) -> Iterator[dict[str, Any]]:
    """One row per complaint of the period: every figure's inputs (`ack_within`,
    `answer_within`: the report's shares, per complaint), no personal data: `product` is
    the catalogue's name, blank where the customer's words named none."""
    office = policy.target_clock == "office" and policy.human_hours.counts
    named: dict[str, str] = {}  # a customer's product text → its catalogue name
    with engine.connect() as conn, conn.begin():
        _prepare(conn, policy, period, now=now, team=team, office=office)
        query = (
            sa.select(
                FACTS,
                within_target("ack", now.timestamp()).label("ack_within"),
                within_target("answer", now.timestamp()).label("answer_within"),
            )
            .where(FACTS.c.in_period == 1)
            .order_by(FACTS.c.created)
        )
        for row in conn.execute(query).mappings():
            said = row["product"] or ""
            if said not in named:
                found = find_product(policy.products, said)
                named[said] = found.name if found else ""
            yield {**row, "product": named[said]}
        _drop(conn)


def _prepare(
    conn: Connection,
    policy: Policy,
    period: Period,
    *,
    now: datetime,
    team: str | None,
    office: bool,
) -> None:
    """Fill the calendar and the facts tables of this connection."""
    _drop(conn)
    _TEMP.create_all(conn)
    offset = _offset(policy)
    first = period.previous.start - timedelta(days=2)
    last = max(now, period.end) + timedelta(days=2)
    conn.execute(CALENDAR.insert(), _calendar(policy, first, last, offset))
    conn.execute(FACTS.insert().from_select(list(_facts_columns()), _facts(policy, period, team)))
    if office:
        _office_times(conn, offset)
    else:
        conn.execute(
            FACTS.update().values(
                ack_time=FACTS.c.acknowledged - FACTS.c.created,
                answer_time=FACTS.c.answered - FACTS.c.created,
            )
        )


def _drop(conn: Connection) -> None:
    _TEMP.drop_all(conn, checkfirst=True)


def _offset(policy: Policy) -> int:
    """The zone's offset from UTC in seconds (its standard time: a local day is found by
    it, then its own opening and closing instants are exact, summer time or not)."""
    zone = ZoneInfo(policy.timezone)
    offset = datetime(2001, 1, 15, tzinfo=zone).utcoffset()
    return int(offset.total_seconds()) if offset else 0


def _calendar(policy: Policy, first: datetime, last: datetime, offset: int) -> list[dict]:
    """One row per local day from `first` to `last`: its opening and closing instants
    (equal on a closed day) and the working seconds of the days before it."""
    zone, hours = ZoneInfo(policy.timezone), policy.human_hours
    day = int((first - EPOCH).total_seconds() + offset) // DAY
    end = int((last - EPOCH).total_seconds() + offset) // DAY
    rows, before = [], 0.0
    while day <= end:
        local = date(1970, 1, 1) + timedelta(days=day)
        opens = datetime.combine(local, hours.opens, tzinfo=zone).timestamp()
        closes = datetime.combine(local, hours.closes, tzinfo=zone).timestamp()
        if not hours.working_day(local):
            closes = opens
        rows.append({"day": day, "opens": opens, "closes": closes, "worked_before": before})
        before += closes - opens
        day += 1
    return rows


def _office_times(conn: Connection, offset: int) -> None:
    """Working seconds between filing and the acknowledgement, and the first answer."""

    def worked(moment: ColumnElement) -> ColumnElement:
        row = CALENDAR.alias()
        found = sa.select(
            row.c.worked_before + _clamp(moment - row.c.opens, row.c.closes - row.c.opens)
        ).where(row.c.day == _day(moment + offset))
        return found.scalar_subquery()

    created = worked(FACTS.c.created)
    conn.execute(
        FACTS.update().values(
            ack_time=worked(FACTS.c.acknowledged) - created,
            answer_time=worked(FACTS.c.answered) - created,
        )
    )


def team_of(policy: Policy) -> ColumnElement:
    """A complaint's team: its assignee's, else the one its category routes to."""
    by_category = sa.case(
        {rule.name: rule.team for rule in policy.categories},
        value=Complaint.category,
        else_=policy.default_team,
    )
    staff_team = sa.select(Staff.team).where(Staff.id == Complaint.assignee_id).scalar_subquery()
    return sa.func.coalesce(staff_team, by_category)


def _first(kind: str) -> Any:
    """Each complaint's earliest event of a kind: (complaint_id, at, id)."""
    return (
        sa.select(
            ComplaintEvent.complaint_id.label("complaint_id"),
            sa.func.min(ComplaintEvent.at).label("at"),
            sa.func.min(ComplaintEvent.id).label("id"),
        )
        .where(ComplaintEvent.kind == kind)
        .group_by(ComplaintEvent.complaint_id)
        .subquery()
    )


def _facts_columns() -> dict[str, Any]:
    return {c.name: c for c in FACTS.c}


def _facts(policy: Policy, period: Period, team: str | None) -> Any:
    """The SELECT that fills the facts table."""
    offset = _offset(policy)
    previous = period.previous
    answered, assessed = _first("responded"), _first("assessed")
    filed = sa.orm.aliased(ComplaintEvent)
    note = sa.orm.aliased(ComplaintEvent)
    cause = ComplaintEvent.data["root_cause"].as_string()
    latest_note = (
        sa.select(
            ComplaintEvent.complaint_id.label("complaint_id"),
            sa.func.max(ComplaintEvent.id).label("id"),
        )
        .where(ComplaintEvent.kind == "note", cause.isnot(None))
        .group_by(ComplaintEvent.complaint_id)
        .subquery()
    )
    created = _epoch(Complaint.created_at)
    team_expr = team_of(policy)
    query = (
        sa.select(
            Complaint.id,
            Complaint.reference,
            sa.case((Complaint.created_at >= period.start, 1), else_=0),
            # 1970-01-01 was a Thursday: Monday-based weeks start 3 days later
            _day((created + offset + 3 * DAY) / 7) * 7 - 3,
            Complaint.category,
            Complaint.priority,
            Complaint.channel,
            team_expr,
            Complaint.language,
            Complaint.status,
            Complaint.product,
            Complaint.escalation_level,
            Complaint.reopened_count,
            sa.case(
                ((Complaint.closed_at.isnot(None)) | (Complaint.reopened_count > 0), 1), else_=0
            ),
            sa.case((Complaint.survey_asked_at.isnot(None), 1), else_=0),
            Complaint.satisfaction_score,
            note.data["root_cause"].as_string(),
            created,
            _epoch(Complaint.acknowledged_at),
            _epoch(answered.c.at),
            sa.func.coalesce(
                _text_epoch(filed.data["ack_due_at"].as_string()), _epoch(Complaint.ack_due_at)
            ),
            sa.func.coalesce(
                _text_epoch(filed.data["respond_due_at"].as_string()),
                _epoch(Complaint.respond_due_at),
            ),
            sa.null(),
            sa.null(),
        )
        .outerjoin(answered, answered.c.complaint_id == Complaint.id)
        .outerjoin(assessed, assessed.c.complaint_id == Complaint.id)
        .outerjoin(filed, filed.id == assessed.c.id)
        .outerjoin(latest_note, latest_note.c.complaint_id == Complaint.id)
        .outerjoin(note, note.id == latest_note.c.id)
        .where(Complaint.created_at >= previous.start, Complaint.created_at < period.end)
    )
    if team is not None:
        query = query.where(team_expr == team)
    return query


def _current() -> ColumnElement:
    return FACTS.c.in_period == 1


def _received(conn: Connection, report: Report) -> None:
    """Complaints received, in all and by each dimension, against the period before."""
    now_n = sa.func.sum(FACTS.c.in_period)
    before_n = sa.func.sum(1 - FACTS.c.in_period)
    row = conn.execute(sa.select(now_n, before_n)).one()
    report.received, report.received_before = int(row[0] or 0), int(row[1] or 0)
    for dimension in DIMENSIONS:
        column = FACTS.c[dimension]
        rows = conn.execute(
            sa.select(column, now_n, before_n).group_by(column).order_by(now_n.desc(), column)
        )
        report.by[dimension] = [Count(str(v), int(n or 0), int(b or 0)) for v, n, b in rows]
    rising = [c for c in report.by["category"] if c.now > c.before]
    rising.sort(key=lambda c: (-(c.now - c.before), c.value))
    report.trending = rising[:3]
    week = FACTS.c.week
    rows = conn.execute(
        sa.select(week, FACTS.c.category, sa.func.count())
        .where(_current())
        .group_by(week, FACTS.c.category)
        .order_by(week, FACTS.c.category)
    )
    report.weeks = [(date(1970, 1, 1) + timedelta(days=int(w)), c, int(n)) for w, c, n in rows]


def _times(conn: Connection, report: Report, policy: Policy) -> None:
    """Time to acknowledge and to answer, and the shares within the original targets."""
    for priority in PRIORITIES:
        targets = policy.targets.get(priority)
        if targets is not None:
            report.targets[priority] = (
                policy.span(targets.ack).total.total_seconds(),
                policy.span(targets.respond).total.total_seconds(),
            )
    report.ack = _spreads(conn, FACTS.c.ack_time)
    report.answer = _spreads(conn, FACTS.c.answer_time)
    now = report.now.timestamp()
    for step, shares in (("ack", report.ack_within), ("answer", report.answer_within)):
        outcome = within_target(step, now)
        within = sa.func.sum(sa.case((outcome == 1, 1), else_=0))
        known = sa.func.count(outcome)
        rows = conn.execute(
            sa.select(FACTS.c.priority, within, known).where(_current()).group_by(FACTS.c.priority)
        ).all()
        for priority, w, k in rows:
            shares[priority] = Share(int(w or 0), int(k or 0))
        every = list(shares.values())
        shares["all"] = Share(sum(s.within for s in every), sum(s.known for s in every))


def within_target(step: str, now: float) -> ColumnElement:
    """Whether a complaint's acknowledgement (`ack`) or answer (`answer`) came within its
    original target: 1 or 0, and 0 too when not done and the target has passed (unless
    withdrawn first: no outcome); NULL while it may still be."""
    done, due = {
        "ack": (FACTS.c.acknowledged, FACTS.c.ack_due),
        "answer": (FACTS.c.answered, FACTS.c.respond_due),
    }[step]
    gone = FACTS.c.status == "withdrawn"
    return sa.case(
        (done.isnot(None), sa.case((done <= due, 1), else_=0)),
        ((due < now) & sa.not_(gone), 0),
    )


def _spreads(conn: Connection, column: sa.Column) -> dict[str, Spread]:
    """Median and 90th percentile of a duration, by priority and for all."""
    figures = _within_group if conn.dialect.name == "postgresql" else _ranked
    out = {str(p): Spread(int(n), m, q) for p, n, m, q in conn.execute(figures(column, by=True))}
    n, m, q = conn.execute(figures(column, by=False)).one_or_none() or (0, None, None)
    out["all"] = Spread(int(n), m, q)
    return out


def _within_group(column: sa.Column, *, by: bool) -> sa.sql.Select:
    """How many, median and 90th percentile, by priority (`by`) or for all: one row each."""
    keys = [FACTS.c.priority] if by else []
    return (
        sa.select(
            *keys,
            sa.func.count(column),
            sa.func.percentile_cont(0.5).within_group(column),
            sa.func.percentile_cont(0.9).within_group(column),
        )
        .where(_current(), column.isnot(None))
        .group_by(*keys)
    )


def _ranked(column: sa.Column, *, by: bool) -> sa.sql.Select:
    """`percentile_cont` where the database has none (SQLite), by window functions: each
    value's rank in its group, and per group the two values on either side of the median
    and of the 90th percentile, read linearly between them; one row per group."""
    group = [FACTS.c.priority] if by else []
    ranked = (
        sa.select(
            *group,
            column.label("v"),
            (sa.func.row_number().over(partition_by=group, order_by=column) - 1).label("rank"),
            sa.func.count().over(partition_by=group).label("n"),
        )
        .where(_current(), column.isnot(None))
        .subquery()
    )
    n = ranked.c.n
    figures = []
    for fraction in (0.5, 0.9):
        position = fraction * (n - 1)
        low = sa.cast(position, sa.Integer)  # positions are never negative: the floor
        high = sa.case((low + 1 < n, low + 1), else_=low)
        below = sa.func.max(sa.case((ranked.c.rank == low, ranked.c.v)))
        above = sa.func.max(sa.case((ranked.c.rank == high, ranked.c.v)))
        figures.append(below + (above - below) * (position - low))
    keys = [ranked.c.priority] if by else []
    return sa.select(*keys, n, *figures).group_by(*keys, n)


def _outcomes(conn: Connection, report: Report, now: datetime) -> None:
    """Escalations and the level reached, reopenings, withdrawals."""
    level = FACTS.c.escalation_level
    rows = conn.execute(
        sa.select(level, sa.func.count()).where(_current(), level > 0).group_by(level)
    )
    report.levels = {int(lv): int(n) for lv, n in rows}
    report.escalated = sum(report.levels.values())
    row = conn.execute(
        sa.select(
            sa.func.sum(sa.case((FACTS.c.reopened_count > 0, 1), else_=0)),
            sa.func.sum(FACTS.c.ever_closed),
            sa.func.sum(sa.case((FACTS.c.status == "withdrawn", 1), else_=0)),
        ).where(_current())
    ).one()
    report.reopened, report.ever_closed, report.withdrawn = (int(v or 0) for v in row)


def _satisfaction(conn: Connection, report: Report) -> None:
    """Scores 1-5, the surveys asked, and what those who gave 1 or 2 wrote."""
    score = FACTS.c.score
    rows = conn.execute(
        sa.select(score, sa.func.count()).where(_current(), score.isnot(None)).group_by(score)
    )
    report.scores = {int(s): int(n) for s, n in rows}
    report.surveys_asked = int(
        conn.execute(sa.select(sa.func.sum(FACTS.c.survey_asked)).where(_current())).scalar() or 0
    )
    comments = conn.execute(
        sa.select(FACTS.c.reference, score, Complaint.satisfaction_comment)
        .join(Complaint, Complaint.id == FACTS.c.id)
        .where(
            _current(),
            score <= 2,
            Complaint.satisfaction_comment.isnot(None),
            Complaint.satisfaction_comment != "",
        )
        .order_by(FACTS.c.created)
    )
    report.low_comments = [(str(r), int(s), str(c)) for r, s, c in comments]


def _causes_and_products(conn: Connection, report: Report) -> None:
    """Root causes staff recorded, and the products complained about most."""
    for column, target in ((FACTS.c.root_cause, "root_causes"), (FACTS.c.product, "products")):
        n = sa.func.count()
        rows = conn.execute(
            sa.select(column, n)
            .where(_current(), column.isnot(None), column != "")
            .group_by(column)
            .order_by(n.desc(), column)
            .limit(TOP if target == "products" else 100)
        )
        setattr(report, target, [(str(v), int(c)) for v, c in rows])


def _overdue(conn: Connection, policy: Policy, now: datetime, team: str | None) -> int:
    """Complaints overdue now (`repositories.is_overdue`: against the original target, not
    while waiting for the customer's answer), whenever they were filed."""
    query = sa.select(sa.func.count()).select_from(Complaint).where(repo.overdue(now))
    if team is not None:
        query = query.where(team_of(policy) == team)
    return int(conn.execute(query).scalar() or 0)


def labels(names: Mapping[str, Mapping[str, str]] | None, key: str, language: str) -> str:
    """A configured label of a key in the language (the key itself without one)."""
    found = (names or {}).get(key) or {}
    return found.get(language) or found.get("en") or key
