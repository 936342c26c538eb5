"""URLs of the complaints app's staff pages."""

urlpatterns = []
