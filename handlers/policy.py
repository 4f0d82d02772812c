"""The complaints-handling policy the use cases apply (built from config.yml by bot/)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from handlers.faq import Faq
from handlers.fields import contacts_in
from handlers.products import Product
from storage.repositories import StaffMember


@dataclass(frozen=True)
class Targets:
    """How soon a complaint of one priority must be acknowledged and answered."""

    ack: timedelta
    respond: timedelta


@dataclass(frozen=True)
class CategoryRule:
    """A category, the team that handles it, and the words that suggest it.

    With `override`, any match picks this category whatever the others match: a charger
    that caught fire goes to product safety even if it was also late and overcharged.
    """

    name: str
    team: str
    keywords: tuple[str, ...] = ()
    override: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)  # what staff call it, by language
    #: words that decide this category over any count of the others' ("rude", "불친절")
    decisive: tuple[str, ...] = ()


def _no_holidays(day: date) -> bool:
    return False


@dataclass(frozen=True)
class Hours:
    """Office hours: weekdays (0 = Monday), the opening and closing time, and the public
    holidays it is closed on (Korean ones, substitute holidays included, from the `holidays`
    package; see bot/settings.py). Times are local: give moments in the office's zone."""

    days: tuple[int, ...]
    opens: time
    closes: time
    holiday: Callable[[date], bool] = field(default=_no_holidays, compare=False)

    def working_day(self, day: date) -> bool:
        """Whether the office opens on that date."""
        return day.weekday() in self.days and not self.holiday(day)

    def open_at(self, moment: datetime) -> bool:
        """Whether the line is open at that local moment."""
        return self.working_day(moment.date()) and self.opens <= moment.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The next local moment the line opens, after `moment` (a long holiday included)."""
        day = moment.date()
        for _ in range(40):
            start = datetime.combine(day, self.opens, tzinfo=moment.tzinfo)
            if self.working_day(day) and start > moment:
                return start
            day += timedelta(days=1)
        return moment  # no opening days configured: say nothing better

    @property
    def day_length(self) -> timedelta:
        """The working time of one day."""
        today = date(2000, 1, 3)
        return datetime.combine(today, self.closes) - datetime.combine(today, self.opens)

    @property
    def counts(self) -> bool:
        """Whether the office opens at all (else targets count calendar time)."""
        return bool(self.days) and self.day_length > timedelta(0)

    def working_time(self, duration: timedelta) -> timedelta:
        """The working time a target stands for: whole days are working days (one is
        `day_length`), the hours beyond them office hours."""
        days, rest = divmod(duration, timedelta(days=1))
        return days * self.day_length + rest

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment a target of `duration` falls due after `start` (local): a complaint
        filed on Friday evening and due "within 24h" (one working day) is due at Monday's
        closing."""
        if not self.counts:
            return start + duration
        return self.after(start, self.working_time(duration))

    def after(self, start: datetime, working: timedelta) -> datetime:
        """The moment `working` time of office hours after `start` (local). Time outside
        the hours, weekends and holidays does not count; counting starts at the next
        opening when `start` is outside them."""
        left = working
        moment = start
        while True:
            if not self.open_at(moment):
                moment = self.next_opening(moment)
                if moment == start and not self.open_at(moment):
                    return start + working  # never open: calendar time
            closing = datetime.combine(moment.date(), self.closes, tzinfo=moment.tzinfo)
            available = closing - moment
            if left <= available:
                return moment + left
            left -= available
            moment = closing


@dataclass(frozen=True)
class Span:
    """A target as the desk's clock counts it, and as customers and staff are told it:
    whole days and what is left of a day. On the office clock the days are working days and
    the rest office hours, always less than a working day ("36h" on 09:00-18:00 is two
    working days and three office hours: filed Monday 09:00, due Wednesday 12:00)."""

    days: int
    rest: timedelta
    working: bool
    day: timedelta  # one of its days: a working day's hours, or 24 hours

    @property
    def total(self) -> timedelta:
        """The time the clock counts: office time when `working`."""
        return self.days * self.day + self.rest


