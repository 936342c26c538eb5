"""Routes of the part: cooperation."""

urlpatterns: list = []
