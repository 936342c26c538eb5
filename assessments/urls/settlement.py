"""Routes of the part: settlement."""

urlpatterns: list = []
