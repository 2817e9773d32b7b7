"""Claims: the register, eligibility, the payout rules, the documents asked, and payment orders.
ClaimsService (service.py) is their door; a contract's cover is asked of the contracts side."""
