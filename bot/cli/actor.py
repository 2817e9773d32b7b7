"""Who acts when the command line writes: the office's own operator, with the operator's rights.

Every step that moves money or a status records its actor; core never assumes one, so the
command line names its own here and passes it on each call (chat passes the user who acted).
"""

OPERATOR = "operator"
