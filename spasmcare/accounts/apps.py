from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spasmcare.accounts"
    label = "accounts"
    verbose_name = "Accounts"
