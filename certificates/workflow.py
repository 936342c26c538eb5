"""The certificate's stages, the only transitions between them, and who may make each.
certificates.services applies them; the candidate appears as CANDIDATE (the owner only)."""

from certificates.constants import CertificateStatus as C
from portal.constants import Role, Stage

CANDIDATE = "candidate"

_OFFICER = frozenset({Role.CERTIFICATE_OFFICER})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (C.DATA_CHECK, C.ISSUANCE): _OFFICER,  # data validated (singly or in a batch)
    (C.ISSUANCE, C.DISPOSITION): _OFFICER,  # numbered; Ahli Madya -> Ahli Utama only
    (C.ISSUANCE, C.SIGNING): _OFFICER,  # numbered; everyone else
    (C.DISPOSITION, C.SIGNING): frozenset({Role.BKPSDM_OFFICER}),  # approved
    (C.DISPOSITION, C.DATA_CHECK): frozenset({Role.BKPSDM_OFFICER}),  # returned with a note
    (C.SIGNING, C.LEGALISATION): frozenset({Role.SIGNING_OFFICIAL}),
    (C.LEGALISATION, C.SHIPPING): _OFFICER,  # legalised copy made
    (C.SHIPPING, C.SENT): _OFFICER,  # courier, tracking number, date sent
    (C.SENT, C.DELIVERED): frozenset({CANDIDATE, Role.CERTIFICATE_OFFICER}),
}

# The stages with a time limit in the service's configuration (seed 000); the others are
# "tentative" there and have none.
STAGE_LIMITS: dict[str, str] = {
    C.DATA_CHECK: Stage.DATA_VALIDATION,
    C.ISSUANCE: Stage.ISSUANCE,
    C.LEGALISATION: Stage.LEGALISATION,
}


def _stage_roles() -> dict[str, frozenset[Role]]:
    """Which staff roles work on each stage: those allowed to move a certificate out of it."""
    roles: dict[str, set[Role]] = {}
    for (from_state, _to_state), kinds in TRANSITIONS.items():
        roles.setdefault(from_state, set()).update(k for k in kinds if k in Role.values)
    return {
        stage: frozenset(Role(kind) for kind in roles[stage])
        for stage in C.values
        if roles.get(stage)
    }


# The staff queues follow the table: a stage is worked by whoever may move a certificate on.
STAGE_ROLES = _stage_roles()


def stages_of(roles) -> list[str]:
    """The stages a holder of these roles works on, in pipeline order."""
    return [stage for stage, needed in STAGE_ROLES.items() if set(roles) & needed]


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return TRANSITIONS[(from_state, to_state)]
