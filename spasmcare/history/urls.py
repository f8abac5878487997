from django.urls import path

from . import views

urlpatterns = [
    path("", views.history, name="history"),
    path("sessions/", views.save_session, name="save_session"),
    path("sessions/<int:pk>/note/", views.edit_note, name="edit_note"),
    path("sessions/<int:pk>/delete/", views.delete_session, name="delete_session"),
    path("summary/", views.summary, name="summary"),
]
