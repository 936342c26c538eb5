"""Conflicts of interest: who may not act on whose case, and why — the rule in one place.

A staff member may not verify, assess, validate, sign for or handle the case of a candidate who
is themself (the same account, or the NIP they declared as theirs), who works in the work unit
they declared (same unit kerja at the same instansi), or whom they declared as a relative (by
NIP). The declaration is the staff member's own (StaffDeclaration, kept at
/staf/konflik-kepentingan/); an account without one conflicts only with itself and its own NIP.

Every later stage asks this module: `conflict_reason` for one staff member and one candidate
(services refuse with it, pages show it), `conflict_reasons` for the people offered where
someone assigns (shown disabled, with the reason), and `conflicted_candidates` for the queues,
which leave those cases out in the same query."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Lower, Trim
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _

from registration.constants import Relationship
from registration.models import Profile, StaffDeclaration, User


class ConflictOfInterest(PermissionDenied):
    """Raised by a view when the reader conflicts with the case they opened; answered 403 with
    the reason by registration.middleware.ConflictOfInterestMiddleware."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def conflict_check(*, staff, candidate) -> None:
    """Raise ConflictOfInterest when `staff` may not act on `candidate`'s case."""
    if reason := conflict_reason(staff=staff, candidate=candidate):
        raise ConflictOfInterest(reason)


@dataclass(frozen=True)
class StaffTies:
    """What one staff member conflicts with: their account, their own NIPs, their declared work
    unit and agency (normalised), and their relatives' NIPs with the relationship."""

    user_id: int
    own_nips: frozenset[str]
    work_unit: str
    institution: str
    relatives: dict[str, str]


# "Same work unit" compares free text typed by two people ("Sub-Bagian  Umum" and "sub bagian
# umum."): both sides are keyed alike — lower case, every run of characters other than ASCII
# letters and digits one space, no space at the ends. Words are not dropped or expanded
# ("Dinas", "Kantor", "Bag."): "Dinas Pendidikan" and "Pendidikan" may be two units, and a wrong
# match would keep someone from work they may do as surely as a missed one lets them do work
# they may not. unit_key is this key in Python, _unit_key_sql the same in PostgreSQL, so that a
# queue leaves out in SQL exactly whom conflict_reason refuses.
_UNIT_SEPARATORS = re.compile(r"[^0-9a-z]+")


def unit_key(text: str) -> str:
    """The key two spellings of one work unit (or agency) share."""
    return _UNIT_SEPARATORS.sub(" ", (text or "").lower()).strip()


def _unit_key_sql(path: str) -> Trim:
    return Trim(
        Func(
            Lower(F(path)),
            Value("[^0-9a-z]+"),
            Value(" "),
            Value("g"),
            function="REGEXP_REPLACE",
            output_field=CharField(),
        )
    )


def _norm(text: str) -> str:
    return unit_key(text)


def _ties(user, declaration: StaffDeclaration | None) -> StaffTies:
    own = {nip for nip in (user.nip, declaration.nip if declaration else "") if nip}
    if declaration is None:
        return StaffTies(user.pk, frozenset(own), "", "", {})
    return StaffTies(
        user_id=user.pk,
        own_nips=frozenset(own),
        work_unit=_norm(declaration.work_unit),
        institution=_norm(declaration.institution),
        relatives={r.nip: r.relationship for r in declaration.relatives.all()},
    )


def staff_ties(staff) -> StaffTies:
    """The staff member's ties, read once per request (kept on the user object)."""
    cached = getattr(staff, "_conflict_ties", None)
    if cached is None:
        declaration = (
            StaffDeclaration.objects.filter(user_id=staff.pk).prefetch_related("relatives").first()
        )
        cached = staff._conflict_ties = _ties(staff, declaration)
    return cached


def _reason(ties: StaffTies, candidate, work_unit: str, institution: str) -> str | None:
    if candidate.pk == ties.user_id or (candidate.nip and candidate.nip in ties.own_nips):
        return _("pengajuan sendiri")
    if candidate.nip and candidate.nip in ties.relatives:
        return _("kerabat yang dinyatakan (%(relationship)s)") % {
            "relationship": Relationship(ties.relatives[candidate.nip]).label
        }
    if (
        ties.work_unit
        and _norm(work_unit) == ties.work_unit
        and (not ties.institution or _norm(institution) == ties.institution)
    ):
        return _("satu unit kerja")
    return None


def _candidate_unit(candidate) -> tuple[str, str]:
    """The candidate's work unit and agency as their profile says today ("" without one)."""
    profile = getattr(candidate, "profile", None) if candidate.nip else None
    if profile is None:
        return "", ""
    return profile.work_unit, profile.institution


def conflict_reason(*, staff, candidate) -> str | None:
    """Why `staff` may not act on `candidate`'s case, in Indonesian; None when they may."""
    if staff is None or candidate is None or not staff.is_authenticated:
        return None
    return _reason(staff_ties(staff), candidate, *_candidate_unit(candidate))