@dataclass(frozen=True)
class Triage:
    """How sure the classifier must be that an opening message is a complaint: from
    `file_at` the form opens at once; from `offer_at` the desk asks whether to file one
    (from `offer_praise_at` when its best guess is praise or thanks)."""

    file_at: float = 0.7
    offer_at: float = 0.1
    offer_praise_at: float = 0.25


def _recourse() -> Mapping[str, str]:
    return {
        "en": "the Korea Consumer Agency, 1372 (www.ccn.go.kr)",
        "ko": "한국소비자원 1372 소비자상담센터(www.ccn.go.kr)",
    }


@dataclass(frozen=True)
class Closing:
    """Closing the loop with the customer (config.yml `closing`, ISO 10002 7.8-7.9, 8.3).

    An answered complaint waits for the customer to accept or decline it: with no reply it
    is reminded halfway through `close_after` and closed at its end (on the desk's clock,
    `target_clock`). A closed one can be reopened within `reopen_within` (calendar time).
    The satisfaction survey is reminded once after `survey_reminder_after` (the desk's
    clock). `recourse`: the external body a customer who declines is told of, by language.
    """

    close_after: timedelta = timedelta(days=14)
    reopen_within: timedelta = timedelta(days=30)
    survey_reminder_after: timedelta = timedelta(days=2)
    recourse: Mapping[str, str] = field(default_factory=_recourse)

    def recourse_in(self, language: str) -> str:
        """The external body in the language (English when it has no such text)."""
        return self.recourse.get(language) or self.recourse.get("en", "")


@dataclass(frozen=True)
class Retention:
    """How long personal data is kept (config.yml `retention`; PIPA and the GDPR): a
    complaint closed `days` ago is anonymised, a conversation that never became a complaint
    is deleted `conversation_days` after its last message."""

    days: int = 1095
    conversation_days: int = 90


