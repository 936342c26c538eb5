"""Routes: see casework.urls."""

urlpatterns = []
