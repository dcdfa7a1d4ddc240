"""What pages do with an action's refusal: its ValidationError becomes errors on the form."""

from django import forms
from django.core.exceptions import ValidationError


def add_validation_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Field errors go on their field when the form has it, on the whole form otherwise; errors
    without a field go on the whole form. The page then shows them like its own validation."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
