from django.apps import AppConfig
from django.db.models.signals import post_delete


class AccountsConfig(AppConfig):
    name = "spasmcare.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import signup
        from .models import User

        # However an account is deleted (by its owner, or in the admin), old sign-up links for
        # its address stop working.
        post_delete.connect(signup.account_deleted, sender=User, dispatch_uid="signup-account-deleted")