@dataclass(frozen=True)
class Policy:
    """Everything the use cases need to know about how this organisation handles complaints.

    Built by `bot/settings.py`, where every default lives.
    """

    targets: Mapping[str, Targets]
    priority_keywords: Mapping[str, tuple[str, ...]]
    categories: tuple[CategoryRule, ...]
    default_category: str
    default_team: str
    roster: tuple[StaffMember, ...]
    timezone: str
    phone_region: str
    human_contact: Mapping[str, str]
    human_hours: Hours
    organisation: Mapping[str, str]
    safety_advice: Mapping[str, str]
    max_message_chars: int
    question_contact: Mapping[str, str] = field(default_factory=dict)
    # said instead of `safety_advice` when the complaint is about a service or a place
    injury_advice: Mapping[str, str] = field(default_factory=dict)
    triage: Triage = Triage()
    products: tuple[Product, ...] = ()
    team_channels: Mapping[str, str] = field(default_factory=dict)  # team -> Slack channel id
    # how target durations count: "office" (working time of `human_hours`) or "calendar"
    target_clock: str = "office"
    staff_language: str = "ko"  # of team channel cards
    # what each team is called to customers ("our product quality team"), by language
    team_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # notifications also e-mailed to REST and web customers who gave an address (`SMTP_URL`)
    email_customers: bool = False
    # where a complaint about a kind of product goes when nothing said names a category (a
    # robot vacuum that "won't dock" is a product fault, as a catalogue product's would be)
    product_category: str = ""
    # questions about the process and privacy, answered wherever asked
    faq: Faq = field(default_factory=Faq)
    # accepting, declining, closing after silence, reopening, the satisfaction survey
    closing: Closing = field(default_factory=Closing)
    # the roles that take new work, in order, when a team has no agent at work
    assignment_fallback: tuple[str, ...] = ("supervisor", "manager")
    # internal notes' root causes (ISO 10002 7.6): key -> label by language
    root_causes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    retention: Retention = Retention()
    # what staff call the category of complaints no keyword places, by language
    default_category_labels: Mapping[str, str] = field(default_factory=dict)

    def span(self, duration: timedelta) -> Span:
        """A configured target as the desk's clock counts it: what `due` adds, and what the
        greeting, the help and the status page say (`formatting.format_span`)."""
        office = self.human_hours
        if self.target_clock == "calendar" or not office.counts:
            days, rest = divmod(duration, timedelta(days=1))
            return Span(days, rest, working=False, day=timedelta(days=1))
        days, rest = divmod(office.working_time(duration), office.day_length)
        return Span(days, rest, working=True, day=office.day_length)

    def due(self, start: datetime, duration: timedelta) -> datetime:
        """When a target of `duration` from `start` falls due, on the desk's clock."""
        span = self.span(duration)
        if not span.working:
            return start + span.total
        local = start.astimezone(ZoneInfo(self.timezone))
        return self.human_hours.after(local, span.total).astimezone(start.tzinfo)

    def staff(self, handle: str) -> StaffMember | None:
        """The roster entry with this handle."""
        return next((m for m in self.roster if m.handle == handle), None)

    def slack_staff(self, slack_user_id: str) -> StaffMember | None:
        """The roster entry of a Slack user, or None for anyone who is not staff."""
        return next((m for m in self.roster if m.slack_user_id == slack_user_id), None)

    def leads(self, team: str, role: str) -> tuple[StaffMember, ...]:
        """The team's members in a role (supervisors, managers); a manager of any team
        when the team has none."""
        own = tuple(m for m in self.roster if m.team == team and m.role == role)
        return own or tuple(m for m in self.roster if m.role == role and role == "manager")

    def categories_named(self, words: str) -> tuple[str, ...]:
        """The categories staff mean by `words` in either language: a category's name, its
        label, or its team's name ("결제" finds billing, whose team is 결제·청구팀; "일반"
        the default category); () when they name none: an unknown category, to be said so."""
        wanted = words.strip().casefold()
        if not wanted:
            return ()
        return tuple(
            name
            for name, labels, team in self._category_names()
            if any(
                wanted in said.casefold()
                for said in (name, *labels.values(), *self.team_names.get(team, {}).values())
                if said
            )
        )

    def category_label(self, category: str, language: str) -> str:
        """What staff call a category in the language (config.yml `labels`; English, then
        its key, where it has none)."""
        labels = next((lb for name, lb, _ in self._category_names() if name == category), {})
        return labels.get(language) or labels.get("en") or category

    def team_label(self, team: str, language: str) -> str:
        """A team as staff read it in a table: its key in English, its Korean name (config.yml
        `teams`) in Korean, where the key means nothing to a reader."""
        if language == "en":
            return team
        return (self.team_names.get(team) or {}).get(language) or team

    def _category_names(self) -> list[tuple[str, Mapping[str, str], str]]:
        """Every category with its labels and team, the default category last."""
        default = (self.default_category, self.default_category_labels, self.default_team)
        return [*((r.name, r.labels, r.team) for r in self.categories), default]

    def team_for(self, category: str) -> str:
        """The team that handles a category."""
        for rule in self.categories:
            if rule.name == category:
                return rule.team
        return self.default_team

    def team_name(self, team: str, language: str) -> str:
        """What customers are told a team is called, in the language."""
        names = self.team_names.get(team) or {}
        if names.get(language):
            return names[language]
        return "담당 팀" if language == "ko" else "the team handling it"

    def contact_way(self, language: str) -> str:
        """How to reach a person, in the language (English when it has no such text)."""
        return self.human_contact.get(language) or self.human_contact.get("en", "")

    @cached_property
    def fault_keywords(self) -> tuple[str, ...]:
        """The words of a fault or a danger: the categories that override (safety) and the
        one named `product` (an outcome told beside one resolves nothing)."""
        return tuple(
            k
            for rule in self.categories
            if rule.override or rule.name == "product"
            for k in rule.keywords
        )

    @cached_property
    def own_contacts(self) -> frozenset[str]:
        """The desk's own phone numbers and addresses, in every language, normalised (a
        number a customer quotes from them is not the customer's; compared whole)."""
        text = " ".join([*self.human_contact.values(), *self.question_contact.values()])
        return contacts_in(text, self.phone_region)

    def where_questions_go(self, language: str) -> str:
        """Where a question that is not a complaint goes, in the language."""
        return self.question_contact.get(language) or self.question_contact.get("en", "")

    def local(self, moment: datetime) -> datetime:
        """A moment in the organisation's time zone."""
        return moment.astimezone(ZoneInfo(self.timezone))
