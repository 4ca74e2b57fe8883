"""Error pages in Norwegian for both kinds of site."""

from django.shortcuts import render

from fritt.accounts.access import public_page


@public_page
def not_found(request, exception=None):
    return render(request, "web/404.html", status=404)


@public_page
def server_error(request):
    return render(request, "web/500.html", status=500)
