"""API token authentication: hashed, expiring tokens (django-rest-knox).

Clients send ``Authorization: Token <token>`` or ``Authorization: Bearer
<token>``. Unauthenticated responses announce ``WWW-Authenticate: Token``.
"""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication as DRFSessionAuth
from rest_framework.authentication import get_authorization_header

from milidip_site.two_factor import two_factor_missing

KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(KnoxTokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in KEYWORDS:
            return None  # no token, or credentials for another scheme
        if len(auth) == 1:
            raise exceptions.AuthenticationFailed(
                "Invalid token header: no token after the keyword."
            )
        if len(auth) > 2:
            raise exceptions.AuthenticationFailed(
                "Invalid token header: the token must not contain spaces."
            )
        try:
            return self.authenticate_credentials(auth[1])
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None

    def authenticate_header(self, request):
        return self.keyword


class SessionAuthentication(DRFSessionAuth):
    """The admin's session, unless it still lacks a required two-factor code."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and two_factor_missing(request._request):
            return None
        return result


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "milidip_site.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token, sent as `Authorization: Token <token>` or "
                "`Authorization: Bearer <token>`. Staff create and revoke their "
                "own tokens in the admin (API tokens) or with `manage.py "
                "create_api_token`; tokens expire."
            ),
        }


class SessionAuthenticationScheme(SessionScheme):
    target_class = "milidip_site.api.authentication.SessionAuthentication"
