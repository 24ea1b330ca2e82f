"""Multi-factor authentication of staff users (django-otp): a TOTP authenticator app and
single-use recovery codes.

* ``STAFF_MFA_REQUIRED`` (on by default when ``DEBUG`` is off): every admin login asks for
  a code after the password; a staff user without an authenticator is sent to enrol one
  and reaches no other admin page until it is done (``agents.admin_site``). With the
  setting off, a user who enrolled anyway is still asked.
* ``STAFF_MFA_REQUIRED_FOR_OAUTH`` (off by default): the OAuth user grant needs a current
  TOTP code too, in the form parameter ``otp_code`` (``agents.oauth``); recovery codes are
  for the admin only, where a person is.

Secrets stay in django-otp's tables; the admin shows a device's key once, at enrolment
(QR code and text), and recovery codes once, when they are made.
"""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def required_for_admin() -> bool:
    return settings.STAFF_MFA_REQUIRED


def required_for_oauth() -> bool:
    return settings.STAFF_MFA_REQUIRED_FOR_OAUTH


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def asks_admin_login(user) -> bool:
    """Whether an admin login of ``user`` needs a second factor."""
    return required_for_admin() or is_enrolled(user)


def normalized(code: str) -> str:
    return "".join(str(code).split()).replace("-", "").lower()[:32]


def verify_code(user, code: str, *, recovery: bool = True):
    """The device of ``user`` that accepts ``code`` (a TOTP code, or an unused recovery
    code, which is then spent), or ``None``. Devices are locked while checked, so a code
    is accepted once however many requests present it."""
    code = normalized(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not recovery and not isinstance(device, TOTPDevice):
                continue
            if device.verify_token(code):
                return device
    return None


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled, made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` URL as an inline SVG QR code (no image request, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


@transaction.atomic
def confirm(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm an authenticator with a code it made; then the user's only authenticator,
    with fresh recovery codes (returned, shown once). ``None`` if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(normalized(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset(user) -> int:
    """Remove every device of ``user`` (a superuser's admin action); how many there were."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    return removed
