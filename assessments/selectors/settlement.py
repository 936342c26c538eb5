"""Reads for the engagement page's part: settlement."""


def section(engagement, user) -> dict:
    """The context of this part of the engagement page for `user` (who may see the page)."""
    return {}
