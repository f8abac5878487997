from django.urls import path

from . import safety_views, views

urlpatterns = [
    path("safety-check/", safety_views.safety_check, name="safety"),
    path("relief/", safety_views.relief, name="relief"),
    path("learn/", views.article_list, name="learn"),
    path("learn/<slug:slug>/", views.article_detail, name="article"),
]
