"""What a person reads: core's records and catalog lines as text and buttons in their language
(text), the notifications of the outbox (notifications: one renderer per kind), the insurer's and
the desk's operational messages (insurance, operations), charts and the cutting of long messages."""
