"""The demo's published credentials, in one place: the demo data creates them, ``make
demo`` prints them, the README quotes them, and other code (tests, the SCAPI demo) imports
them from here.

They are public by design, so they must never reach a deployment: ``check --deploy``
refuses a database where the demo's trusted client still has its published secret
(``shopsite.demo.checks``).
"""

# Commerce Cloud sandboxes accept this well-known public client id; so does the demo here.
DEMO_CLIENT_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
# A trusted system (customers/auth/trustedsystem, password/actions/create_reset_token, the
# agents' OAuth tokens), also the demo's private SLAS client (helpers.loginGuestUserPrivate,
# trusted-system/token): its id and secret are fixed so that every `make demo` prints them
# and the README's curl lines work as written.
DEMO_TRUSTED_CLIENT_ID = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
DEMO_TRUSTED_CLIENT_SECRET = "Demo!TrustedSecret-not-for-production"  # noqa: S105 - published
DEMO_TRUSTED_CLIENT_NAME = "Demo trusted system"
# The password of every demo customer and of the demo agent.
DEMO_PASSWORD = "Demo!Passw0rd"  # noqa: S105 - published demo credentials
# A call-centre agent: a staff user in the "Customer service agent" group.
DEMO_AGENT_LOGIN = "csagent"
# SCAPI/SLAS: what a storefront configures commerce-sdk-isomorphic with (README, "SCAPI and
# SLAS"); the demo client is a public SLAS client redirecting to this URI.
DEMO_SHORT_CODE = "kv7kzm78"
DEMO_REDIRECT_URI = "http://localhost:3000/callback"
