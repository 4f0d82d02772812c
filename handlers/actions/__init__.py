"""Rasa custom actions: thin wrappers that read the tracker, call a use case, and answer."""

from rasa_sdk import Action

from handlers.actions.base import ActionContext
from handlers.actions.complaint_form import ActionSubmitComplaint, ValidateComplaintForm
from handlers.actions.erasure import ActionEraseRequest
from handlers.actions.greeting import ActionGreet
from handlers.actions.inquiries import (
    ActionAnswerYesNo,
    ActionCheckStatus,
    ActionListComplaints,
    ActionNotUnderstood,
    ActionReadConsent,
    ActionRequestHuman,
    ActionWithdrawComplaint,
)
from handlers.actions.thread import ActionCaseMessage, ActionReadCase
from handlers.actions.triage import ActionTriage


def build_actions(context: ActionContext) -> list[Action]:
    """Every custom action of the domain, bound to its dependencies."""
    return [
        ActionGreet(context),
        ValidateComplaintForm(context),
        ActionSubmitComplaint(context),
        ActionCheckStatus(context),
        ActionListComplaints(context),
        ActionWithdrawComplaint(context),
        ActionAnswerYesNo(context),
        ActionReadConsent(context),
        ActionRequestHuman(context),
        ActionNotUnderstood(context),
        ActionTriage(context),
        ActionReadCase(context),
        ActionCaseMessage(context),
        ActionEraseRequest(context),
    ]


# Actions that read nothing of the conversation's past events (only its slots and latest
# message): Rasa may call them with the tracker without its events.
WITHOUT_HISTORY = frozenset({ActionReadCase.action_name, ActionReadConsent.action_name})

__all__ = ["WITHOUT_HISTORY", "ActionContext", "build_actions"]
