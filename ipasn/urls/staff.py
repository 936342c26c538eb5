"""staff pages of the IP-ASN report."""

urlpatterns: list = []
