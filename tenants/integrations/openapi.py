"""How the API's two kinds of credentials appear in the OpenAPI document."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .models import Scope


class ClientCredentialsScheme(OpenApiAuthenticationExtension):
    target_class = "tenants.integrations.authentication.ClientCredentialsAuthentication"
    name = "systemklient"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "En kommunes fagsystem: klient-id og hemmelighet fra kommunens "
            "administrator, byttet mot et kortlivet token.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/v1/token/",
                    "scopes": {str(s.value): str(s.label) for s in Scope},
                }
            },
        }

    def get_security_requirement(self, auto_schema):
        view = auto_schema.view
        method = auto_schema.method
        needed = getattr(view, "required_scopes", {}).get(method)
        if not needed:
            return {self.name: []}
        wanted = [needed] if isinstance(needed, str) else list(needed)
        return {self.name: [str(scope) for scope in wanted]}


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "fritt.accounts.authentication.ApiTokenAuthentication"
    name = "personligNokkel"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token fbv_…`: en saksbehandlers personlige API-nøkkel.",
        }
