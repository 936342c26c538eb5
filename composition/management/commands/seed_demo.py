"""Demo data for `make run`: the synthetic registry, one account per role (at the librarian exam's
provider, plus a verifier at LAN and Perpusnas's own administrator), their passwords (and for
the roles that sign in with two factors, one shared demo TOTP key), and two exam sessions (one
open for booking, one draft) when the service has none yet. Then, through the services, a
librarian-exam candidate at every stage and complaints in every state (composition.demo;
`--without-stages` leaves them out).

For the workflow engine's service (seed 002, Sertifikasi Profesi bagi PNS at the BKPSDM): a
Perangkat Daerah with its operator, the BKPSDM's staff for each step, an LSP's assessor who is
staff of that service only, and two employees with accounts (PNS NIPs, no librarian entry).

For LAN's competency assessment of institutions (seed 004): the Balai's staff for each role
(the existing verifier `verifikator-lan` among them), a verified institution (Pemerintah Kota
Singkawang) with its operator, and one request for cooperation from it, waiting for LAN's
reply.

For the IP-ASN report (seed 003, at BKPSDM Kota Singkawang): one official per role of its route
(the Sekretaris Badan also its complaint handler), two verified Perangkat Daerah (Dinas
Pendidikan, Dinas Kesehatan) with their operators, and a few reports made through
ipasn.services: one waiting on the Petugas Administrasi, one returned by the processing unit
with its reasons, and last year's walked to the end (signed with the portal's key; without
one it waits at the Kabid's signature). Their recaps are the portal's XLSX
template filled with four employees and read by ipasn.recap, as an operator's upload is."""

from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import quote

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments.constants import EngagementState, IntakeMode, Purpose
from assessments.models import Engagement
from casework.constants import InstitutionKind
from casework.exceptions import CaseError
from casework.models import Institution
from composition.demo.complaints import complaints_seed
from composition.demo.later_stages import objection_seed, waiting_list_seed
from composition.demo.librarian_exam import librarian_exam_seed
from ipasn.constants import (
    DisciplinePenalty,
    EducationLevel,
    PerformanceRating,
    PositionKind,
    ReportState,
    TrainingKind,
)
from ipasn.models import Report
from ipasn.recap import recap_template
from ipasn.services import reports as ipasn_reports
from portal.calendar import add_working_days
from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow, Role
from portal.events import event_record
from portal.models import Provider, Service, StaffRole
from portal.pdf import render_pdf
from portal.providers import signing_office_appoint
from portal.roles import two_factor_required, user_roles_forget
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession

DEMO_REGISTRY = Path(settings.BASE_DIR) / "data" / "demo" / "pustakawan.csv"

