"""The complaints-handling policy the use cases apply (built from config.yml by bot/)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from storage.repositories import StaffMember


@dataclass(frozen=True)
class Targets:
    """How soon a complaint of one priority must be acknowledged and answered."""

    ack: timedelta
    respond: timedelta


@dataclass(frozen=True)
class CategoryRule:
    """A category, the team that handles it, and the words that suggest it."""

    name: str
    team: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    """Everything the use cases need to know about how this organisation handles complaints."""

    targets: Mapping[str, Targets]
    priority_keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    categories: tuple[CategoryRule, ...] = ()
    default_category: str = "general"
    default_team: str = "customer-care"
    roster: tuple[StaffMember, ...] = ()
    reference_prefix: str = "CMP"
    timezone: str = "Asia/Seoul"
    phone_region: str = "KR"
    human_contact: Mapping[str, str] = field(default_factory=dict)
    organisation: Mapping[str, str] = field(default_factory=dict)
    max_message_chars: int = 4000

    def team_for(self, category: str) -> str:
        """The team that handles a category."""
        for rule in self.categories:
            if rule.name == category:
                return rule.team
        return self.default_team
