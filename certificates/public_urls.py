"""URLs of the certificates app's public pages."""

urlpatterns = []
