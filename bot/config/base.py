"""What every section of the configuration is made of: strict models, a number of seconds, a secret."""
from __future__ import annotations

import os
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    # an unknown key is a typo; inf and nan are never a setting (a deadline of nan broke /queue)
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


Seconds = Annotated[float, Field(gt=0, le=86_400)]  # at most a day


def secret(value: str | None, env: str) -> str | None:
    """A secret from the file, else from the environment (so it need not sit in the file)."""
    return value or os.environ.get(env) or None
