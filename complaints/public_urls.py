"""URLs of the complaints app's public pages."""

urlpatterns = []
