"""URLs of the scheduling app's staff screens."""

urlpatterns = []
