"""Demo data for objections (the demo seeder calls it; nothing else does)."""

from objections import services
from objections.constants import ObjectionOutcome
from objections.models import Objection
from registration.models import Application, User


def objection_demo(
    *,
    application: Application,
    reason: str,
    answered_by: User | None = None,
    outcome: str = ObjectionOutcome.REJECTED,
    answer: str = "",
) -> Objection:
    """An objection of `application`'s candidate to its latest decision (a rejection, or a
    published result), made through the service on the decision's own day so the window is
    open whatever today is; answered by `answered_by` (a verifier or assessor of the provider)
    with `outcome` and `answer` when given. `reason` must be 20 characters or more. Raises
    ObjectionError when the application has no decision to object to."""
    from objections.selectors import decision_for

    decision = decision_for(application=application)
    objection = services.objection_submit(
        application=application,
        actor=application.candidate,
        reason=reason,
        today=decision.decided_on if decision else None,
    )
    if answered_by is not None:
        objection = services.objection_answer(
            objection=objection, actor=answered_by, outcome=outcome, answer=answer
        )
    return objection
