"""What a complaint may be about, and how a typed or picked key is checked: a small registry of
resolvers, one per complaints.constants.AboutKind. Complaints sits below the apps that own exam
sessions and certificates and never imports them, so those two kinds are registered from above
(composition.apps at ready()); document requirements (portal) and assessors (accounts) are
resolved here.

A resolver answers, for a provider and a key, the label to show, or None when the key names
nothing of that provider: another provider's session or certificate is refused as unknown. What
a signed-in reporter may pick as their own (subjects_of_reporter) is registered from above too."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.constants import AboutKind
from complaints.exceptions import ComplaintError
from portal.constants import Role
from portal.models import Requirement, StaffRole
from portal.roles import person_label


@dataclass(frozen=True)
class Subject:
    kind: str
    key: str
    label: str

    @property
    def kind_label(self) -> str:
        return str(AboutKind(self.kind).label)


# resolve(provider_id=..., key=...) -> label | None
Resolver = Callable[..., str | None]

_RESOLVERS: dict[str, Resolver] = {}


def subject_kind_register(kind: str, resolve: Resolver) -> None:
    """Register how keys of `kind` are checked (called from an AppConfig.ready)."""
    if kind not in AboutKind.values:
        raise ValueError(f"Unknown complaint subject kind: {kind}")
    _RESOLVERS[kind] = resolve


# of_reporter(user) -> [Subject]: the reporter's own exam sessions and certificates, each with
# the provider it belongs to (registered from above, as the resolvers are).
_OF_REPORTER: list[Callable[..., list["ReporterSubject"]]] = []


@dataclass(frozen=True)
class ReporterSubject:
    """One of a signed-in reporter's own sessions or certificates, offered on the public form."""

    kind: str
    key: str
    label: str
    provider_id: int

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.key}"


def reporter_subjects_register(of_reporter: Callable[..., list[ReporterSubject]]) -> None:
    """Register what a signed-in reporter may pick as their own (called from a ready())."""
    if of_reporter not in _OF_REPORTER:
        _OF_REPORTER.append(of_reporter)


def subjects_of_reporter(user) -> list[ReporterSubject]:
    """The signed-in `user`'s own exam sessions and certificates; none for a visitor."""
    if user is None or not user.is_authenticated:
        return []
    return [subject for of_reporter in _OF_REPORTER for subject in of_reporter(user=user)]


def reporter_subject_check(*, user, kind: str, key: str) -> None:
    """A reporter names an exam session only as one of their own (the public form offers only
    those): another candidate's session is refused, also when posted by hand."""
    if kind != AboutKind.SESSION:
        return
    own = {(subject.kind, subject.key) for subject in subjects_of_reporter(user)}
    if (kind, str(key).strip()) not in own:
        raise ComplaintError(_("Pilih sesi uji Anda sendiri dari daftar."), field="about_key")


def subject_sealed_for_anonymous(kind: str) -> bool:
    """Whether a subject of this kind points at a person (a certificate at its holder): on an
    anonymous complaint the team sees it only with the identity, as "Sertifikat (disegel)"."""
    return kind == AboutKind.CERTIFICATE


def subject_kinds() -> list[str]:
    """The kinds that can be resolved now, in AboutKind's order."""
    return [kind for kind in AboutKind.values if kind in _RESOLVERS]


# Refusals say what was not found at this complaint's provider, by kind.
_NOT_FOUND = {
    AboutKind.SESSION: gettext_lazy(
        "Sesi uji ini tidak ditemukan pada penyelenggara pengaduan ini."
    ),
    AboutKind.CERTIFICATE: gettext_lazy(
        "Nomor sertifikat ini tidak ditemukan pada penyelenggara pengaduan ini. Periksa kembali "
        "nomornya, atau pilih layanan penyelenggara yang menerbitkannya."
    ),
    AboutKind.ASSESSOR: gettext_lazy("Asesor ini bukan asesor penyelenggara pengaduan ini."),
    AboutKind.REQUIREMENT: gettext_lazy(
        "Persyaratan dokumen ini bukan persyaratan layanan penyelenggara pengaduan ini."
    ),
}


def subject_resolve(*, kind: str, key, provider_id: int) -> Subject | None:
    """The subject `kind` + `key` names at the provider; None when no kind is given. A key that
    names nothing of this provider (or another provider's) is refused with ComplaintError."""
    if not kind:
        return None
    key = str(key or "").strip()
    resolve = _RESOLVERS.get(kind)
    if resolve is None:
        raise ComplaintError(_("Pilih jenis yang diadukan dari daftar."), field="about_kind")
    if not key:
        raise ComplaintError(_("Tuliskan atau pilih yang diadukan."), field="about_key")
    label = resolve(provider_id=provider_id, key=key[:64])
    if not label:
        raise ComplaintError(str(_NOT_FOUND[AboutKind(kind)]), field="about_key")
    return Subject(kind=kind, key=key[:64], label=label[:200])


def _digits(key: str) -> int | None:
    return int(key) if key.isdigit() and len(key) < 10 else None


def _requirement(*, provider_id: int, key: str) -> str | None:
    pk = _digits(key)
    requirement = (
        Requirement.objects.filter(pk=pk, service__provider_id=provider_id)
        .select_related("service")
        .first()
        if pk is not None
        else None
    )
    if requirement is None:
        return None
    return f"{requirement.name} ({requirement.service.name})"


def _assessor(*, provider_id: int, key: str) -> str | None:
    pk = _digits(key)
    if pk is None:
        return None
    # An assessor of the provider, or an external one engaged for one of its services.
    holds = StaffRole.objects.filter(user_id=pk, role=Role.ASSESSOR, provider_id=provider_id)
    if not holds.exists():
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    return person_label(user) if user is not None else None


subject_kind_register(AboutKind.REQUIREMENT, _requirement)
subject_kind_register(AboutKind.ASSESSOR, _assessor)
