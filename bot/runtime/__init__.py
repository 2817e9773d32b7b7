"""The desk running: `serve` starts every configured transport with the job runner and the metrics
endpoint; `runner` hands each update to the handlers; `delivery` sends the outbox; `desk_threads` runs
the blocking desk calls; `kept_replies` keeps the replies a restart would lose; `metrics` counts.
A command of the CLI imports none of it (tests/unit/test_startup.py)."""
