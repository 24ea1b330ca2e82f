"""Routes of customer product lists (none yet)."""

urlpatterns = []
