"""The complaints-handling policy the use cases apply (built from config.yml by bot/)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

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

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of working time after `start` (local).

        Whole days count as working days (one is `day_length` of working time: a complaint
        filed on Friday evening and due "within 24h" is due at Monday's closing), shorter
        durations as working hours. Time outside the hours, weekends and holidays does not
        count; counting starts at the next opening when `start` is outside them.
        """
        if not self.days or self.day_length <= timedelta(0):
            return start + duration
        days, rest = divmod(duration, timedelta(days=1))
        left = days * self.day_length + rest
        moment = start
        while True:
            if not self.open_at(moment):
                moment = self.next_opening(moment)
                if moment == start and not self.open_at(moment):
                    return start + duration  # never open: calendar time
            closing = datetime.combine(moment.date(), self.closes, tzinfo=moment.tzinfo)
            available = closing - moment
            if left <= available:
                return moment + left
            left -= available
            moment = closing


@dataclass(frozen=True)
class Triage:
    """How sure the classifier must be that an opening message is a complaint: from
    `file_at` the form opens at once; from `offer_at` the desk asks whether to file one
    (from `offer_praise_at` when its best guess is praise or thanks)."""

    file_at: float = 0.7
    offer_at: float = 0.1
    offer_praise_at: float = 0.25


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

    def due(self, start: datetime, duration: timedelta) -> datetime:
        """When a target of `duration` from `start` falls due, on the desk's clock."""
        if self.target_clock == "calendar":
            return start + duration
        local = start.astimezone(ZoneInfo(self.timezone))
        return self.human_hours.add(local, duration).astimezone(start.tzinfo)

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
