"""Why an objection was refused. Each carries the Indonesian message shown to the person and
the form field it belongs to (empty: the whole form)."""


class ObjectionError(Exception):
    def __init__(self, message, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class ObjectionAlreadySubmitted(ObjectionError):
    """The candidate already objected to this decision (a second click, or a second tab): the
    page shows the objection there is."""

    def __init__(self, message, *, objection) -> None:
        super().__init__(message)
        self.objection = objection
