from django.urls import path

from . import views

urlpatterns = [
    path("learn/", views.article_list, name="learn"),
    path("learn/<slug:slug>/", views.article_detail, name="article"),
]
