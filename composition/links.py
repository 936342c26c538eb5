"""Addresses of the workflow engine's pages that the composition pages link to.

The pages themselves (casework's intake, staff and exam routes, named ``casework_*``) are built
alongside this layer; until their routes exist, a link here falls back to the literal path the
routes will have (casework.urls is mounted at /permohonan-layanan/), so the home page, the
standard pages and the dashboards link to them already. Once a route exists, `reverse` finds it
and the literal is no longer used: the two cannot drift apart silently, since the fallback is
only taken while the name is unknown.
"""

from django.urls import NoReverseMatch, reverse

CASEWORK_ROOT = "/permohonan-layanan/"

# Route name -> the path it will have.
CASEWORK_PATHS = {
    "casework_proposals": f"{CASEWORK_ROOT}usulan/",  # an institution's proposals
    "casework_my_cases": f"{CASEWORK_ROOT}saya/",  # the employee's own cases
    "casework_staff_queue": f"{CASEWORK_ROOT}petugas/",  # BKPSDM staff's cases
    "casework_decisions": f"{CASEWORK_ROOT}petugas/penetapan/",  # decision letters
    "casework_exam_sessions": f"{CASEWORK_ROOT}uji/",  # exam sessions
}


def casework_url(name: str) -> str:
    """The address of a casework page: its route if it exists, else the path it will have."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return CASEWORK_PATHS[name]


ASSESSMENT_ROOT = "/penilaian-kompetensi/"

# Route name -> the path it will have: an institution's assessment by LAN (seed 004).
ASSESSMENT_PATHS = {
    "assessments_institution_register": f"{ASSESSMENT_ROOT}instansi/daftar/",
    "assessments_institution_home": f"{ASSESSMENT_ROOT}instansi/",
    "assessments_engagement_new": f"{ASSESSMENT_ROOT}instansi/permohonan/baru/",
    "assessments_institutions_pending": f"{ASSESSMENT_ROOT}petugas/instansi/",
    "assessments_staff_queue": f"{ASSESSMENT_ROOT}petugas/",
    "assessments_asesi_home": f"{ASSESSMENT_ROOT}asesi/",
}


def assessment_url(name: str) -> str:
    """The address of an institution assessment page: its route if it exists, else its path."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ASSESSMENT_PATHS[name]


IPASN_ROOT = "/laporan-ip-asn/"

# Route name -> the path it will have: a Perangkat Daerah's IP-ASN report (seed 003).
IPASN_PATHS = {
    "ipasn_home": IPASN_ROOT,
    "ipasn_staff_queue": f"{IPASN_ROOT}petugas/",
}


def ipasn_url(name: str) -> str:
    """The address of an IP-ASN report page: its route if it exists, else its path."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return IPASN_PATHS[name]
