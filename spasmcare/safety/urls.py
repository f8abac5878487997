from django.urls import path

from . import views

urlpatterns = [
    path("safety-check/", views.safety_check, name="safety"),
    path("relief/", views.relief, name="relief"),
]
