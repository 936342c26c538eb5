"""Why a verification step was refused; `message` is shown to the verifier."""

from registration.exceptions import ApplicationError


class VerificationError(ApplicationError):
    """`field` names the review form's field the message belongs next to, if any."""

    def __init__(self, message, field: str | None = None):
        self.field = field
        super().__init__(message)


class VerdictsRefused(VerificationError):
    """Some verdicts of the review form cannot be recorded. `errors` maps each document's
    requirement code to (field, message), so that the page shows each next to its document."""

    def __init__(self, errors: dict[str, tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(str(message) for _field, message in errors.values()))
