"""The case's events read in words, with the step's name as its standard writes it."""

import re

import pytest

from casework.services.engine import case_return, case_step_complete, case_submit
from casework.workflow import Action
from portal.constants import Role
from portal.events import event_list, event_title

pytestmark = pytest.mark.django_db


def test_a_cases_history_reads_in_words_with_the_steps_names(make_case, operator, bkpsdm_staff):
    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_submit(case=make_case(), actor=operator)
    case = case_return(case=case, actor=verifier, reason="SKP belum ada.")
    case = case_submit(case=case, actor=operator)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)

    titles = [event_title(event) for event in event_list(subject=case).order_by("pk")]

    assert titles == [
        "Permohonan diajukan",
        "Langkah dimulai: Petugas melakukan pemeriksaan kelengkapan berkas",
        "Dikembalikan untuk perbaikan",
        "Diajukan kembali setelah perbaikan",
        "Langkah selesai: Petugas melakukan pemeriksaan kelengkapan berkas (Selesai)",
        "Langkah dimulai: Verifikasi administrasi dan substantif oleh BKPSDM",
    ]
    for title in titles:
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", title), title
