"""Routes of the part: intake."""

urlpatterns: list = []
