"""URLs of the certificates app's staff pages."""

urlpatterns = []
