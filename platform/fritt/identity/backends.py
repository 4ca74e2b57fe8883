"""The backend a national login is recorded under: it authenticates nothing by itself."""

from django.contrib.auth.backends import ModelBackend


class NationalLoginBackend(ModelBackend):
    """Sessions opened by the OIDC callback name this backend; `authenticate` refuses all,
    so no password or form can ever log in through it."""

    def authenticate(self, request, **credentials):
        return None
