"""URLs of the complaints app's survey pages."""

urlpatterns = []
