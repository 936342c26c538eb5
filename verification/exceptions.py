"""Why a verification step was refused; `message` is shown to the verifier."""

from registration.exceptions import ApplicationError


class VerificationError(ApplicationError):
    pass
