"""The insurer's side of the desk: contracts, premiums, endorsements, renewals, claims (no chat, no SQL)."""
