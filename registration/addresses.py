"""E-mail addresses as the registration pages handle them: one spelling, and a masked form that
shows an address's owner which one is meant without telling anyone else what it is."""


def address_normalize(address: str) -> str:
    """Compared and stored lowercased: an address is one account's whatever its case."""
    return address.strip().lower()


def address_mask(address: str) -> str:
    """ "rina.wulandari@perpusnas.go.id" -> "r***@perpusnas.go.id": the first letter and the
    domain, enough for the owner to recognise it; "" for no address."""
    if not address:
        return ""
    local, _at, domain = address.rpartition("@")
    if not local:
        return "***"
    return f"{local[0]}***@{domain}"
