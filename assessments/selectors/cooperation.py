"""Reads of the cooperation part: the institution's home, LAN's list of institutions, and the
engagement page's request and agreement parts (templates/assessments/parts/request.html and
agreement.html share this module's `section`)."""

from django.db.models import Count
from django.utils import timezone

from assessments import rules, workflow
from assessments.constants import EngagementState, Purpose
from assessments.forms.cooperation import (
    CancelForm,
    ConfirmForm,
    NoteForm,
    ReplyForm,
    ReturnForm,
    SecondPartyForm,
    SignedCopyForm,
)
from assessments.models import Agreement, CoordinationNote, Engagement
from assessments.services import agreements as agreement_rules
from assessments.services import cooperation as cooperation_rules
from casework.models import Institution
from portal.choices import labels_set
from portal.constants import Role
from portal.models import StaffRole
from portal.queues import queue_page


def operator_institutions(user):
    """The institutions `user` operates at a provider running seed 004's service."""
    providers = cooperation_rules.assessment_providers()
    return (
        Institution.objects.filter(operators=user, provider__in=providers)
        .select_related("provider")
        .order_by("name")
    )


# Engagements per page of an institution's home (a long-standing institution has hundreds).
HOME_PER_PAGE = 25
# What the home's table shows of each engagement (the rest of its ~30 columns is not loaded).
_HOME_COLUMNS = (
    "pk",
    "public_id",
    "institution",
    "state",
    "purpose",
    "letter_number",
    "submitted_at",
)


def operator_home(user, *, page_number=None) -> dict:
    """The institutions `user` operates, each with how many engagements it has, and one page of
    their engagements, newest first (page `page_number` as given in the query string): `rows`,
    each institution with the engagements of this page that are its own, and `page`. The same
    queries whatever the number of engagements (portal.queues)."""
    institutions = list(operator_institutions(user).annotate(engagement_count=Count("engagements")))
    page = queue_page(
        Engagement.objects.filter(institution__in=[i.pk for i in institutions]).order_by(
            "-created_at", "-pk"
        ),
        number=page_number,
        per_page=HOME_PER_PAGE,
        rows=Engagement.objects.only(*_HOME_COLUMNS),
    )
    # Labels once per page, not get_*_display() per row (portal.choices).
    labels_set(page.object_list, field="state", choices=EngagementState.choices)
    labels_set(page.object_list, field="purpose", choices=Purpose.choices)
    by_institution: dict[int, list] = {}
    for engagement in page.object_list:
        by_institution.setdefault(engagement.institution_id, []).append(engagement)
    return {
        "rows": [
            {"institution": institution, "engagements": by_institution.get(institution.pk, [])}
            for institution in institutions
        ],
        "page": page,
    }


def verifier_provider_ids(user) -> list[int]:
    """The providers running the service where `user` is Tim Verifikasi."""
    return list(
        StaffRole.objects.filter(
            user=user,
            role=Role.VERIFIER,
            provider__in=cooperation_rules.assessment_providers(),
        ).values_list("provider_id", flat=True)
    )


def institutions_for_verifier(user) -> dict:
    """Unverified institutions first (oldest registration first), then the verified ones."""
    institutions = (
        Institution.objects.filter(provider_id__in=verifier_provider_ids(user))
        .select_related("provider", "verified_by")
        .prefetch_related("operators")
    )
    pending = institutions.filter(verified_at__isnull=True).order_by("registered_at", "name")
    verified = institutions.filter(verified_at__isnull=False).order_by("-verified_at", "name")
    return {"pending": list(pending), "verified": list(verified)}


def agreement_of(engagement) -> Agreement | None:
    try:
        return engagement.agreement
    except Agreement.DoesNotExist:
        return None


def agreement_initial(engagement, agreement) -> dict:
    if agreement is not None:
        return {field: getattr(agreement, field) for field in agreement_rules.EDITABLE_FIELDS}
    return {
        "purpose": engagement.purpose,
        "mode": engagement.preferred_mode,
        "participant_count": engagement.participants_planned,
    }


def fee_line(service, participants: int) -> dict | None:
    fee = service.fee_per_participant
    if fee is None:
        return None
    return {
        "fee": rules.rupiah(fee),
        "participants": participants,
        "total": rules.rupiah(rules.fee_total(fee, participants)),
    }


def signing_deadline(service, starts_on) -> dict | None:
    """The last day the SPK may be fully signed for `starts_on`, and whether that is past."""
    if starts_on is None:
        return None
    lead = rules.agreement_lead(service)
    latest = rules.latest_signing_on(starts_on, lead)
    return {"latest": latest, "late": latest < timezone.localdate(), "lead": lead}


def section(engagement, user) -> dict:
    """The context of the request and agreement parts for `user` (who may see the page)."""
    agreement = agreement_of(engagement)
    is_operator = workflow.is_operator(user, engagement)
    is_official = workflow.holds(user, Role.SIGNING_OFFICIAL, engagement)
    context = {
        "coop_notes": list(
            CoordinationNote.objects.filter(engagement=engagement).select_related("author")
        ),
        "coop_can_cancel": is_operator
        and engagement.state in {EngagementState.REQUESTED, EngagementState.AGREEMENT},
        "coop_cancel_form": CancelForm(),
        "coop_can_reply": cooperation_rules.may_reply(user, engagement),
        "coop_reply_form": ReplyForm(auto_id="jawaban-%s"),
        "coop_can_note": cooperation_rules.may_note(user, engagement),
        "coop_note_form": NoteForm(auto_id="catatan-%s"),
        "coop_agreement": agreement,
        "coop_agreement_visible": agreement is not None
        or engagement.state == EngagementState.AGREEMENT,
        "coop_can_edit": agreement_rules.may_edit(user, engagement, agreement),
        "coop_can_confirm": agreement_rules.may_confirm(user, engagement, agreement),
        "coop_can_return": agreement_rules.may_return(user, engagement, agreement),
        "coop_can_sign_first": agreement_rules.may_sign_first(user, engagement, agreement),
        "coop_can_sign_second": agreement_rules.may_sign_second(user, engagement, agreement),
        "coop_is_official": is_official,
    }
    if agreement is not None:
        context["coop_fee"] = fee_line(engagement.service, agreement.participant_count)
        context["coop_fee_total"] = rules.rupiah(agreement.fee_total)
        context["coop_fee_each"] = rules.rupiah(agreement.fee_per_participant)
        context["coop_deadline"] = signing_deadline(engagement.service, agreement.starts_on)
        context["coop_mapping"] = agreement.purpose == Purpose.MAPPING
    if context["coop_can_confirm"]:
        name, title = agreement_rules.second_party_default(user, engagement)
        context["coop_confirm_form"] = ConfirmForm(
            initial={"signatory": name, "title": title}, auto_id="konfirmasi-%s"
        )
    if context["coop_can_return"]:
        context["coop_return_form"] = ReturnForm(auto_id="kembalikan-%s")
    if context["coop_can_sign_first"]:
        context["coop_first_form"] = SignedCopyForm(auto_id="pihak-pertama-%s")
    if context["coop_can_sign_second"]:
        context["coop_second_form"] = SecondPartyForm(auto_id="pihak-kedua-%s")
    return context