# The provider of a staff account's role, when not the librarian exam's (whose cases the demo
# makes): LAN's Balai Layanan Pemetaan Kompetensi (seed 004).
LAN = "balai-pemetaan-kompetensi-lan"
# username, role (None: candidate), NIP for candidates, display name, provider slug (None: the
# librarian exam's), superuser. "admin" is the platform's superuser (and the Administrator at
# Perpusnas); "admin-perpusnas" is a provider's administrator as the role is meant to be held:
# in the admin for Perpusnas's record, catalogue and ordinary roles only.
DEMO_ACCOUNTS = [
    ("admin", Role.ADMINISTRATOR, None, "Admin Portal", None, True),
    ("admin-perpusnas", Role.ADMINISTRATOR, None, "Lestari Handayani", None, False),
    ("verifikator", Role.VERIFIER, None, "Sri Wahyuni", None, False),
    ("verifikator-lan", Role.VERIFIER, None, "Rahmat Hidayat", LAN, False),
    ("penjadwal", Role.SCHEDULER, None, "Andi Pratama", None, False),
    ("asesor", Role.ASSESSOR, None, "Dewi Lestari", None, False),
    ("bkpsdm", Role.BKPSDM_OFFICER, None, "Hendra Gunawan", None, False),
    ("petugas-sertifikat", Role.CERTIFICATE_OFFICER, None, "Maya Sari", None, False),
    ("penandatangan", Role.SIGNING_OFFICIAL, None, "Dr. Agus Salim", None, False),
    ("pengaduan", Role.COMPLAINT_HANDLER, None, "Rudi Hartono", None, False),
    ("supervisor-pengaduan", Role.COMPLAINT_SUPERVISOR, None, "Wulan Sari", None, False),
    ("199001152014031002", None, "199001152014031002", "Budi Santoso, S.Sos., M.Hum.", None, False),
]
# Seed 002's service and provider (portal migration 0024), run by the workflow engine.
CERTIFICATION = "sertifikasi-profesi-pns"
INSTITUTION = "Dinas Kesehatan Kota"
# username, roles (each held at the BKPSDM, or for the certification service only when
# external), NIP (employees), display name. The operator holds no role: Institution.operators.
BKPSDM_ACCOUNTS = [
    ("operator.dinkes", (), None, "Yuliana Putri, S.K.M."),
    ("verifikator.bkpsdm", (Role.VERIFIER,), None, "Fajar Nugroho"),
    ("pejabat.bkpsdm", (Role.SIGNING_OFFICIAL,), None, "Drs. Bambang Wijaya, M.Si."),
    ("petugas.bkpsdm", (Role.CERTIFICATE_OFFICER, Role.SCHEDULER), None, "Nur Aini"),
    ("asesor.lsp", (Role.ASSESSOR,), None, "Ir. Teguh Santoso (LSP)"),
    ("198803142012012003", (), "198803142012012003", "Ratna Sari, S.Kep., Ners"),
    ("199107222015031001", (), "199107222015031001", "dr. Arif Rahman"),
]
# Roles held for the certification service only (external staff: portal.StaffRole.service).
EXTERNAL = {"asesor.lsp"}

# Seed 004's service (assessments migration 0002), at LAN's Balai Layanan Pemetaan Kompetensi.
ASSESSMENT = "penilaian-kompetensi-lan"
LAN_INSTITUTION = "Pemerintah Kota Singkawang"
# username, roles at LAN, display name. The operator holds no role: Institution.operators.
LAN_ACCOUNTS = [
    ("operator.singkawang", (), "Siti Rahmawati, S.IP."),
    ("pejabat.lan", (Role.SIGNING_OFFICIAL,), "Dr. Hendra Kurniawan, M.Si."),
    ("panitia.lan", (Role.SCHEDULER,), "Wulan Sari"),
    ("asesor.lan", (Role.ASSESSOR,), "Dra. Ratih Kumalasari, M.Psi., Psikolog"),
    ("bendahara.lan", (Role.TREASURER,), "Yusuf Maulana"),
]
# The demo request's cover letter, rendered as a small PDF.
COVER_LETTER = """<html><body style="font-family: sans-serif; font-size: 11pt">
<p>PEMERINTAH KOTA SINGKAWANG<br>BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA</p>
<p>Nomor: 800/045/BKPSDM/2026<br>Perihal: Permohonan kerja sama penilaian kompetensi</p>
<p>Yth. Kepala Puslatbang PKASN LAN</p>
<p>Dengan hormat, kami mengajukan permohonan kerja sama penyelenggaraan penilaian kompetensi
dalam rangka seleksi jabatan bagi 12 (dua belas) pegawai di lingkungan Pemerintah Kota
Singkawang. (Surat demo.)</p>
</body></html>"""

