"""Intake of seed 002 by a Perangkat Daerah's operator: a proposal of employees, their
registration forms (NIP checked), their documents (the institution's and the organiser's once
per proposal), the submission of every case at once, and the answer to a return."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.constants import CaseState, ProposalState
from casework.models import Case, CaseDocument, Proposal
from casework.services import intake
from portal.constants import ProvidedBy, StepKind
from registration.models import Rank
from tests.factories import photo_bytes, upload_bytes_for

pytestmark = pytest.mark.django_db

RINA = "198609262015052001"  # born 26 September 1986, female
BUDI = "198703142010011003"  # born 14 March 1987, male


def employee(nip: str = RINA, **fields) -> dict:
    """The registration form's values of one employee, as the page posts them."""
    defaults = {
        "nip": nip,
        "name": "Rina Wulandari, S.Kom." if nip == RINA else "Budi Santoso, S.T.",
        "birth_place": "Singkawang",
        "birth_date": "1986-09-26" if nip == RINA else "1987-03-14",
        "sex": "P" if nip == RINA else "L",
        "rank": Rank.objects.get(code="III/a").pk,
        "position": "Pranata Komputer Ahli Pertama",
        "work_unit": "Sekretariat",
        "education": "S1 Teknik Informatika",
        "scheme": "Pranata Komputer",
        "email": "pegawai@example.test",
        "phone": "0812 3456 7890",
    }
    return defaults | fields


def form_data(**fields) -> dict:
    """employee() as the service takes it (objects, not posted strings)."""
    from casework.intake_forms import CaseForm

    form = CaseForm(employee(**fields))
    assert form.is_valid(), form.errors
    return form.case_data()


def a_file(requirement) -> SimpleUploadedFile:
    name, content = upload_bytes_for(requirement)
    return SimpleUploadedFile(name, content)


def requirements(service, *, shared: bool):
    return [r for r in intake.uploadable_requirements(service) if intake.is_shared(r) == shared]


def proposal_complete(*, institution, service, operator, nips=(RINA, BUDI)) -> Proposal:
    """A draft proposal with its employees and every document uploaded, through the services."""
    proposal = intake.proposal_create(institution=institution, service=service, operator=operator)
    for nip in nips:
        intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data(nip=nip))
    for requirement in requirements(service, shared=True):
        intake.proposal_document_upload(
            proposal=proposal, requirement=requirement, file=a_file(requirement), actor=operator
        )
    for case in proposal.cases.all():
        for requirement in requirements(service, shared=False):
            intake.case_document_upload(
                case=case, requirement=requirement, file=a_file(requirement), actor=operator
            )
    return proposal


# --- The pages, start to end -------------------------------------------------------------------


def test_operator_proposes_two_employees_and_sends_them_to_the_completeness_check(
    client, operator, institution, certification
):
    client.force_login(operator)
    page = client.get(reverse("casework_proposals"))
    assert page.status_code == 200
    assert "Usulan baru" in page.text and certification.name in page.text

    response = client.post(
        reverse("casework_proposal_create"),
        {"institution": institution.pk, "service": certification.pk},
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework_proposal", args=[proposal.public_id])
    add = reverse("casework_proposal_case_add", args=[proposal.public_id])
    for nip in (RINA, BUDI):
        assert client.post(add, employee(nip=nip)).status_code == 302
    rina, budi = proposal.cases.order_by("created_at")
    assert (rina.nip, rina.phone, budi.sex) == (RINA, "+6281234567890", "L")

    # The institution's and the organiser's letters: once, for both employees.
    shared = requirements(certification, shared=True)
    assert {r.provided_by for r in shared} == {ProvidedBy.INSTITUTION, ProvidedBy.ORGANISER}
    for requirement in shared:
        url = reverse("casework_proposal_upload", args=[proposal.public_id, requirement.code])
        assert client.post(url, {"file": a_file(requirement)}).status_code == 302
    for requirement in shared:
        copies = CaseDocument.objects.filter(requirement=requirement)
        assert copies.count() == 2
        assert len({document.file.name for document in copies}) == 1  # stored once

    # Refused while the employees' own documents are missing, saying whose.
    submit = reverse("casework_proposal_submit", args=[proposal.public_id])
    refused = client.post(submit)
    assert refused.status_code == 400
    assert "Usulan belum lengkap" in refused.text
    assert rina.name in refused.text and budi.name in refused.text
    assert "Berkas belum diunggah: Sasaran Kinerja Pegawai (SKP) terakhir" in refused.text
    assert Case.objects.filter(state=CaseState.DRAFT).count() == 2

    for case in (rina, budi):
        page = client.get(reverse("casework_case", args=[case.public_id]))
        assert "Diunggah sekali di halaman usulan" in page.text
        for requirement in requirements(certification, shared=False):
            url = reverse("casework_case_upload", args=[case.public_id, requirement.code])
            assert client.post(url, {"file": a_file(requirement)}).status_code == 302

    assert client.post(submit).status_code == 302
    for case in (rina, budi):
        case.refresh_from_db()
        assert case.state == CaseState.ACTIVE
        assert case.step.kind == StepKind.COMPLETENESS_CHECK
        assert [run.step.kind for run in case.runs.all()] == [
            StepKind.SUBMISSION,
            StepKind.COMPLETENESS_CHECK,
        ]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED

    # A double click: the second one finds it sent.
    again = client.post(submit, follow=True)
    assert "Usulan ini sudah diajukan" in again.text
    assert rina.runs.count() == 2

    listing = client.get(reverse("casework_proposals"))
    assert "Petugas melakukan pemeriksaan kelengkapan berkas" in listing.text


def test_proposal_page_says_who_provides_each_requirement(
    client, operator, institution, certification
):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    client.force_login(operator)
    page = client.get(reverse("casework_proposal", args=[proposal.public_id]))
    assert page.status_code == 200
    assert "Berkas untuk semua pegawai dalam usulan ini" in page.text
    for label in ("Pemohon", "Perangkat Daerah/unit kerja", "Penyelenggara kegiatan/LSP"):
        assert label in page.text
    assert "Tambahkan pegawai terlebih dahulu" in page.text


def test_a_double_click_on_new_proposal_makes_one(client, operator, institution, certification):
    client.force_login(operator)
    data = {"institution": institution.pk, "service": certification.pk}
    first = client.post(reverse("casework_proposal_create"), data)
    second = client.post(reverse("casework_proposal_create"), data)
    assert first["Location"] == second["Location"]
    assert Proposal.objects.count() == 1


def test_a_wrong_file_is_refused_and_leaves_the_other_documents(
    client, operator, institution, certification
):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    case = intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data())
    skp = certification.requirements.get(code="skp")
    sk = certification.requirements.get(code="sk-pangkat")
    intake.case_document_upload(case=case, requirement=sk, file=a_file(sk), actor=operator)
    client.force_login(operator)

    response = client.post(
        reverse("casework_case_upload", args=[case.public_id, skp.code]),
        {"file": SimpleUploadedFile("skp.pdf", photo_bytes(fmt="PNG"))},
    )
    assert response.status_code == 400
    assert "Berkas ini adalah gambar PNG" in response.text
    assert not CaseDocument.objects.filter(case=case, requirement=skp).exists()
    assert CaseDocument.objects.filter(case=case, requirement=sk, is_current=True).count() == 1


