"""(to be written)"""

urlpatterns = []
