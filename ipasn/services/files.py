"""The files a report receives (the cover letter, the proof of the upload to BKN): their
rules, checked by casework.files. The recap is read by ipasn.recap (its own checks, cell by
cell)."""

from casework.files import FileRefused, FileRules, file_clean

__all__ = ["FileRefused", "FileRules", "file_clean"]

LETTER_RULES = FileRules(("pdf",), 5 * 1024 * 1024)
PROOF_RULES = FileRules(("pdf", "jpeg", "png"), 5 * 1024 * 1024)
RECAP_MAX_BYTES = 5 * 1024 * 1024