def test_a_new_upload_keeps_the_earlier_version(operator, institution, certification):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    case = intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data())
    skp = certification.requirements.get(code="skp")
    for _ in range(2):
        intake.case_document_upload(case=case, requirement=skp, file=a_file(skp), actor=operator)
    versions = list(case.documents.filter(requirement=skp).order_by("version"))
    assert [(d.version, d.is_current) for d in versions] == [(1, False), (2, True)]


def test_creation_and_uploads_are_recorded_with_notes(operator, institution, certification):
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Event

    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    case = intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data())
    skp = certification.requirements.get(code="skp")
    intake.case_document_upload(case=case, requirement=skp, file=a_file(skp), actor=operator)
    events = Event.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
    ).order_by("created_at", "pk")
    assert [(e.kind, e.actor, e.note) for e in events] == [
        ("created", operator, "Diusulkan oleh Dinas Kesehatan"),
        ("document_uploaded", operator, "Sasaran Kinerja Pegawai (SKP) terakhir (v1)"),
    ]


def test_an_employee_added_later_gets_the_shared_documents(operator, institution, certification):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data())
    letter = certification.requirements.get(code="surat-usulan-pd")
    intake.proposal_document_upload(
        proposal=proposal, requirement=letter, file=a_file(letter), actor=operator
    )
    budi = intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data(nip=BUDI))
    assert budi.documents.get(requirement=letter).is_current


def test_an_employees_own_document_is_not_uploaded_for_everyone(
    operator, institution, certification
):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data())
    skp = certification.requirements.get(code="skp")
    with pytest.raises(intake.CaseError):
        intake.proposal_document_upload(
            proposal=proposal, requirement=skp, file=a_file(skp), actor=operator
        )


def test_the_employees_account_is_linked_on_submission(
    operator, institution, certification, candidate
):
    proposal = proposal_complete(institution=institution, service=certification, operator=operator)
    assert proposal.cases.get(nip=RINA).applicant is None
    intake.proposal_submit(proposal=proposal, actor=operator)
    assert proposal.cases.get(nip=RINA).applicant == candidate
    assert proposal.cases.get(nip=BUDI).applicant is None


def test_a_submitted_proposal_takes_no_more_employees(operator, institution, certification):
    proposal = proposal_complete(
        institution=institution, service=certification, operator=operator, nips=[RINA]
    )
    intake.proposal_submit(proposal=proposal, actor=operator)
    with pytest.raises(intake.CaseError):
        intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data(nip=BUDI))


def test_an_empty_proposal_cannot_be_sent(operator, institution, certification):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    with pytest.raises(intake.ProposalIncomplete) as refusal:
        intake.proposal_submit(proposal=proposal, actor=operator)
    assert refusal.value.missing == [(None, ["Belum ada pegawai yang diusulkan."])]


