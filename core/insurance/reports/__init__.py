"""The reports the desk makes and sends: monthly issuance, the claims statistics, Saman's rows,
spreadsheets, and their dispatch."""
