"""Staff users in the admin: their lockout and MFA at a glance, and the two actions that
mend them, both audited. "Unlock staff login" (for users who may change users) lifts a
lockout; "Reset MFA devices" (superusers only) removes a user's authenticator and recovery
codes, so the user enrols again at the next login.

django-otp's own device admins are removed: devices are made by enrolling
(``agents.admin_views``) and removed by the reset, and a key is never shown again.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from agents import mfa, staff_login
from shopsite.accounts import audit

User = get_user_model()

for model in (TOTPDevice, StaticDevice, User):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "login_locked", "mfa_enrolled"]
    actions = ["unlock_staff_login", "reset_mfa_devices"]

    @admin.display(boolean=True, description="locked out")
    def login_locked(self, user):
        return staff_login.is_locked(user)

    @admin.display(boolean=True, description="MFA")
    def mfa_enrolled(self, user):
        return mfa.is_enrolled(user)

    @admin.action(description="Unlock staff login", permissions=["change"])
    def unlock_staff_login(self, request, queryset):
        for user in queryset:
            staff_login.succeeded(user)
            audit.record_staff_security(request, user, "unlocked the staff login")
        self.message_user(request, f"Unlocked {queryset.count()} staff login(s).")

    @admin.action(description="Reset MFA devices", permissions=["reset_mfa"])
    def reset_mfa_devices(self, request, queryset):
        for user in queryset:
            removed = mfa.reset(user)
            audit.record_staff_security(request, user, f"reset MFA devices ({removed} removed)")
        self.message_user(
            request,
            f"Reset the MFA devices of {queryset.count()} user(s): they enrol again at their "
            "next login.",
            messages.WARNING,
        )

    def has_reset_mfa_permission(self, request):
        return request.user.is_superuser
