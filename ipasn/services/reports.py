"""The life of a Perangkat Daerah's IP-ASN report (seed 003): the draft with its cover letter
and recap, the submission, the routing through BKPSDM's officials step by step, the return to
the Perangkat Daerah (the clock pauses) and the resubmission, the upload to BKN as recorded,
the laporan, and its signature and delivery that close the report.

Guarantees: every write runs in one transaction holding the report's row lock and checks the
state and the step under it, so a double click is refused, never recorded twice; a refused
file or recap leaves what was there before; mails go through the portal's outbox after
commit. `report_transition` is the one function that changes a state."""

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.exceptions import CaseError, CaseForbidden
from ipasn import workflow
from ipasn.constants import CLOSED_STATES, OPEN_STATES, ReportState
from ipasn.models import Pause, RecapEntry, Report, Routing
from ipasn.services import notify
from ipasn.services.files import LETTER_RULES, PROOF_RULES, RECAP_MAX_BYTES, file_clean
from portal.constants import OnlineFlow, StepKind
from portal.events import event_record
from portal.models import Service


class RecapRefused(CaseError):
    """The recap was refused whole; `errors` are the recap's CellErrors (ipasn.recap)."""

    def __init__(self, errors: list) -> None:
        super().__init__(
            _("Rekapitulasi ditolak: %(n)d isian perlu diperbaiki.") % {"n": len(errors)}
        )
        self.errors = errors


def ipasn_services():
    """The active services run as seed 003's IP-ASN report."""
    return Service.objects.filter(
        is_active=True, online_flow=OnlineFlow.IPASN_REPORT
    ).select_related("provider")