# Seed 003's service (ipasn migration 0002), at BKPSDM Kota Singkawang.
IPASN = "indeks-profesionalitas-asn"
# username, roles at BKPSDM Kota Singkawang, display name.
IPASN_OFFICIALS = [
    ("adm.bkpsdm", (Role.ADMIN_CLERK,), "Dian Permata Sari"),
    ("kasubbag.bkpsdm", (Role.GENERAL_AFFAIRS_HEAD,), "Hery Susanto, S.E."),
    ("sekretaris.bkpsdm", (Role.AGENCY_SECRETARY, Role.COMPLAINT_HANDLER), "Drs. Suhardi, M.Si."),
    ("kepala.bkpsdm", (Role.AGENCY_HEAD,), "Dr. Rudy Hartono, S.STP., M.Si."),
    ("kabid.bkpsdm", (Role.DIVISION_HEAD,), "Lina Marlina, S.Sos., M.AP."),
    ("analis.bkpsdm", (Role.PERSONNEL_ANALYST,), "Agustina Wulandari, S.Psi."),
]
# username (operator), Perangkat Daerah, its head's title, operator's display name.
IPASN_PDS = [
    (
        "operator.disdik",
        "Dinas Pendidikan Kota Singkawang",
        "Kepala Dinas Pendidikan",
        "Rina Kartika",
    ),
    ("operator.dinkes", "Dinas Kesehatan Kota Singkawang", "Kepala Dinas Kesehatan", None),
]
IPASN_LETTER = """<html><body style="font-family: sans-serif; font-size: 11pt">
<p>PEMERINTAH KOTA SINGKAWANG<br>{pd}</p>
<p>Perihal: Penyampaian Laporan IP-ASN tahun {year}</p>
<p>Yth. Kepala BKPSDM Kota Singkawang</p>
<p>Bersama ini kami sampaikan rekapitulasi data pendidikan, jabatan, dan diklat/seminar ASN di
lingkungan {pd} untuk pengukuran Indeks Profesionalitas ASN tahun {year}. (Surat demo.)</p>
</body></html>"""
IPASN_PROOF = """<html><body style="font-family: sans-serif"><p>Bukti unggah data IP-ASN ke
aplikasi IP-ASN BKN (tangkapan layar demo).</p></body></html>"""
# Demo employees of a recap: NIP, name, education, position kind, title, rating, penalty,
# trainings (kind, hours).
IPASN_EMPLOYEES = [
    (
        "198203152006041003",
        "Ahmad Fauzi, S.Pd., M.Pd.",
        "s2",
        "administrator",
        "Sekretaris",
        "sangat_baik",
        "tidak_pernah",
        [("kepemimpinan", 40), ("seminar", 8)],
    ),
    (
        "198807222011012004",
        "Maria Ulfa, S.Pd.",
        "s1",
        "fungsional",
        "Pengawas Sekolah",
        "baik",
        "tidak_pernah",
        [("fungsional", 24)],
    ),
    (
        "199003102014031002",
        "Budi Prasetyo, A.Md.",
        "d3",
        "pelaksana",
        "Pengelola Data",
        "baik",
        "ringan",
        [("teknis", 20)],
    ),
    (
        "199512012019032001",
        "Siti Nurhaliza",
        "slta",
        "pelaksana",
        "Pengadministrasi Umum",
        "",
        "tidak_pernah",
        [],
    ),
]

# A registry NIP left unregistered, for trying the registration flow; and one whose registry
# entry has an official address, where the link goes whatever address is typed.
TRY_NIP = "19860926 201505 2 001"
TRY_NIP_OFFICIAL = "19680412 199303 2 001"
# The authenticator key of every demo account that must sign in with two factors: published
# like the passwords, so one entry in an authenticator app serves them all (`manage.py
# demo_totp_code` prints the current code for those without an app).
DEMO_TOTP_SECRET = "DEMOPORTALKOMPETENSIASNTOTPDEMOQ"  # noqa: S105 - a demo key, never trusted


def demo_totp_uri() -> str:
    issuer = settings.MFA_TOTP_ISSUER
    return f"otpauth://totp/{quote(issuer)}:demo?secret={DEMO_TOTP_SECRET}&issuer={quote(issuer)}"