def test_draft_employee_can_be_removed(client, operator, institution, certification):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    case = intake.proposal_case_add(proposal=proposal, actor=operator, data=form_data())
    client.force_login(operator)
    url = reverse("casework_proposal_case_remove", args=[proposal.public_id, case.public_id])
    assert client.post(url).status_code == 302
    assert not Case.objects.exists()


# --- The registration form: the NIP -------------------------------------------------------------


def _add(client, operator, institution, certification, **fields):
    proposal = Proposal.objects.first() or intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    client.force_login(operator)
    return client.post(
        reverse("casework_proposal_case_add", args=[proposal.public_id]), employee(**fields)
    )


def test_a_mistyped_nip_says_which_part_is_wrong(client, operator, institution, certification):
    response = _add(client, operator, institution, certification, nip="198609262015053001")
    assert response.status_code == 400
    assert "Kode jenis kelamin pada NIP (digit 15)" in response.text
    response = _add(client, operator, institution, certification, nip="19860926201505200")
    assert "NIP harus terdiri dari 18 digit angka; yang diisi 17 digit." in response.text
    assert not Case.objects.exists()


def test_a_refused_form_keeps_what_was_typed(client, operator, institution, certification):
    response = _add(
        client,
        operator,
        institution,
        certification,
        nip="198609262015053001",
        name="Siti Aminah, S.E.",
        scheme="Pengelola Keuangan",
    )
    assert response.status_code == 400
    assert 'value="Siti Aminah, S.E."' in response.text
    assert 'value="Pengelola Keuangan"' in response.text


def test_a_pppk_number_is_refused(client, operator, institution, certification):
    response = _add(client, operator, institution, certification, nip="198609262021211001")
    assert response.status_code == 400
    assert "NI PPPK" in response.text and "hanya untuk Pegawai Negeri Sipil" in response.text


def test_birth_date_and_sex_must_match_the_nip(client, operator, institution, certification):
    response = _add(client, operator, institution, certification, birth_date="1986-09-27", sex="L")
    assert response.status_code == 400
    assert "Tanggal lahir tidak sama dengan tanggal lahir pada NIP (26 September 1986)" in (
        response.text
    )
    assert "Jenis kelamin tidak sesuai dengan digit ke-15 NIP." in response.text
    assert not Case.objects.exists()


def test_a_nip_may_be_typed_with_spaces(client, operator, institution, certification):
    response = _add(
        client,
        operator,
        institution,
        certification,
        nip="19860926 201505 2 001",
        birth_date="1986-09-26",
        sex="P",
    )
    assert response.status_code == 302
    assert Case.objects.get().nip == RINA


def test_one_open_case_per_nip_and_service(client, operator, institution, certification):
    assert _add(client, operator, institution, certification).status_code == 302
    response = _add(client, operator, institution, certification)
    assert response.status_code == 400
    assert "sudah memiliki permohonan yang sedang berjalan untuk layanan ini" in response.text
    assert Case.objects.count() == 1


def test_a_provider_registry_service_refuses_with_a_clear_message(
    client, operator, institution, certification
):
    certification.eligibility = "provider_registry"
    certification.save(update_fields=["eligibility"])
    response = _add(client, operator, institution, certification)
    assert response.status_code == 400
    assert "registri pegawai penyelenggara" in response.text


# --- The proposals list stays cheap ------------------------------------------------------------


def _proposals_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("casework_proposals")).status_code == 200
    return len(queries)


def test_proposals_list_costs_the_same_queries_for_2_and_6_cases(
    client, operator, institution, certification, make_case, django_assert_max_num_queries
):
    client.force_login(operator)
    nips = [
        "198609262015052001",
        "198703142010011003",
        "198801012012012004",
        "198902022013021005",
        "199003032014031006",
        "199104042015041007",
    ]
    for group in (nips[:1], nips[1:2]):
        proposal = intake.proposal_create(
            institution=institution, service=certification, operator=operator
        )
        for nip in group:
            make_case(nip=nip, proposal=proposal)
    two = _proposals_queries(client)
    proposal = Proposal.objects.first()
    for nip in nips[2:]:
        make_case(nip=nip, proposal=proposal)
    with django_assert_max_num_queries(two):
        client.get(reverse("casework_proposals"))
    assert two <= 20


def test_proposals_list_shows_each_case_state_label_and_link(
    client, operator, institution, certification, make_case
):
    # The list reads each case's label from one lookup and only the columns it shows (issue 19):
    # every case must still show its own label, NIP and link.
    client.force_login(operator)
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    returned = make_case(
        nip="198703142010011003", name="Budi Santoso", proposal=proposal, state="returned"
    )
    completed = make_case(
        nip="198801012012012004", name="Sari Lestari", proposal=proposal, state="completed"
    )
    page = client.get(reverse("casework_proposals"))
    assert page.status_code == 200
    for case in (returned, completed):
        row = page.text.split(reverse("casework_case", args=[case.public_id]), 1)[1]
        row = row.split("</tr>", 1)[0]
        assert case.name in row and case.nip in row
        assert str(case.get_state_display()) in row
    assert "Dikembalikan untuk perbaikan" in page.text and "Selesai" in page.text
