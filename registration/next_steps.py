"""What the candidate does next, one sentence per state of the application and setting of its
service. The dashboard and every e-mail about the application print this same sentence: an
e-mail saying "we will tell you your schedule" while the service lets candidates pick their own
session leaves the candidate waiting for nothing (tests/registration/test_next_step_agrees.py
compares the two for every setting)."""

from django.utils.translation import gettext as _

from portal.constants import SeatAssignment
from registration.constants import ApplicationStatus as S


def next_step(application, *, status: str | None = None) -> str:
    """The sentence for the application in `status` (its own status when None); "" for a state
    with nothing to do (a draft's is the task list's own)."""
    status = status or application.status
    service = application.service
    if status == S.SUBMITTED:
        return _(
            "Pengajuan Anda sudah diterima dan menunggu pemeriksaan tim verifikasi. Selama "
            "pemeriksaan, berkas tidak dapat diubah. Hasilnya dikirim ke e-mail Anda."
        )
    if status == S.IN_REVIEW:
        return _(
            "Tim verifikasi sedang memeriksa berkas Anda. Selama pemeriksaan, berkas tidak dapat "
            "diubah. Hasilnya dikirim ke e-mail Anda."
        )
    if status == S.RETURNED:
        return _(
            "Tim verifikasi meminta perbaikan. Ganti berkas yang ditandai “Perlu perbaikan”, "
            "lalu ajukan kembali. Berkas yang sudah sesuai tidak perlu diunggah ulang."
        )
    if status == S.VERIFIED:
        if service.seat_assignment == SeatAssignment.COMMITTEE:
            return _(
                "Berkas Anda lengkap dan sesuai. Langkah berikutnya adalah ujian: panitia akan "
                "menetapkan jadwal Anda dan memberi tahu lewat e-mail."
            )
        return _(
            "Berkas Anda lengkap dan sesuai. Langkah berikutnya adalah memilih jadwal ujian di "
            "halaman Jadwal Ujian; undangan dikirim ke e-mail Anda."
        )
    if status == S.SCHEDULED:
        return _(
            "Anda sudah mendapat kursi pada sesi ujian. Waktu, persiapan dan tautan ujian ada di "
            "dasbor; pengingat dikirim ke e-mail Anda satu hari kerja sebelum ujian."
        )
    if status == S.PASSED:
        return _(
            "Selamat, Anda lulus uji kompetensi. Langkah berikutnya: periksa dan konfirmasi di "
            "dasbor nama, gelar dan data lain yang akan dicetak pada sertifikat Anda."
        )
    if status == S.FAILED:
        return _(
            "Anda belum lulus uji kompetensi ini. Anda dapat mengajukan uji kompetensi kembali "
            "dengan membuat pengajuan baru."
        )
    if status == S.REJECTED:
        return _(
            "Anda dapat membuat pengajuan baru setelah persyaratan terpenuhi. Jika Anda merasa "
            "keputusan ini keliru, sampaikan pengaduan melalui portal."
        )
    return ""