class Command(BaseCommand):
    help = "Isi data demo: registri pustakawan sintetis dan satu akun per peran."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan juga saat DEBUG mati (jangan di produksi).",
        )
        parser.add_argument(
            "--without-stages",
            action="store_true",
            help="Tanpa peserta dan pengaduan demo di setiap tahap (lebih cepat).",
        )

    def handle(self, *args, force: bool = False, without_stages: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Data demo hanya untuk mode pengembangan (DEBUG=true): "
                "kata sandinya diketahui umum."
            )
        call_command("import_librarians", str(DEMO_REGISTRY), stdout=self.stdout)
        User = get_user_model()
        exam_provider = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION).provider
        rows = []
        for username, role, nip, name, provider_slug, superuser in DEMO_ACCOUNTS:
            password = f"demo-{username}-2026"
            user, _ = User.objects.get_or_create(username=username, defaults={"nip": nip})
            user.email = f"{username}@demo.portal.test"
            user.must_change_password = False
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = superuser
            user.first_name = name
            user.set_password(password)
            user.save()
            provider = None
            if role:
                provider = (
                    Provider.objects.get(slug=provider_slug) if provider_slug else exam_provider
                )
                StaffRole.objects.filter(user=user).exclude(
                    provider=provider, role=role.value
                ).delete()
                StaffRole.objects.get_or_create(user=user, provider=provider, role=role.value)
            user_roles_forget(user)
            totp = two_factor_required(user)
            if totp:  # the published key again, as the password is set again
                Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
                TOTP.activate(user, DEMO_TOTP_SECRET)
            label = str(role.label) if role else "Peserta (kandidat)"
            if superuser:
                label = f"Superuser, {label}"
            where = provider.name if provider else "-"
            rows.append((label, where, username, password + ("  + kode TOTP" if totp else "")))

        rows += self._casework_accounts()
        rows += self._assessment_accounts()
        rows += self._ipasn_accounts()
        # Each demo signing official holds their provider's signing office: what they sign
        # prints that office and their name (portal.roles.signing_office).
        for role in StaffRole.objects.filter(
            role=Role.SIGNING_OFFICIAL, service__isnull=True
        ).select_related("user", "provider"):
            signing_office_appoint(user=role.user, provider=role.provider)
        self._sessions(assessor=User.objects.get(username="asesor"))
        # Librarian-exam candidates at every stage, walked there through the services
        # (composition.demo), and complaints in every state.
        if not without_stages:
            rows += librarian_exam_seed(stdout=self.stdout)
            rows += objection_seed() + waiting_list_seed()
            if made := complaints_seed():
                self.stdout.write(f"{made} pengaduan demo dibuat (satu pada setiap status).")

        self.stdout.write("\nAkun demo (kata sandi hanya untuk demo):")
        width = max(len(label) for label, _, _, _ in rows)
        where_width = max(len(where) for _, where, _, _ in rows)
        self.stdout.write(
            f"  {'Peran':<{width}}  {'Penyelenggara':<{where_width}}  {'Akun':<20}  Kata sandi"
        )
        for label, where, username, password in rows:
            self.stdout.write(
                f"  {label:<{width}}  {where:<{where_width}}  {username:<20}  {password}"
            )
        self.stdout.write(
            "\nAkun bertanda '+ kode TOTP' wajib memakai verifikasi dua langkah: setelah kata "
            "sandi, portal meminta kode 6 digit. Tambahkan kunci demo ini sekali ke aplikasi "
            "autentikator (Google Authenticator, FreeOTP, ...); ia berlaku untuk semua akun itu:"
            f"\n  kunci   {DEMO_TOTP_SECRET}"
            f"\n  URI     {demo_totp_uri()}"
            "\n  tanpa aplikasi: python manage.py demo_totp_code"
        )
        transport = settings.MAILERS["transport"]
        options = transport.get("OPTIONS", {})
        if "file_path" in options:
            mail = f"ditulis sebagai berkas di {options['file_path']}/"
        elif "host" in options:
            mail = f"dikirim lewat SMTP {options['host']}:{options['port']}"
        else:
            mail = f"diserahkan ke {transport['BACKEND']}"
        self.stdout.write(
            f"\nCoba alur pendaftaran dengan NIP {TRY_NIP} (ada di registri, belum terdaftar):"
            " buka tautan di e-mail pertama, lalu nama pengguna dan kata sandi ada di e-mail"
            " kedua."
            f"\nNIP {TRY_NIP_OFFICIAL} punya e-mail resmi di registri: tautannya selalu dikirim"
            " ke alamat resmi itu."
            f"\nE-mail keluar {mail}"
            f"\nPortal: {settings.PORTAL_BASE_URL}/\n"
        )

    def _casework_accounts(self) -> list[tuple[str, str, str, str]]:
        """Seed 002's people: the BKPSDM's staff, the LSP's assessor (for the service only), the
        Dinas Kesehatan's operator, two employees. Rows for the printed summary."""
        User = get_user_model()
        service = Service.objects.select_related("provider").get(slug=CERTIFICATION)
        bkpsdm = service.provider
        institution, _ = Institution.objects.get_or_create(
            provider=bkpsdm, name=INSTITUTION, defaults={"head_title": "Kepala Dinas Kesehatan"}
        )
        rows = []
        for username, roles, nip, name in BKPSDM_ACCOUNTS:
            password = f"demo-{username}-2026"
            user, _ = User.objects.get_or_create(username=username, defaults={"nip": nip})
            user.nip = nip
            user.email = f"{username}@demo.portal.test"
            user.must_change_password = False
            user.is_staff = False
            user.is_superuser = False
            user.first_name = name
            user.set_password(password)
            user.save()
            scope = service if username in EXTERNAL else None
            wanted = {(bkpsdm.pk, role.value, scope.pk if scope else None) for role in roles}
            for row in StaffRole.objects.filter(user=user):
                if (row.provider_id, row.role, row.service_id) not in wanted:
                    row.delete()
            for role in roles:
                StaffRole.objects.get_or_create(
                    user=user, provider=bkpsdm, role=role.value, defaults={"service": scope}
                )
            user_roles_forget(user)
            totp = two_factor_required(user)
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
            if totp:
                TOTP.activate(user, DEMO_TOTP_SECRET)
            if username == "operator.dinkes":
                institution.operators.add(user)
                label = f"Operator {INSTITUTION}"
            elif nip:
                label = "Pegawai (PNS)"
            else:
                label = " + ".join(str(role.label) for role in roles)
                if scope:
                    label += " (hanya layanan sertifikasi)"
            where = "-" if nip else bkpsdm.name
            rows.append((label, where, username, password + ("  + kode TOTP" if totp else "")))
        return rows

    def _assessment_accounts(self) -> list[tuple[str, str, str, str]]:
        """Seed 004's people: the Balai's staff by role, the operator of a verified institution,
        and one request for cooperation from it waiting for LAN's reply (made once)."""
        User = get_user_model()
        service = Service.objects.select_related("provider").get(slug=ASSESSMENT)
        lan = service.provider
        institution, _ = Institution.objects.get_or_create(
            provider=lan,
            name=LAN_INSTITUTION,
            defaults={
                "kind": InstitutionKind.REGIONAL_GOVERNMENT,
                "head_title": "Wali Kota Singkawang",
                "address": "Jl. Firdaus No. 1, Singkawang, Kalimantan Barat",
                "registered_at": timezone.now(),
                "verified_at": timezone.now(),
            },
        )
        rows = []
        for username, roles, name in LAN_ACCOUNTS:
            user, password, totp = _staff_account(username, name, roles, provider=lan)
            if not roles:
                institution.operators.add(user)
                label, where = f"Operator {LAN_INSTITUTION}", "-"
            else:
                label, where = " + ".join(str(role.label) for role in roles), lan.name
            rows.append((label, where, username, password + ("  + kode TOTP" if totp else "")))
        operator = User.objects.get(username="operator.singkawang")
        if not Engagement.objects.filter(institution=institution).exists():
            engagement = Engagement(
                service=service,
                institution=institution,
                requested_by=operator,
                state=EngagementState.REQUESTED,
                purpose=Purpose.SELECTION,
                participants_planned=12,
                preferred_mode=IntakeMode.ONLINE,
                preferred_period="Minggu kedua Februari 2027",
                letter_number="800/045/BKPSDM/2026",
                letter_date=date(2026, 11, 30),
                notes="Seleksi terbuka JPT Pratama dan jabatan administrator (data demo).",
                submitted_at=timezone.now(),
            )
            engagement.cover_letter.save(
                "surat-permohonan.pdf", ContentFile(render_pdf(COVER_LETTER)), save=False
            )
            engagement.save()
            event_record(subject=engagement, kind="created", actor=operator)
            self.stdout.write(
                f"Satu permohonan kerja sama demo dari {LAN_INSTITUTION} menunggu jawaban LAN."
            )
        return rows

    def _ipasn_accounts(self) -> list[tuple[str, str, str, str]]:
        """Seed 003's people and reports (made once): rows for the printed summary."""
        User = get_user_model()
        service = Service.objects.select_related("provider").get(slug=IPASN)
        bkpsdm = service.provider
        rows = []
        officials = {}
        for username, roles, name in IPASN_OFFICIALS:
            user, password, totp = _staff_account(username, name, roles, provider=bkpsdm)
            officials[roles[0]] = user
            label = " + ".join(str(role.label) for role in roles)
            rows.append(
                (label, bkpsdm.name, username, password + ("  + kode TOTP" if totp else ""))
            )
        pds = []
        for username, name, head_title, operator_name in IPASN_PDS:
            institution, _ = Institution.objects.get_or_create(
                provider=bkpsdm,
                name=name,
                defaults={
                    "kind": InstitutionKind.REGIONAL_GOVERNMENT,
                    "head_title": head_title,
                    "registered_at": timezone.now(),
                    "verified_at": timezone.now(),
                },
            )
            user, _ = User.objects.get_or_create(username=username)
            password = f"demo-{username}-2026"
            if operator_name is not None:  # operator.dinkes is made above (seed 002) as well
                user.email = f"{username}@demo.portal.test"
                user.must_change_password = False
                user.first_name = operator_name
                user.set_password(password)
                user.save()
            institution.operators.add(user)
            pds.append((institution, user))
            rows.append((f"Operator {name} (Laporan IP-ASN)", "-", username, password))
        if not Report.objects.filter(service=service).exists():
            self._ipasn_reports(service, officials, pds)
        return rows

    def _ipasn_pdf(self, name: str, html: str):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(name, render_pdf(html), content_type="application/pdf")

    def _ipasn_recap(self, year: int) -> bytes:
        """The portal's recap template with the demo employees (and their trainings, in the
        measured year) filled in under each sheet's header."""
        import io

        from openpyxl import load_workbook

        today = timezone.localdate()
        start = date(year, 3, 2)
        if start + timedelta(days=3) > today:
            start = today - timedelta(days=14)
        workbook = load_workbook(io.BytesIO(recap_template()))
        for employee in IPASN_EMPLOYEES:
            nip, name, education, kind, title, rating, penalty, trainings = employee
            workbook["Pegawai"].append(
                [
                    nip,
                    name,
                    str(EducationLevel(education).label),
                    str(PositionKind(kind).label),
                    title,
                    str(PerformanceRating(rating).label) if rating else "",
                    str(DisciplinePenalty(penalty).label),
                ]
            )
            for training_kind, hours in trainings:
                workbook["Diklat"].append(
                    [
                        nip,
                        str(TrainingKind(training_kind).label),
                        f"Pelatihan {TrainingKind(training_kind).label} (demo)",
                        hours,
                        start.strftime("%d/%m/%Y"),
                        (start + timedelta(days=3)).strftime("%d/%m/%Y"),
                    ]
                )
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _ipasn_draft(self, service, institution, operator, year: int) -> Report:
        """A draft with its cover letter and its recap, read and scored by the service."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        report = ipasn_reports.report_create(
            service=service, institution=institution, operator=operator, year=year
        )
        letter = IPASN_LETTER.format(pd=institution.name, year=year)
        report = ipasn_reports.report_letter_attach(
            report=report, actor=operator, file=self._ipasn_pdf("surat-pengantar.pdf", letter)
        )
        recap = SimpleUploadedFile(
            "rekapitulasi.xlsx",
            self._ipasn_recap(year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        return ipasn_reports.report_recap_attach(report=report, actor=operator, file=recap)

    def _ipasn_walk(self, report: Report, officials, *, until: int) -> Report:
        """Each official of the route does their step until the report reaches step `until`
        (stops at the signature when the portal has no signing key)."""
        from portal.constants import StepKind

        while report.state == ReportState.ROUTING and report.step.order < until:
            step = report.step
            actor = officials[Role(step.actor)]
            if step.kind == StepKind.PROCESSING:
                report = ipasn_reports.report_process(report=report, actor=actor)
            elif step.kind == StepKind.EXTERNAL_UPLOAD:
                report = ipasn_reports.report_upload_record(
                    report=report,
                    actor=actor,
                    uploaded_on=timezone.localdate(),
                    proof=self._ipasn_pdf("bukti-unggah.pdf", IPASN_PROOF),
                    note="Data diunggah ke aplikasi IP-ASN BKN (demo).",
                )
            elif step.kind == StepKind.REPORT:
                report = ipasn_reports.report_laporan_make(report=report, actor=actor)
            elif _is_last(report):
                try:
                    report = ipasn_reports.report_laporan_sign(report=report, actor=actor)
                except CaseError as exc:
                    # No signing key here (`make run` installs the demo key first).
                    self.stdout.write(
                        f"Laporan IP-ASN demo tahun lalu menunggu tanda tangan: {exc}"
                    )
                    return report
            else:
                report = ipasn_reports.report_forward(
                    report=report, actor=actor, note="Diteruskan (demo)."
                )
            report.refresh_from_db()
        return report

    def _ipasn_reports(self, service, officials, pds) -> None:
        (disdik, disdik_operator), (dinkes, dinkes_operator) = pds
        year = timezone.localdate().year
        # Waiting on the Petugas Administrasi.
        waiting = self._ipasn_draft(service, disdik, disdik_operator, year)
        ipasn_reports.report_submit(report=waiting, actor=disdik_operator)
        # Returned by the processing unit, with its reasons.
        returned = self._ipasn_draft(service, dinkes, dinkes_operator, year)
        returned = ipasn_reports.report_submit(report=returned, actor=dinkes_operator)
        returned = self._ipasn_walk(returned, officials, until=7)
        ipasn_reports.report_return(
            report=returned,
            actor=officials[Role.PERSONNEL_ANALYST],
            reasons=(
                "Surat pengantar belum ditandatangani Kepala Dinas; riwayat diklat dua pegawai "
                "tanpa jumlah JP. Perbaiki lalu sampaikan kembali. (demo)"
            ),
        )
        # Last year's, walked to the end.
        done = self._ipasn_draft(service, disdik, disdik_operator, year - 1)
        done = ipasn_reports.report_submit(report=done, actor=disdik_operator)
        done = self._ipasn_walk(done, officials, until=99)
        self.stdout.write(
            "Laporan IP-ASN demo: satu menunggu Petugas Administrasi, satu dikembalikan ke "
            f"{dinkes.name}, satu tahun {year - 1} ({done.get_state_display()})."
        )

    def _sessions(self, *, assessor) -> None:
        service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
        if ExamSession.objects.filter(service=service).exists():
            return
        today = timezone.localdate()
        for offset, status in ((8, SessionStatus.OPEN), (15, SessionStatus.DRAFT)):
            day = add_working_days(today, offset)
            starts_at = timezone.make_aware(datetime.combine(day, time(9)))
            session = ExamSession.objects.create(
                service=service,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                mode=SessionMode.ONLINE,
                platform="Zoom Meeting",
                meeting_link="https://zoom.example.test/j/8123456789",
                capacity=20,
                booking_opens_at=timezone.now(),
                booking_closes_at=starts_at - timedelta(days=2),
                status=status,
                head_assessor=assessor,
            )
            session.assessors.add(assessor)
        self.stdout.write("Dua sesi uji demo dibuat (satu dibuka untuk pemesanan, satu draf).")


def _is_last(report: Report) -> bool:
    """Whether the report's current step is the route's last (the Kabid's signature)."""
    return not report.service.steps.filter(order__gt=report.step.order).exists()


def _staff_account(username: str, name: str, roles, *, provider):
    """A demo account holding exactly `roles` at `provider` (made or reset), with the shared
    demo TOTP key when its roles ask for a second factor: (user, password, totp)."""
    User = get_user_model()
    password = f"demo-{username}-2026"
    user, _ = User.objects.get_or_create(username=username)
    user.email = f"{username}@demo.portal.test"
    user.must_change_password = False
    user.is_staff = False
    user.is_superuser = False
    user.first_name = name
    user.set_password(password)
    user.save()
    wanted = {(provider.pk, role.value) for role in roles}
    for row in StaffRole.objects.filter(user=user):
        if (row.provider_id, row.role) not in wanted or row.service_id is not None:
            row.delete()
    for role in roles:
        StaffRole.objects.get_or_create(user=user, provider=provider, role=role.value)
    user_roles_forget(user)
    totp = two_factor_required(user)
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    if totp:
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user, password, totp
