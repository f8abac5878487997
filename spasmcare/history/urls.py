from django.urls import path

from . import views

urlpatterns = [
    path("", views.history, name="history"),
    path("sessions/", views.save_session, name="save_session"),
    path("sessions/<int:pk>/", views.session_card, name="session"),
    path("sessions/<int:pk>/edit/", views.edit_session, name="edit_session"),
    path("sessions/<int:pk>/delete/", views.delete_session, name="delete_session"),
    path("summary/", views.summary, name="summary"),
]
