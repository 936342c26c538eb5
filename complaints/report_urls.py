"""URLs of the complaints app's report pages."""

urlpatterns = []
