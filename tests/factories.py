"""factory_boy factories shared by the suite, and small real files to upload."""

import io
from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from portal.calendar import add_working_days
from portal.models import Provider, Requirement, Service
from registration.constants import ApplicationStatus, ClaimDocumentKind, ExamPurpose, Sex
from registration.models import (
    SNAPSHOT_FIELDS,
    AccountClaim,
    ApplicantSnapshot,
    Application,
    ClaimDocument,
    Document,
    Level,
    Librarian,
    Profile,
    Rank,
)
from registration.services import reference_take

SERVICE_SLUG = "uji-kompetensi-pustakawan"


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def photo_bytes(width: int = 600, height: int = 800, *, fmt: str = "JPEG") -> bytes:
    """A colour passport-style photo: blue background, a skin-toned face."""
    image = Image.new("RGB", (width, height), (40, 90, 200))
    for y in range(height // 5, height * 3 // 5):
        for x in range(width // 4, width * 3 // 4, 4):
            image.putpixel((x, y), (224, 172, 105))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def upload_bytes_for(requirement: Requirement) -> tuple[str, bytes]:
    """A file name and content that meet the requirement's rules."""
    if requirement.is_photo:
        return "foto.jpg", photo_bytes()
    return f"{requirement.code}.pdf", pdf_bytes()


PERPUSNAS = "pusat-pembinaan-pustakawan"  # the provider of the librarian exam (seeds 000, 001)
LAN = "balai-pemetaan-kompetensi-lan"  # the provider of seed 004's assessment


class ProviderFactory(factory.django.DjangoModelFactory):
    """A provider of its own (the seeded four are in the database already)."""

    class Meta:
        model = Provider
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"penyelenggara-uji-{n}")
    name = factory.Sequence(lambda n: f"Penyelenggara Uji {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    """A catalogue entry of a provider of its own, unless `provider` is given."""

    class Meta:
        model = Service

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Layanan Uji {n}")
    slug = factory.Sequence(lambda n: f"layanan-uji-{n}")


class LibrarianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Librarian
        django_get_or_create = ["nip"]

    nip = "198609262015052001"
    name = "Rina Wulandari, S.I.Pust."
    institution = "Perpustakaan Nasional RI"
    work_unit = "Pusat Pembinaan Pustakawan"
    level = factory.LazyFunction(lambda: Level.objects.get(code="ahli-pertama"))
    rank = factory.LazyFunction(lambda: Rank.objects.get(code="III/b"))


class UserFactory(factory.django.DjangoModelFactory):
    """A candidate: a registered librarian whose username is their NIP."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    nip = factory.Sequence(lambda n: f"19860926201505{2 if n % 2 else 1}{n % 999 + 1:03d}")
    username = factory.SelfAttribute("nip")
    email = factory.LazyAttribute(lambda user: f"{user.nip}@example.test")
    first_name = factory.Sequence(lambda n: f"Peserta {n}")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    title_prefix = ""
    name = factory.LazyAttribute(lambda profile: profile.user.first_name or "Rina Wulandari")
    title_suffix = "S.I.Pust."
    birth_place = "Yogyakarta"
    birth_date = date(1986, 9, 26)
    sex = factory.LazyAttribute(
        lambda profile: Sex.FEMALE if profile.user.nip[14] == "2" else Sex.MALE
    )
    rank = factory.LazyFunction(lambda: Rank.objects.get(code="III/b"))
    position = "Pustakawan Ahli Pertama"
    level = factory.LazyFunction(lambda: Level.objects.get(code="ahli-pertama"))
    work_unit = "Pusat Pembinaan Pustakawan"
    institution = "Perpustakaan Nasional RI"
    whatsapp = "+6281234567890"
    mailing_address = "Jl. Salemba Raya No. 28A, Jakarta Pusat"
    postal_code = "10430"


VERIFIED_OR_LATER = {
    ApplicationStatus.VERIFIED,
    ApplicationStatus.SCHEDULED,
    ApplicationStatus.PASSED,
    ApplicationStatus.FAILED,
}


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application; traits: `documents=True` uploads every required document,
    `submitted=True` also submits it (status SUBMITTED with a due date). Any status past the
    draft comes with the snapshot submitting takes, from the candidate's profile (as
    registration.services.application_submit does; the database requires one)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    candidate = factory.LazyAttribute(lambda _: ProfileFactory().user)
    service = factory.LazyFunction(lambda: Service.objects.get(slug=SERVICE_SLUG))
    purpose = ExamPurpose.PROMOTION
    current_level = factory.LazyFunction(lambda: Level.objects.get(code="ahli-pertama"))
    target_level = factory.LazyFunction(lambda: Level.objects.get(code="ahli-muda"))
    verified_at = factory.LazyAttribute(
        lambda application: timezone.now() if application.status in VERIFIED_OR_LATER else None
    )

    class Params:
        documents = factory.Trait(
            _documents=factory.PostGeneration(
                lambda application, create, extracted: _upload_all(application)
            )
        )
        submitted = factory.Trait(
            documents=True,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            due_date=factory.LazyFunction(lambda: add_working_days(timezone.localdate(), 5)),
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        status = kwargs.get("status", ApplicationStatus.DRAFT)
        if status == ApplicationStatus.DRAFT or kwargs.get("snapshot") is not None:
            return super()._create(model_class, *args, **kwargs)
        # Created as a draft first: the snapshot points at its application and the application
        # at its snapshot, and past the draft the database wants the pointer from the start.
        application = super()._create(
            model_class, *args, **{**kwargs, "status": ApplicationStatus.DRAFT}
        )
        application.snapshot = snapshot_take(application)
        application.status = status
        if not application.reference:
            # Submitted once, so numbered as the first submission numbers it.
            application.reference = reference_take(
                service=application.service, year=timezone.localdate().year
            )
        application.save(update_fields=["snapshot", "status", "reference"])
        return application


def snapshot_take(application: Application, **fields) -> ApplicantSnapshot:
    """A submission's snapshot of the candidate's profile (of a default profile when the
    candidate has none), with `fields` changed."""
    candidate = application.candidate
    profile = Profile.objects.filter(user=candidate).first() or ProfileFactory.build(user=candidate)
    values = {name: getattr(profile, name) for name in SNAPSHOT_FIELDS}
    return ApplicantSnapshot.objects.create(
        application=application,
        submitted_at=application.submitted_at or timezone.now(),
        nip=candidate.nip or "",
        **{**values, **fields},
    )


def _upload_all(application: Application) -> None:
    for requirement in application.service.requirements.all():
        name, content = upload_bytes_for(requirement)
        DocumentFactory(
            application=application,
            requirement=requirement,
            file=ContentFile(content, name=name),
            kind="jpeg" if requirement.is_photo else "pdf",
            content_type="image/jpeg" if requirement.is_photo else "application/pdf",
            size=len(content),
        )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    application = factory.SubFactory(ApplicationFactory)
    requirement = factory.LazyAttribute(lambda d: d.application.service.requirements.first())
    version = 1
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="berkas.pdf"))
    original_name = "berkas.pdf"
    kind = "pdf"
    content_type = "application/pdf"
    size = 1024
    sha256 = "0" * 64
    uploaded_by = factory.SelfAttribute("application.candidate")


