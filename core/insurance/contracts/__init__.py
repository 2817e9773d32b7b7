"""Contracts and what changes them: the terms and premium rules, proposals and the cheque,
endorsements, renewals, refunds, rosters, policyholders and guardians, and the office's documents.
InsuranceService (service.py) is the door the chat and the command line use."""
