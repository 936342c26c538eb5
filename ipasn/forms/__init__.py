"""Forms of the IP-ASN report's pages: they parse; ipasn.services decide."""