def report_locked(report: Report) -> Report:
    """The report re-read under its row lock (inside transaction.atomic)."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("service__provider", "institution", "step")
        .get(pk=report.pk)
    )


def report_transition(*, report: Report, actor, to_state: str, note: str = "") -> Report:
    """Move the (locked) report to `to_state`, checked against workflow.TRANSITIONS and the
    actor; records the event. Call inside the caller's transaction, on a locked report."""
    refusal = workflow.transition_refusal(report, actor, to_state)
    if refusal is not None:
        raise refusal
    from_state = report.state
    report.state = to_state
    fields = ["state"]
    if to_state in CLOSED_STATES:
        report.closed_at = timezone.now()
        fields.append("closed_at")
    report.save(update_fields=fields)
    event_record(
        subject=report,
        kind="state",
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    return report


# --- The Perangkat Daerah's draft ---------------------------------------------------------------


def report_create(*, service: Service, institution, operator, year: int) -> Report:
    """A new draft for `institution` and `year`; refused while another report of the same year
    is still open or in draft (one report per Perangkat Daerah and year at a time)."""
    if service.online_flow != OnlineFlow.IPASN_REPORT or not service.is_active:
        raise CaseError(_("Layanan ini tidak menerima Laporan IP-ASN melalui portal."))
    if institution.provider_id != service.provider_id:
        raise CaseForbidden(_("Perangkat daerah ini tidak terdaftar pada penyelenggara layanan."))
    if not institution.operators.filter(pk=operator.pk, is_active=True).exists():
        raise CaseForbidden(_("Anda bukan operator perangkat daerah ini."))
    if institution.verified_at is None:
        raise CaseError(_("Perangkat daerah Anda belum diverifikasi oleh penyelenggara."))
    this_year = timezone.localdate().year
    if not (2018 <= year <= this_year):
        raise CaseError(_("Tahun pengukuran harus antara 2018 dan %(year)d.") % {"year": this_year})
    with transaction.atomic():
        # The institution's row lock serialises two clicks on "Buat laporan".
        type(institution).objects.select_for_update().get(pk=institution.pk)
        existing = Report.objects.filter(
            institution=institution,
            service=service,
            year=year,
            state__in=[ReportState.DRAFT, *OPEN_STATES],
        ).first()
        if existing is not None:
            raise CaseError(
                _(
                    "Laporan IP-ASN tahun %(year)d sudah ada dan belum selesai: "
                    "lanjutkan laporan itu."
                )
                % {"year": year}
            )
        report = Report.objects.create(
            service=service, institution=institution, operator=operator, year=year
        )
        event_record(subject=report, kind="created", actor=operator)
    return report


def _editable(report: Report, actor) -> Report:
    report = report_locked(report)
    if not workflow.is_operator(actor, report):
        raise CaseForbidden(_("Anda bukan operator perangkat daerah ini."))
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise CaseError(_("Laporan ini sedang diproses BKPSDM dan tidak dapat diubah."))
    return report


def report_letter_attach(*, report: Report, actor, file) -> Report:
    """Attach (or replace) the cover letter: a PDF checked by its content."""
    clean = file_clean(file, LETTER_RULES, "cover_letter")
    with transaction.atomic():
        report = _editable(report, actor)
        old = report.cover_letter.name
        report.cover_letter.save("surat-pengantar.pdf", ContentFile(clean.content), save=False)
        report.save(update_fields=["cover_letter"])
        event_record(subject=report, kind="letter", actor=actor)
        if old:
            transaction.on_commit(lambda: report.cover_letter.storage.delete(old))
    return report


def report_recap_attach(*, report: Report, actor, file, today: date | None = None) -> Report:
    """Read the recap; accepted whole (its entries replace the previous recap's, each scored)
    or refused whole with every bad cell (RecapRefused), the previous recap kept."""
    from ipasn.index import employee_index, scoring_tables
    from ipasn.recap import recap_read

    today = today or timezone.localdate()
    if file is None:
        raise CaseError(_("Pilih berkas rekapitulasi (XLSX) yang akan diunggah."))
    if file.size > RECAP_MAX_BYTES:
        raise CaseError(_("Berkas rekapitulasi melebihi 5 MB."))
    data = b"".join(file.chunks())
    result = recap_read(data, today=today)
    if result.errors:
        raise RecapRefused(result.errors)
    with transaction.atomic():
        report = _editable(report, actor)
        tables = scoring_tables(report.service)
        as_of = date(report.year, 12, 31) if report.year < today.year else today
        entries = []
        for record in result.records:
            scored = employee_index(record, tables, as_of=as_of)
            entries.append(
                RecapEntry(
                    report=report,
                    row=record.row,
                    nip=record.nip,
                    name=record.name,
                    education=record.education,
                    position_kind=record.position_kind,
                    position_title=record.position_title,
                    performance=record.performance,
                    discipline=record.discipline,
                    positions=[
                        {
                            "title": p.title,
                            "kind": p.kind,
                            "since": p.since.isoformat() if p.since else None,
                        }
                        for p in record.positions
                    ],
                    trainings=[
                        {
                            "kind": t.kind,
                            "name": t.name,
                            "hours": t.hours,
                            "start": t.start.isoformat(),
                            "end": t.end.isoformat(),
                        }
                        for t in record.trainings
                    ],
                    qualification_score=scored.qualification,
                    competence_score=scored.competence,
                    performance_score=scored.performance,
                    discipline_score=scored.discipline,
                    index=scored.index,
                    category=scored.category,
                    missing=list(scored.missing),
                )
            )
        report.entries.all().delete()
        RecapEntry.objects.bulk_create(entries)
        old = report.recap_file.name
        report.recap_file.save("rekapitulasi.xlsx", ContentFile(data), save=False)
        report.recap_uploaded_at = timezone.now()
        report.save(update_fields=["recap_file", "recap_uploaded_at"])
        event_record(
            subject=report,
            kind="recap",
            actor=actor,
            note=_("%(n)d pegawai") % {"n": len(entries)},
        )
        if old:
            transaction.on_commit(lambda: report.recap_file.storage.delete(old))
    return report


def submit_refusal(report: Report) -> Exception | None:
    """What the report still lacks before it can be sent, or None."""
    if not report.cover_letter:
        return CaseError(_("Unggah surat pengantar dari perangkat daerah (PDF)."))
    if not report.recap_file or not report.entries.exists():
        return CaseError(_("Unggah rekapitulasi data pegawai (XLSX) yang diterima portal."))
    return None


def _next_reference(report: Report) -> str:
    # Numbered per service and year of receipt, under the service's row lock.
    Service.objects.select_for_update().get(pk=report.service_id)
    year = timezone.localdate().year
    prefix = f"IPASN/{year}/"
    last = (
        Report.objects.filter(service_id=report.service_id, reference__startswith=prefix)
        .aggregate(last=Max("reference"))
        .get("last")
    )
    number = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _open_step(report: Report, step, *, now) -> None:
    Routing.objects.create(report=report, step=step, started_at=now)
    report.step = step
    report.save(update_fields=["step"])


def _close_step(report: Report, *, actor, now, note: str = "") -> None:
    Routing.objects.filter(report=report, finished_at__isnull=True).update(
        finished_at=now, actor=actor, note=note
    )


def _steps(report: Report) -> list:
    return list(report.service.steps.order_by("order"))


def _step_after(report: Report, step):
    later = [s for s in _steps(report) if s.order > step.order]
    return later[0] if later else None


def report_submit(*, report: Report, actor) -> Report:
    """Send the report to BKPSDM. The first time: numbered, the day's clock starts, it goes to
    the step after the submission (Petugas Administrasi). After a return: the pause ends and
    it goes back to the processing unit that returned it."""
    with transaction.atomic():
        report = report_locked(report)
        if not workflow.is_operator(actor, report):
            raise CaseForbidden(_("Anda bukan operator perangkat daerah ini."))
        if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
            raise CaseError(_("Laporan ini sudah disampaikan."))
        refusal = submit_refusal(report)
        if refusal is not None:
            raise refusal
        now = timezone.now()
        if report.state == ReportState.DRAFT:
            steps = _steps(report)
            if len(steps) < 2:
                raise CaseError(_("Alur layanan ini belum lengkap; hubungi penyelenggara."))
            report.reference = _next_reference(report)
            report.submitted_at = now
            report.save(update_fields=["reference", "submitted_at"])
            Routing.objects.create(
                report=report, step=steps[0], started_at=now, finished_at=now, actor=actor
            )
            report_transition(report=report, actor=actor, to_state=ReportState.ROUTING)
            _open_step(report, steps[1], now=now)
        else:
            Pause.objects.filter(report=report, ended_at__isnull=True).update(ended_at=now)
            report_transition(
                report=report,
                actor=actor,
                to_state=ReportState.ROUTING,
                note=_("Disampaikan kembali"),
            )
            _open_step(report, report.step, now=now)
        step = report.step
        transaction.on_commit(lambda: notify.step_reached(report.pk, step.pk))
    return report


def report_withdraw(*, report: Report, actor) -> Report:
    """The Perangkat Daerah withdraws a draft or a returned report."""
    with transaction.atomic():
        report = report_locked(report)
        if report.state == ReportState.RETURNED:
            Pause.objects.filter(report=report, ended_at__isnull=True).update(
                ended_at=timezone.now()
            )
        report_transition(report=report, actor=actor, to_state=ReportState.WITHDRAWN)
    return report


# --- BKPSDM's officials ----------------------------------------------------------------------


def _advance(report: Report, *, actor, note: str, now) -> Report:
    """Close the current step (done by `actor`) and open the next one."""
    step = report.step
    _close_step(report, actor=actor, now=now, note=note)
    event_record(subject=report, kind="step", actor=actor, note=f"{step.name}. {note}".strip())
    following = _step_after(report, step)
    if following is None:
        raise CaseError(_("Langkah terakhir diselesaikan dengan tanda tangan laporan."))
    _open_step(report, following, now=now)
    transaction.on_commit(lambda: notify.step_reached(report.pk, following.pk))
    return report


def report_forward(*, report: Report, actor, note: str = "") -> Report:
    """An official passes the report on (agenda, paraf, disposisi, to the processing unit):
    the step is closed with their name and note, the next step opens. The last step (the
    Kabid's, sending the laporan to the Kepala) is report_laporan_sign."""
    note = (note or "").strip()
    with transaction.atomic():
        report = report_locked(report)
        refusal = workflow.step_refusal(actor, report, StepKind.ROUTING)
        if refusal is not None:
            raise refusal
        if _step_after(report, report.step) is None:
            raise CaseError(_("Tandatangani dan kirim Laporan Data IP-ASN pada langkah ini."))
        return _advance(report, actor=actor, note=note, now=timezone.now())


def report_process(*, report: Report, actor, note: str = "") -> Report:
    """The processing unit found the documents right: it processes them (next: the upload)."""
    with transaction.atomic():
        report = report_locked(report)
        refusal = workflow.step_refusal(actor, report, StepKind.PROCESSING)
        if refusal is not None:
            raise refusal
        return _advance(report, actor=actor, note=(note or "").strip(), now=timezone.now())


def report_return(*, report: Report, actor, reasons: str) -> Report:
    """The processing unit returns the report to the Perangkat Daerah with its reasons; the
    clock stops until the report is sent again."""
    reasons = (reasons or "").strip()
    if len(reasons) < 10:
        raise CaseError(_("Tuliskan alasan pengembalian (paling sedikit 10 karakter)."))
    with transaction.atomic():
        report = report_locked(report)
        refusal = workflow.step_refusal(actor, report, StepKind.PROCESSING)
        if refusal is not None:
            raise refusal
        now = timezone.now()
        _close_step(report, actor=actor, now=now, note=reasons)
        Pause.objects.create(report=report, started_at=now, reasons=reasons, returned_by=actor)
        report_transition(report=report, actor=actor, to_state=ReportState.RETURNED, note=reasons)
        transaction.on_commit(lambda: notify.returned(report.pk))
    return report


def report_upload_record(
    *, report: Report, actor, uploaded_on: date, proof, note: str = ""
) -> Report:
    """The processing unit records the upload to BKN's IP-ASN application: its date (not in
    the future, not before the report arrived) and its proof (PDF or image)."""
    if uploaded_on is None:
        raise CaseError(_("Isi tanggal unggah ke aplikasi IP-ASN."))
    if uploaded_on > timezone.localdate():
        raise CaseError(_("Tanggal unggah tidak boleh setelah hari ini."))
    clean = file_clean(proof, PROOF_RULES, "proof")
    with transaction.atomic():
        report = report_locked(report)
        refusal = workflow.step_refusal(actor, report, StepKind.EXTERNAL_UPLOAD)
        if refusal is not None:
            raise refusal
        if report.submitted_at and uploaded_on < timezone.localdate(report.submitted_at):
            raise CaseError(_("Tanggal unggah tidak boleh sebelum laporan diterima."))
        extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(str(clean.checked.kind), "bin")
        report.bkn_proof.save(f"bukti-unggah.{extension}", ContentFile(clean.content), save=False)
        report.bkn_uploaded_on = uploaded_on
        report.bkn_note = (note or "").strip()
        report.save(update_fields=["bkn_proof", "bkn_uploaded_on", "bkn_note"])
        return _advance(
            report,
            actor=actor,
            note=_("Diunggah %(date)s") % {"date": uploaded_on.strftime("%d/%m/%Y")},
            now=timezone.now(),
        )


def report_laporan_make(*, report: Report, actor) -> Report:
    """The processing unit makes the Laporan Data IP-ASN (XLSX and PDF, unsigned); the Kabid
    signs it next."""
    from ipasn.services.laporan import laporan_render

    with transaction.atomic():
        report = report_locked(report)
        refusal = workflow.step_refusal(actor, report, StepKind.REPORT)
        if refusal is not None:
            raise refusal
        laporan_render(report)
        return _advance(report, actor=actor, note="", now=timezone.now())


def report_laporan_sign(*, report: Report, actor, note: str = "") -> Report:
    """The Kabid signs the laporan (the provider's key, their name) and sends it to the Kepala
    BKPSDM; the Perangkat Daerah receives it at the same moment. The report is done."""
    from ipasn.services.laporan import laporan_sign

    with transaction.atomic():
        report = report_locked(report)
        refusal = workflow.step_refusal(actor, report, StepKind.ROUTING)
        if refusal is not None:
            raise refusal
        if _step_after(report, report.step) is not None:
            raise CaseError(_("Laporan ini belum sampai pada langkah penandatanganan."))
        if not report.result_xlsx:
            raise CaseError(_("Laporan Data IP-ASN belum dibuat oleh unit pengolah."))
        now = timezone.now()
        laporan_sign(report, actor)
        _close_step(report, actor=actor, now=now, note=(note or "").strip())
        event_record(subject=report, kind="step", actor=actor, note=report.step.name)
        report_transition(report=report, actor=actor, to_state=ReportState.COMPLETED)
        transaction.on_commit(lambda: notify.completed(report.pk))
    return report
