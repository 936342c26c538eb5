"""The files an engagement receives (cover letter, signed SPK copies, proofs of payment,
reports): their rules, checked by casework.files."""

from casework.files import FileRefused, FileRules, file_clean

__all__ = ["FileRefused", "FileRules", "file_clean"]

# A letter or a signed copy of the SPK.
PDF_RULES = FileRules(("pdf",), 5 * 1024 * 1024)
# A proof of payment.
PROOF_RULES = FileRules(("pdf", "jpeg", "png"), 4 * 1024 * 1024)
# A report uploaded instead of written in the portal.
REPORT_RULES = FileRules(("pdf",), 20 * 1024 * 1024)