def conflict_reasons(*, staff_members: Iterable, candidate) -> dict[int, str]:
    """{staff pk: reason} for those of `staff_members` who conflict with `candidate` (one query
    for all their declarations)."""
    members = list(staff_members)
    declarations = {
        d.user_id: d
        for d in StaffDeclaration.objects.filter(
            user_id__in=[m.pk for m in members]
        ).prefetch_related("relatives")
    }
    unit = _candidate_unit(candidate)
    reasons = {}
    for member in members:
        if reason := _reason(_ties(member, declarations.get(member.pk)), candidate, *unit):
            reasons[member.pk] = reason
    return reasons


def conflict_pairs(*, staff_members: Iterable, candidates: Iterable) -> dict[tuple[int, int], str]:
    """{(staff pk, candidate pk): reason} for every pair of `staff_members` and `candidates`
    who conflict: a panel against a session's seated candidates in two queries (the
    declarations, the candidates' profiles), whatever their number."""
    members = list(staff_members)
    people = {c.pk: c for c in candidates if c is not None}
    if not members or not people:
        return {}
    declarations = {
        d.user_id: d
        for d in StaffDeclaration.objects.filter(
            user_id__in=[m.pk for m in members]
        ).prefetch_related("relatives")
    }
    units = {
        row[0]: row[1:]
        for row in Profile.objects.filter(user_id__in=people).values_list(
            "user_id", "work_unit", "institution"
        )
    }
    pairs = {}
    for member in members:
        ties = _ties(member, declarations.get(member.pk))
        for pk, candidate in people.items():
            unit = units.get(pk, ("", "")) if candidate.nip else ("", "")
            if reason := _reason(ties, candidate, *unit):
                pairs[member.pk, pk] = reason
    return pairs


def conflicted_candidates(staff) -> Q:
    """A filter on accounts (User): the candidates whose cases `staff` may not act on. Queues
    exclude `candidate__in=User.objects.filter(conflicted_candidates(staff))`."""
    return conflicted_people(
        staff,
        account="pk",
        nip="nip",
        work_unit="profile__work_unit",
        institution="profile__institution",
    )


def conflicted_people(
    staff, *, account: str, nip: str, work_unit: str, institution: str | None = None
) -> Q:
    """The same rule as a filter on any model that names a person by these lookups (`account`
    their user id, `nip`, `work_unit`, `institution`; None when the model knows no agency, as
    conflict_reason_for without one): a queue of cases about people who may have no account
    leaves out, in its own query, exactly those conflict_reason_for refuses."""
    ties = staff_ties(staff)
    q = Q(**{account: ties.user_id})
    if nips := ties.own_nips | set(ties.relatives):
        q |= Q(**{f"{nip}__in": sorted(nips)})
    if ties.work_unit and (institution is not None or not ties.institution):
        unit = Q(Exact(_unit_key_sql(work_unit), ties.work_unit))
        if ties.institution:
            unit &= Q(Exact(_unit_key_sql(institution), ties.institution))
        q |= unit
    return q


def unit_conflict_reason(*, staff, unit_name: str) -> str | None:
    """Why `staff` may not assess the report of a work unit as a whole (a Perangkat Daerah's
    IP-ASN report): it is the unit kerja they declared. None when they may."""
    if staff is None or not staff.is_authenticated:
        return None
    ties = staff_ties(staff)
    if ties.work_unit and _norm(unit_name) == ties.work_unit:
        return _("unit kerja sendiri")
    return None


def conflicted_units(staff, *, name: str) -> Q:
    """unit_conflict_reason as a filter on the units' `name` lookup (matches nothing without a
    declared unit)."""
    ties = staff_ties(staff)
    if not ties.work_unit:
        return Q(pk__in=[])
    return Q(Exact(_unit_key_sql(name), ties.work_unit))


def conflicted_candidate_ids(staff):
    """The subquery of conflicted_candidates' account ids, for `exclude(candidate__in=...)`."""
    return User.objects.filter(conflicted_candidates(staff)).values("pk")


def conflict_reasons_for_candidates(*, staff, candidates: Iterable) -> dict[int, str]:
    """{candidate pk: reason} for those of `candidates` whom `staff` conflicts with: a roster's
    worth in one query for their profiles."""
    people = {c.pk: c for c in candidates if c is not None}
    if not people or not staff.is_authenticated:
        return {}
    units = {
        row[0]: row[1:]
        for row in Profile.objects.filter(user_id__in=people).values_list(
            "user_id", "work_unit", "institution"
        )
    }
    ties = staff_ties(staff)
    reasons = {}
    for pk, candidate in people.items():
        if reason := _reason(ties, candidate, *units.get(pk, ("", ""))):
            reasons[pk] = reason
    return reasons


@dataclass(frozen=True)
class Person:
    """Someone a case is about who may have no account (the engine's cases carry the NIP and
    work unit of an employee proposed by their institution)."""

    pk: int | None
    nip: str


def conflict_reason_for(
    *, staff, nip: str, work_unit: str = "", institution: str = "", user_id: int | None = None
) -> str | None:
    """conflict_reason for a person known by NIP and work unit rather than by an account."""
    if staff is None or not staff.is_authenticated:
        return None
    return _reason(staff_ties(staff), Person(user_id, nip), work_unit, institution)