class AccountClaimFactory(factory.django.DjangoModelFactory):
    """A claim waiting for the panel: the registry entry, the account holding its NIP (someone
    else's address), the claimant's confirmed address and both identity documents."""

    class Meta:
        model = AccountClaim
        skip_postgeneration_save = True

    librarian = factory.SubFactory(LibrarianFactory)
    account = factory.LazyAttribute(
        lambda claim: UserFactory(
            nip=claim.librarian.nip,
            username=claim.librarian.nip,
            email=f"penyerobot.{claim.librarian.nip}@contoh.id",
        )
    )
    email = factory.LazyAttribute(lambda claim: f"pemilik.{claim.librarian.nip}@contoh.id")
    full_name = "Rina Wulandari"
    statement = "NIP saya dipakai orang lain."
    documents = factory.PostGeneration(
        lambda claim, create, extracted: create and _claim_documents(claim)
    )


def _claim_documents(claim: AccountClaim) -> None:
    for kind, name, content, file_kind in (
        (ClaimDocumentKind.KTP, "ktp.pdf", pdf_bytes(), "pdf"),
        (ClaimDocumentKind.EMPLOYEE_CARD, "karpeg.jpg", photo_bytes(), "jpeg"),
    ):
        ClaimDocument.objects.create(
            claim=claim,
            kind=kind,
            file=ContentFile(content, name=name),
            original_name=name,
            file_kind=file_kind,
            content_type="application/pdf" if file_kind == "pdf" else "image/jpeg",
            size=len(content),
            sha256="0" * 64,
        )


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate for a passed application (a new one unless given), at the data check
    unless `status` says otherwise; the snapshot is the certificate data a candidate confirms."""

    class Meta:
        model = Certificate

    application = factory.LazyFunction(lambda: ApplicationFactory(status=ApplicationStatus.PASSED))
    service = factory.LazyAttribute(lambda certificate: certificate.application.service)
    status = CertificateStatus.DATA_CHECK
    name = "Rina Wulandari, S.I.Pust."
    nip = factory.LazyAttribute(lambda certificate: certificate.application.candidate.nip)
    birth_place = "Yogyakarta"
    birth_date = date(1986, 9, 26)
    rank = "Penata Muda Tingkat I (III/b)"
    position = "Pustakawan Ahli Pertama"
    purpose = "Kenaikan jenjang"
    level = factory.LazyAttribute(lambda certificate: certificate.application.target_level.name)
    institution = "Perpustakaan Nasional RI"
