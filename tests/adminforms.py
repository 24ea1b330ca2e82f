"""Submitting Django admin change pages from tests."""


def admin_form_data(response) -> dict:
    """The POST data of an admin change page as it was rendered (form and inlines), so a
    test can change a few values and submit it like a browser would."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data
