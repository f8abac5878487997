from django.urls import path

from . import views

urlpatterns = [
    path("activities/", views.activities, name="recovery_activities"),
    path("activities/<int:pk>/stop/", views.stop_activity, name="stop_activity"),
    path("check-in/", views.check_in, name="check_in"),
    path("check-in/skip/", views.skip_check_in, name="skip_check_in"),
    path("flare-ups/", views.flare_up_list, name="flare_ups"),
    path("flare-ups/new/", views.new_flare_up, name="new_flare_up"),
    path("flare-ups/sync/", views.sync_flare_up, name="sync_flare_up"),
    path("flare-ups/<int:pk>/", views.flare_up, name="flare_up"),
    path("flare-ups/<int:pk>/settled/", views.flare_up_settled, name="flare_up_settled"),
    path("flare-ups/<int:pk>/delete/", views.delete_flare_up, name="delete_flare_up"),
    path("plan/", views.plan_page, name="plan"),
    path("plan/start/", views.start_plan, name="start_plan"),
    path("plan/stop/", views.stop_plan, name="stop_plan"),
    path("export/check-ins.csv", views.export_check_ins, name="export_check_ins"),
    path("export/flare-ups.csv", views.export_flare_ups, name="export_flare_ups"),
]
