"""Numbers in Indonesian words ("terbilang"), as standards and letters write them, and the
nearest-rank 90th percentile the standard pages measure with.

In the kernel so that both the time limits (portal.deadlines) and the standard pages
(composition.standards) say "14 (empat belas) hari kerja" the same way.
"""

from collections.abc import Sequence

_ONES = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]


def number_in_words(n: int) -> str:
    """An Indonesian number in words ("terbilang"), 0 to 999, as standards write time limits:
    "14 (empat belas) hari kerja"."""
    if not 0 <= n <= 999:
        raise ValueError(f"{n} is outside 0-999")
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        words = f"{_ONES[tens]} puluh"
        return f"{words} {_ONES[rest]}" if rest else words
    hundreds, rest = divmod(n, 100)
    words = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
    return f"{words} {number_in_words(rest)}" if rest else words


_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def amount_in_words(amount) -> str:
    """Any whole amount in Indonesian words ("terbilang"), as letters and invoices write sums:
    38400000 → "tiga puluh delapan juta empat ratus ribu", 1000 → "seribu"."""
    n = int(amount)
    if n < 0:
        raise ValueError("An amount is never negative.")
    if n == 0:
        return number_in_words(0)
    words = []
    for scale, name in _SCALES:
        group, n = divmod(n, scale)
        if group:
            words.append(f"{amount_in_words(group)} {name}")
    thousands, n = divmod(n, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words.append(f"{number_in_words(thousands)} ribu")
    if n:
        words.append(number_in_words(n))
    return " ".join(words)


def percentile_90[T](values: Sequence[T]) -> T:
    """The nearest-rank 90th percentile: the smallest value that at least 90% of the cases did
    not exceed, so "90% selesai dalam n hari kerja" is literally true of the data."""
    ordered = sorted(values)
    rank = -(-90 * len(ordered) // 100)  # ceil(0.9 n) in integers
    return ordered[rank - 1]
