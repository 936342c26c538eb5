"""URLs of the public service standard pages."""

urlpatterns = []
