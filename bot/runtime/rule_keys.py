"""RulePolicy's search for the rules that apply, narrowed by an index of each rule's end.

Before each prediction (two or three a turn) Rasa 3.6 tests every rule it learned against
the conversation's latest state, then the survivors against the states before it. Rules
written with `or:` over many intents (the yes or no read in the customer's own words,
`nlu/data/rules.yml`) are learned once per intent: 182 rule keys, 5× those of before, and
the test of each against the latest state became a sixth of a turn under load.

A rule applies at the latest state only if its last state's previous action and intent,
when it names them, are the conversation's. This indexes the rules by those two and tests
only the rules that could apply; the rest of the test is Rasa's own
(`RulePolicy._is_rule_applicable`), so the keys found are the keys Rasa finds
(`tests/test_runtime.py` compares both along real conversations).
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, USER
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

RASA_GET_POSSIBLE_KEYS = RulePolicy._get_possible_keys
_INDEXES = "_complaintbot_rule_indexes"

Index = dict[tuple[str | None, str | None], tuple[str, ...]]


def _named(state: dict[str, Any], part: str, key: str) -> str | None:
    """What a rule's state requires of `part`'s `key`, if anything ("should not be set"
    and an empty value require no particular value)."""
    from rasa.shared.core.constants import SHOULD_NOT_BE_SET

    value = (state.get(part) or {}).get(key)
    return value if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET else None


def _index(keys: Any) -> Index:
    """The rule keys grouped by the previous action and intent their last state names."""
    groups: dict[tuple[str | None, str | None], list[str]] = {}
    for key in keys:
        states = json.loads(key)
        last = states[-1] if states else {}
        group = (_named(last, PREVIOUS_ACTION, ACTION_NAME), _named(last, USER, INTENT))
        groups.setdefault(group, []).append(key)
    return {group: tuple(keys) for group, keys in groups.items()}


def _indexed(policy: RulePolicy, lookup: dict[str, str]) -> Index:
    """The index of a lookup, made once (a policy's lookups do not change once trained)."""
    indexes: dict[tuple[int, int], Index] = policy.__dict__.setdefault(_INDEXES, {})
    found = indexes.get((id(lookup), len(lookup)))
    if found is None:
        found = indexes[(id(lookup), len(lookup))] = _index(lookup)
    return found


def get_possible_keys(
    self: RulePolicy, lookup: dict[str, str], states: list[dict[str, Any]]
) -> set[str]:
    """Rasa's `_get_possible_keys`, testing only the rules whose end could match."""
    if not states:
        return set(lookup.keys())
    latest = states[-1]
    if not latest.get(PREVIOUS_ACTION):
        # a conversation's start: Rasa's own test, on every rule
        return RASA_GET_POSSIBLE_KEYS(self, lookup, states)
    index = _indexed(self, lookup)
    action = _named(latest, PREVIOUS_ACTION, ACTION_NAME)
    intent = _named(latest, USER, INTENT)
    candidates = [
        key
        for group in {(action, intent), (action, None), (None, intent), (None, None)}
        for key in index.get(group, ())
    ]
    possible = {key for key in candidates if self._is_rule_applicable(key, 0, latest)}
    for turn, state in enumerate(reversed(states[:-1]), start=1):
        if not possible:
            break
        possible = {key for key in possible if self._is_rule_applicable(key, turn, state)}
    return possible


def install() -> None:
    RulePolicy._get_possible_keys = get_possible_keys


def uninstall() -> None:
    RulePolicy._get_possible_keys = RASA_GET_POSSIBLE_KEYS
