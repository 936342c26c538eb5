"""URLs of the certificates app's candidate pages."""

urlpatterns = []
