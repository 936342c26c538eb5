"""Complaints at every state of their workflow, for `make run`: received, verified, in
follow-up, answered and closed, one of them anonymous, each taken in through
complaints.services.complaint_submit and moved by the librarian exam's complaint team
(`pengaduan`) through complaint_transition, so the tracking page, the queue's due dates and
the reporter's e-mails are the portal's own. Each is made once, found again by its subject."""

from django.contrib.auth import get_user_model

from complaints.constants import ComplaintKind, ComplaintStatus
from complaints.models import Complaint
from complaints.services import complaint_submit, complaint_transition
from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow

HANDLER = "pengaduan"
S = ComplaintStatus
# The path to each state, and the note the reporter reads at each step.
PATHS = {
    S.RECEIVED: [],
    S.VERIFIED: [(S.VERIFIED, "Pengaduan Anda sudah kami verifikasi dan akan ditindaklanjuti.")],
    S.IN_PROGRESS: [
        (S.VERIFIED, "Pengaduan Anda sudah kami verifikasi dan akan ditindaklanjuti."),
        (S.IN_PROGRESS, "Kami sedang memeriksa jadwal sesi bersama panitia penjadwalan."),
    ],
    S.ANSWERED: [
        (S.VERIFIED, "Pengaduan Anda sudah kami verifikasi."),
        (
            S.ANSWERED,
            "Sertifikat dicetak ulang setelah data dikonfirmasi; unduh salinannya dari dasbor.",
        ),
    ],
    S.CLOSED: [
        (S.VERIFIED, "Pengaduan Anda sudah kami verifikasi."),
        (S.IN_PROGRESS, "Kami menghubungi tim verifikasi."),
        (S.ANSWERED, "Berkas Anda sudah diperiksa ulang dan dinyatakan sesuai."),
        (S.CLOSED, "Pengaduan selesai. Terima kasih atas laporan Anda."),
    ],
}
# Subject (the key), kind, description, reporter name (empty: anonymous), final state.
DEMO_COMPLAINTS = [
    (
        "Tautan Zoom sesi uji belum saya terima (demo)",
        ComplaintKind.COMPLAINT,
        "Saya sudah terjadwal tetapi belum menerima tautan sesi uji melalui e-mail.",
        "Yohanes Wanggai",
        S.RECEIVED,
    ),
    (
        "Permintaan informasi syarat kenaikan jenjang (demo)",
        ComplaintKind.INFORMATION,
        "Mohon penjelasan berkas apa saja yang diperlukan untuk kenaikan ke Ahli Madya.",
        "Rudi Hermawan",
        S.VERIFIED,
    ),
    (
        "Pilihan sesi uji bulan depan penuh (demo)",
        ComplaintKind.COMPLAINT,
        "Semua sesi yang tampil sudah penuh; saya tidak dapat memilih jadwal.",
        "Intan Permatasari",
        S.IN_PROGRESS,
    ),
    (
        "Nama pada sertifikat salah eja (demo)",
        ComplaintKind.COMPLAINT,
        "Nama saya tertulis tanpa gelar belakang pada rancangan sertifikat.",
        "Andi Firmansyah",
        S.ANSWERED,
    ),
    (
        "Berkas SK dinyatakan buram padahal jelas (demo)",
        ComplaintKind.COMPLAINT,
        "SK jabatan saya dikembalikan karena buram, padahal pindaian sudah 300 dpi.",
        "Yoga Aditya Saputra",
        S.CLOSED,
    ),
    (
        "Dugaan pungutan di luar ketentuan oleh oknum (demo)",
        ComplaintKind.COMPLAINT,
        "Ada pihak yang menawarkan bantuan kelulusan uji kompetensi dengan imbalan uang.",
        "",
        S.IN_PROGRESS,
    ),
]


def complaints_seed() -> int:
    """Make the demo complaints not made yet; returns how many were made."""
    handler = get_user_model().objects.get(username=HANDLER)
    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    made = 0
    for subject, kind, description, reporter, state in DEMO_COMPLAINTS:
        if Complaint.objects.filter(provider=service.provider, subject=subject).exists():
            continue
        slug = reporter.lower().replace(" ", ".")
        complaint = complaint_submit(
            kind=kind,
            subject=subject,
            description=description,
            service=service,
            reporter_name=reporter,
            reporter_email=f"{slug}@demo.portal.test" if reporter else "",
            anonymous=not reporter,
        )
        for to, note in PATHS[state]:
            complaint = complaint_transition(complaint=complaint, to=to, actor=handler, note=note)
        made += 1
    return made
