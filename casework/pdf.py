"""What the engine's PDFs share (the decision letter, casework.letters; the Surat Keterangan
Hasil, casework.products) beyond their rendering (portal.pdf): whether a PDF is stored; the
signer's name; and when an unstored PDF counts as lost, for the re-drives in casework.tasks."""

from datetime import timedelta

from portal.roles import person_label

# A PDF still missing this long was lost (worker killed, broker down, no signing key yet).
STALE_AFTER = timedelta(minutes=10)
# At most this many lost PDFs are queued again per re-drive.
REDRIVE_BATCH = 500


def pdf_stored(field_file) -> bool:
    return bool(field_file) and field_file.storage.exists(field_file.name)


def signer_name(user) -> str:
    """The name printed and signed under: the profile's name with titles where there is one,
    else the account's name (portal.roles.person_label); "" for nobody."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "full_name", "") or person_label(user)
