"""The form of «درخواست صدور و پرداخت حق بیمه», field for field as in the guide."""
from core.forms.definition import Form, FormField

PRIORITIES = ("low", "medium", "high", "urgent")

PREMIUM_ISSUANCE_FORM = Form(
    fields=(
        FormField("full_name", "text", "full_name", prefill="directory_name"),
        FormField("org_unit", "choice", "choice", options_source="config:org_units", prefill="directory_unit"),
        FormField("contact_number", "text", "landline"),
        FormField("mobile", "text", "mobile", prefill="directory_mobile"),
        FormField("letter_number", "text", "letter_number"),
        FormField("incident_date", "date", "incident_date"),
        FormField("description", "text", "description"),
        FormField("priority", "choice", "choice", options_source="fixed", fixed_options=PRIORITIES),
        FormField("attachments", "files", "attachment", optional=True),
    )
)
