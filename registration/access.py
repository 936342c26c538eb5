"""Who may open the candidate's pages: view decorators shared by every app that serves the
candidate (registration, scheduling, certificates), kept apart from any app's views."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from portal.roles import is_staff_member


def candidate_required(view):
    """Logged in, and a candidate (has a NIP). Staff are sent to their own home; anyone else
    without a NIP (a bare superuser) is refused."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.nip:
            if is_staff_member(request.user):
                return redirect("staff_home")
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)
