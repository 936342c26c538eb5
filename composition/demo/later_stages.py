"""Hooks for the demo data of workflows this portal does not have yet: an objection (keberatan)
to a published result and a candidate on a session's waiting list. When those workflows land,
each hook makes its one demo case through that workflow's services, as librarian_exam does for
the exam's stages; until then they make nothing and return no row for the printed table."""


def objection_seed() -> list[tuple[str, str, str, str]]:
    """One objection to a published result (the failed candidate of librarian_exam), made
    through the objection workflow's services once it exists."""
    return []


def waiting_list_seed() -> list[tuple[str, str, str, str]]:
    """One candidate on the waiting list of a full session, made through the waiting-list
    services once they exist."""
    return []
