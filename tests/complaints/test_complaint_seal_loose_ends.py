"""What the seal of an anonymous reporter also covers: the names of the files they sent (shown
and downloaded as "Lampiran <n>" until the reader opens the seal), who is told of an opening
when the provider has no complaint supervisor (its administrators; or, recorded and shown in
the seal report, nobody), and that an opening outlives neither its complaint nor its opener
being deleted (PROTECT: the audit trail stays)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

from complaints.constants import SealNotice, SealPurpose
from complaints.models import SealOpening
from complaints.services import complaint_message_add, complaint_seal_open
from portal.constants import Role
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

REASON = "Pelapor perlu dihubungi untuk melengkapi bukti transfer yang tidak terbaca."
LEAKY = "KTP_Budi_Santoso.pdf"


@pytest.fixture
def sealed(make_complaint):
    return make_complaint(
        subject="Petugas meminta imbalan",
        reporter_name="Budi Santoso",
        anonymous=True,
        attachments=[
            SimpleUploadedFile("bukti-transfer.pdf", pdf_bytes()),
            SimpleUploadedFile(LEAKY, pdf_bytes()),
        ],
    )


def detail(complaint) -> str:
    return reverse("complaints_detail", args=[complaint.public_id])


def download(complaint, file):
    return reverse("complaints_attachment", args=[complaint.public_id, file.public_id])


def disposition(client, complaint, file) -> str:
    """The download's Content-Disposition."""
    response = client.get(download(complaint, file))
    assert response.status_code == 200
    b"".join(response.streaming_content)  # read to the end: the file is closed
    return response["Content-Disposition"]


def open_seal(complaint, handler) -> SealOpening:
    return complaint_seal_open(
        complaint=complaint, actor=handler, purpose=SealPurpose.CALL_BACK, reason=REASON
    )


def test_an_anonymous_reporters_file_names_are_sealed_on_the_page_and_in_downloads(
    client, handler, sealed
):
    client.force_login(handler)
    first, second = sealed.attachments.order_by("uploaded_at", "pk")

    page = client.get(detail(sealed)).content.decode()
    second_name = disposition(client, sealed, second)

    assert LEAKY not in page and "Budi_Santoso" not in page
    assert "Lampiran 1.pdf" in page and "Lampiran 2.pdf" in page
    assert 'filename="Lampiran 2.pdf"' in second_name
    assert "Budi" not in second_name
    assert 'filename="Lampiran 1.pdf"' in disposition(client, sealed, first)


def test_the_opener_sees_the_real_names_and_a_colleague_still_does_not(
    client, handler, make_user, sealed
):
    colleague = make_user("pengaduan2", Role.COMPLAINT_HANDLER, first_name="Agus Salim")
    open_seal(sealed, handler)
    leaky = sealed.attachments.get(original_name=LEAKY)

    client.force_login(handler)
    assert LEAKY in client.get(detail(sealed)).content.decode()
    assert LEAKY in disposition(client, sealed, leaky)
    client.force_login(colleague)
    assert LEAKY not in client.get(detail(sealed)).content.decode()
    assert LEAKY not in disposition(client, sealed, leaky)


def test_the_teams_own_files_and_a_named_reporters_keep_their_names(
    client, handler, sealed, make_complaint
):
    complaint_message_add(
        complaint=sealed,
        kind="note",
        body="Salinan rekaman CCTV loket.",
        actor=handler,
        attachments=[SimpleUploadedFile("rekaman-loket.pdf", pdf_bytes())],
    )
    named = make_complaint(attachments=[SimpleUploadedFile("surat-budi.pdf", pdf_bytes())])
    client.force_login(handler)

    assert "rekaman-loket.pdf" in client.get(detail(sealed)).content.decode()
    assert "surat-budi.pdf" in client.get(detail(named)).content.decode()


def test_without_a_supervisor_the_providers_administrators_are_told(
    make_user, handler, sealed, django_capture_on_commit_callbacks
):
    administrator = make_user("admin-perpusnas", Role.ADMINISTRATOR, is_staff=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        opening = open_seal(sealed, handler)

    assert opening.notified == SealNotice.ADMINISTRATORS
    (message,) = mail.outbox
    assert message.to == [administrator.email]
    assert "belum memiliki supervisor" in message.body
    assert "Budi" not in message.body


def test_a_supervisor_is_told_rather_than_the_administrators(
    make_user, handler, sealed, django_capture_on_commit_callbacks
):
    make_user("admin-perpusnas", Role.ADMINISTRATOR, is_staff=True)
    supervisor = make_user("supervisor", Role.COMPLAINT_SUPERVISOR)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        opening = open_seal(sealed, handler)

    assert opening.notified == SealNotice.SUPERVISORS
    assert [message.to for message in mail.outbox] == [[supervisor.email]]


def test_when_nobody_can_be_told_the_seal_report_says_so(
    client, make_user, handler, sealed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opening = open_seal(sealed, handler)
    supervisor = make_user("supervisor", Role.COMPLAINT_SUPERVISOR)  # appointed afterwards
    client.force_login(supervisor)

    page = client.get(reverse("complaints_seal_report")).content.decode()
    csv_text = client.get(reverse("complaints_seal_csv")).content.decode()

    assert opening.notified == SealNotice.NOBODY
    assert mail.outbox == []
    assert "Tidak ada yang diberi tahu" in page
    assert "Tidak ada yang diberi tahu" in csv_text


def test_an_opening_keeps_its_complaint_and_its_opener_from_being_deleted(
    client, handler, sealed, administrator
):
    """PROTECT on both sides: the audit trail of an opening is never deleted along with the
    complaint or the member of staff; an account is deactivated instead."""
    opening = open_seal(sealed, handler)

    with pytest.raises(ProtectedError):
        sealed.delete()
    client.force_login(administrator)
    response = client.post(
        reverse("admin:registration_user_delete", args=[handler.pk]), {"post": "yes"}
    )

    assert response.status_code == 200  # the admin names what protects it, deletes nothing
    assert response.context["protected"]
    assert SealOpening.objects.filter(pk=opening.pk, opened_by=handler).exists()
