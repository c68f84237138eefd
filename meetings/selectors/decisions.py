"""Reads of agenda items, decisions, votes and minutes for the meeting page."""


def agenda_context(meeting, user) -> dict:
    """The meeting page's agenda, decisions and minutes part (templates/meetings/_agenda.html, _minutes.html)."""
    return {}
