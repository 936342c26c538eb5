"""URLs of the scheduling app's result screens."""

urlpatterns = []
