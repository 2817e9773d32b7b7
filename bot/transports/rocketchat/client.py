"""rocketchat_API, kept off the event loop, with the retries a long-running bot needs.

The library is synchronous (requests): every call runs in a worker thread, one
at a time (the library's auth headers are shared state). An expired login (401)
logs in again with user + password and retries once; 5xx answers, timeouts and
refused connections are retried with backoff. Nothing here logs a URL, a header
or a payload: they carry tokens and what people wrote.
"""
from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from rocketchat_API.APIExceptions.RocketExceptions import (
    RocketApiException,
    RocketAuthenticationException,
    RocketBadStatusCodeException,
    RocketConnectionException,
)
from rocketchat_API.rocketchat import RocketChat

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRIES = 3  # after the first attempt
_WAIT_SECONDS = re.compile(r"wait (\d+) seconds")


class LoginRefused(Exception):
    """The server refused the credentials: retrying cannot help."""


class RateLimited(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited for {seconds}s")
        self.seconds = seconds


@dataclass(frozen=True)
class Credentials:
    server_url: str
    user: str | None = None
    password: str | None = None
    user_id: str | None = None
    auth_token: str | None = None

    @property
    def can_log_in(self) -> bool:
        return bool(self.user and self.password)


def status_of(error: BaseException) -> int | None:
    if isinstance(error, (RocketApiException, RocketBadStatusCodeException)):
        return int(error.status_code)
    return None


def api_error(error: BaseException) -> str:
    """Rocket.Chat's error code ("invalid-channel", "error-invalid-user", ...), if it sent one."""
    body = getattr(error, "response_json", None) or {}
    return str(body.get("errorType") or body.get("error") or "")


def _transient(error: BaseException) -> bool:
    if isinstance(error, (requests.Timeout, requests.ConnectionError, RocketConnectionException)):
        return True
    status = status_of(error)
    return status is not None and status >= 500


class RocketClient:
    """One bot account on one server."""

    def __init__(self, credentials: Credentials, timeout: float, backoff_seconds: float = 0.5) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.backoff_seconds = backoff_seconds
        self._api: RocketChat | None = None
        self._lock = threading.Lock()
        self.user_id = ""
        self.username = ""

    # -- connecting ----------------------------------------------------------------

    async def connect(self) -> None:
        """Log in (or take the personal access token) and learn who the bot is."""
        await self._attempts(self._connect_once)

    def _connect_once(self) -> None:
        with self._lock:
            creds = self.credentials
            session = requests.Session()
            try:
                if creds.can_log_in:
                    api = RocketChat(creds.user, creds.password, server_url=creds.server_url,
                                     timeout=self.timeout, session=session)
                else:
                    api = RocketChat(user_id=creds.user_id, auth_token=creds.auth_token,
                                     server_url=creds.server_url, timeout=self.timeout, session=session)
                me = api.me()
            except RocketAuthenticationException:
                session.close()
                raise LoginRefused("the Rocket.Chat server refused the bot's user and password") from None
            except Exception as error:
                session.close()
                if status_of(error) == 401:
                    raise LoginRefused("the Rocket.Chat server refused the bot's access token") from None
                raise
            self._api = api
            self.user_id = str(me.get("_id") or api.headers.get("X-User-Id", ""))
            self.username = str(me.get("username") or creds.user or "")

    def _relogin(self) -> None:
        assert self._api is not None
        try:
            self._api.login(self.credentials.user, self.credentials.password)
        except RocketAuthenticationException:
            raise LoginRefused("the Rocket.Chat server refused the bot's user and password") from None

    def close(self) -> None:
        if self._api is not None:
            self._api.session.close()

    # -- calling -------------------------------------------------------------------

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """`RocketChat.<method>(*args, **kwargs)` in a thread, with re-login and retries.
        Paginated methods return generators: they are drained in the thread too."""

        def once() -> Any:
            result = self._locked(lambda api: getattr(api, method)(*args, **kwargs))
            return result

        return await self._attempts(once)

    async def download(self, url: str, max_bytes: int) -> bytes:
        """A file of the server (a message attachment), with the bot's auth headers;
        reads at most max_bytes + 1 (enough for the size check to refuse it)."""

        def once() -> bytes:
            def fetch(api: RocketChat) -> bytes:
                with api.session.get(url, headers=api.headers, timeout=self.timeout, stream=True,
                                     allow_redirects=False) as response:
                    if response.status_code != 200:
                        raise RocketBadStatusCodeException(response.status_code, "")
                    data = bytearray()
                    for chunk in response.iter_content(64 * 1024):
                        data += chunk
                        if len(data) > max_bytes:
                            break
                    return bytes(data[: max_bytes + 1])

            return self._locked(fetch)

        return await self._attempts(once)

    def _locked(self, use: Callable[[RocketChat], T]) -> T:
        with self._lock:
            if self._api is None:
                raise RocketConnectionException()
            try:
                return self._drain(use(self._api))
            except Exception as error:
                if status_of(error) != 401 or not self.credentials.can_log_in:
                    raise
            log.info("rocketchat login expired, logging in again")
            self._relogin()
            return self._drain(use(self._api))  # once; a second 401 is an error

    @staticmethod
    def _drain(result: Any) -> Any:
        if isinstance(result, (dict, list, str, bytes)) or result is None:
            return result
        return list(result)  # a paginated generator: fetch its pages here, in the thread

    async def _attempts(self, once: Callable[[], T]) -> T:
        for attempt in range(RETRIES + 1):
            try:
                return await asyncio.to_thread(once)
            except Exception as error:
                if status_of(error) == 429:
                    raise RateLimited(_retry_after(error)) from None
                if not _transient(error) or attempt == RETRIES:
                    raise
                log.warning("rocketchat call failed (%s), retrying", _describe(error))
                await asyncio.sleep(self.backoff_seconds * (2**attempt))
        raise AssertionError("unreachable")


def _retry_after(error: BaseException) -> float:
    found = _WAIT_SECONDS.search(str(getattr(error, "response", "") or ""))
    return float(found.group(1)) if found else 10.0


def _describe(error: BaseException) -> str:
    """The kind of failure, never its text (which may quote a URL with a token or a payload)."""
    status = status_of(error)
    return f"HTTP {status}" if status is not None else type(error).__name__
