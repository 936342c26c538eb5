"""URLs of the scheduling app's candidate screens."""

urlpatterns = []
