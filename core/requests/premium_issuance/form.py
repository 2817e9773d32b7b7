"""The form of «درخواست صدور و پرداخت حق بیمه», field for field as in the guide."""
from core.forms import validators
from core.forms.definition import Form, FormField
from core.forms.kinds import Choice, ConfiguredOptions, Date, Files, FixedOptions, LongText, Text

PRIORITIES = ("low", "medium", "high", "urgent")

PREMIUM_ISSUANCE_FORM = Form(
    fields=(
        FormField("full_name", Text(validators.full_name), prefill="directory_name"),
        FormField("org_unit", Choice(ConfiguredOptions("org_units")), prefill="directory_unit"),
        FormField("contact_number", Text(validators.landline, left_to_right=True)),
        FormField("mobile", Text(validators.mobile, left_to_right=True, shares_contact=True), prefill="directory_mobile"),
        FormField("letter_number", Text(validators.letter_number, left_to_right=True, local_digits=False)),
        FormField("incident_date", Date(validators.incident_date)),
        FormField("description", LongText(validators.description)),
        FormField("priority", Choice(FixedOptions(PRIORITIES))),
        FormField("attachments", Files(), optional=True),
    )
)
