"""Words for a survey's states, with a context of their own: the model's labels ("Open", "Closed") are
shared msgids that other apps translate for their own things (a case is 结案 when closed)."""

from django.utils.translation import pgettext_lazy

STATE_LABELS = {
    "draft": pgettext_lazy("survey state", "Draft"),
    "open": pgettext_lazy("survey state", "Open"),
    "closed": pgettext_lazy("survey state", "Closed"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


STEP_LABELS = {
    "create": pgettext_lazy("survey step", "Written"),
    "open": pgettext_lazy("survey step", "Opened"),
    "close": pgettext_lazy("survey step", "Closed"),
}


def step_label(action: str) -> str:
    return str(STEP_LABELS.get(action, action))


# The tone of each state's badge (templates/components/state_badge.html).
STATE_TONES = {"draft": "neutral", "open": "info", "closed": "muted", "done": "success"}


def state_tone(state: str) -> str:
    return STATE_TONES.get(state, "neutral")
