import pytest

from portal.constants import Role
from portal.models import StaffRole


@pytest.fixture
def staff_of_two_providers(make_user, perpusnas, lan, other_provider_service):
    """A verifier and scheduler at both providers (perpusnas, lan), who is also an assessor for
    one service of a third provider only (other_provider_service)."""
    staff = make_user("petugas.dua", Role.VERIFIER, Role.SCHEDULER, provider=[perpusnas, lan])
    StaffRole.objects.create(
        user=staff,
        provider=other_provider_service.provider,
        service=other_provider_service,
        role=Role.ASSESSOR,
    )
    return staff
