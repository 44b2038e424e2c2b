"""``openai:<model>@<base_url>``: any OpenAI-compatible server.

vLLM, llama.cpp server, TGI, Ollama and hosted APIs all speak this protocol.  Requests
run concurrently (at most ``concurrency`` in flight) on an asyncio loop in a background
thread; :meth:`OpenAIModel.generate` and :meth:`OpenAIModel.loglikelihood` are plain
generators that yield ``(index, Response)`` as each request finishes, so the caller can
persist it at once.  Closing the generator early cancels the requests still in flight.

Failures are per item: after the retry budget (see :mod:`._retry`) an item's
``Response.error`` says why; one bad item never stops the others.  The API key is read
from the environment variable named by ``api_key_env`` and is never stored anywhere
else, logged or shown.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..errors import PolymedError
from ..records import GenerateRequest, LoglikRequest, Response
from ._retry import (
    Fatal,
    Retryable,
    RetryPolicy,
    call_with_retries,
    is_retryable_status,
    parse_retry_after,
    stream_results,
)
from .base import cut_at_stop
from .spec import ModelSpec

log = logging.getLogger(__name__)

DEFAULT_API_KEY_ENV = "OPENAI_API_KEY"
#: the OpenAI API accepts at most four stop sequences; the rest are applied client-side
MAX_STOP = 4
NO_PROMPT_LOGPROBS = "server does not return prompt logprobs; use --mode generate"

_URL_AT = re.compile(r"@(?=https?://)")


def parse_target(target: str) -> tuple[str, str]:
    """Split ``<model>@<base_url>`` on the last ``@`` followed by ``http://`` or
    ``https://``, so model names may contain ``@``; the trailing ``/`` is dropped."""
    matches = list(_URL_AT.finditer(target))
    usage = "use openai:<model>@<base_url>, e.g. openai:gpt-4o-mini@https://api.openai.com/v1"
    if not matches:
        raise PolymedError(f"bad openai model spec {target!r}: {usage}")
    at = matches[-1].start()
    model, base_url = target[:at].strip(), target[at + 1 :].strip().rstrip("/")
    parts = urlsplit(base_url)
    if not model or not parts.hostname:
        raise PolymedError(f"bad openai model spec {target!r}: {usage}")
    if parts.username is not None or parts.password is not None:
        raise PolymedError(
            "credentials in the base URL would be written to config.json: "
            "put the key in an environment variable and name it with api_key_env"
        )
    return model, base_url


class _Malformed(Retryable):
    def __init__(self, what: str):
        super().__init__(f"malformed reply: {what}")


class _NoPromptLogprobs(Fatal):
    def __init__(self) -> None:
        super().__init__(NO_PROMPT_LOGPROBS)


@dataclass
class _Session:
    """What one generate/loglikelihood call shares across its requests."""

    client: httpx.AsyncClient
    slots: asyncio.Semaphore


class OpenAIModel:
    """A model behind an OpenAI-compatible HTTP API (see the module docstring)."""

    def __init__(
        self,
        model: str,
        base_url: str,
        *,
        concurrency: int = 8,
        max_retries: int = 5,
        timeout: float = 120.0,
        api_key_env: str = DEFAULT_API_KEY_ENV,
        chat: bool = True,
        temperature: float = 0.0,
        seed: int | None = None,
        backoff_base: float = 0.5,
        backoff_cap: float = 20.0,
        retry_after_cap: float = 60.0,
    ):
        self.model = model
        self.base_url = base_url
        self.name = f"openai:{model}@{base_url}"
        self.concurrency = _number(int, "concurrency", concurrency, minimum=1)
        self.timeout = _number(float, "timeout", timeout, minimum=1e-3)
        self.chat = _flag("chat", chat)
        self.temperature = _number(float, "temperature", temperature, minimum=0.0)
        self.seed = None if seed is None else _number(int, "seed", seed)
        self.api_key_env = str(api_key_env)
        self.policy = RetryPolicy(
            max_retries=_number(int, "max_retries", max_retries, minimum=0),
            base=_number(float, "backoff_base", backoff_base, minimum=0.0),
            cap=_number(float, "backoff_cap", backoff_cap, minimum=0.0),
            retry_after_cap=_number(float, "retry_after_cap", retry_after_cap, minimum=0.0),
        )
        self._warned: set[str] = set()
        self._no_prompt_logprobs = False

    # -- public protocol ---------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        return {
            "backend": "openai",
            "model": self.model,
            "base_url": self.base_url,
            "chat": self.chat,
            "temperature": self.temperature,
            "seed": self.seed,
            "concurrency": self.concurrency,
            "max_retries": self.policy.max_retries,
            "api_key_env": self.api_key_env,
        }

    def __repr__(self) -> str:
        return f"OpenAIModel({self.name!r})"

    def generate(self, requests: Sequence[GenerateRequest]) -> Iterator[tuple[int, Response]]:
        return self._stream(len(requests), lambda s, i: self._generate_one(s, i, requests[i]))

    def loglikelihood(self, requests: Sequence[LoglikRequest]) -> Iterator[tuple[int, Response]]:
        return self._stream(len(requests), lambda s, i: self._loglik_one(s, i, requests[i]))

    def _stream(
        self, n: int, one: Callable[[_Session, int], Awaitable[Response]]
    ) -> Iterator[tuple[int, Response]]:
        return stream_results(n, one, self._session, workers=self.concurrency, label=self.name)

    # -- one request each --------------------------------------------------------------

    async def _generate_one(self, session: _Session, index: int, req: GenerateRequest) -> Response:
        stops = [s for s in req.stop if s]
        payload: dict[str, Any] = {
            "model": self.model,
            "max_tokens": req.max_new_tokens,
            "temperature": self.temperature,
        }
        if self.seed is not None:
            payload["seed"] = self.seed
        if stops:
            payload["stop"] = stops[:MAX_STOP]
        if self.chat:
            messages = [{"role": "system", "content": req.system}] if req.system else []
            payload["messages"] = [*messages, {"role": "user", "content": req.prompt}]
            path, parse = "/chat/completions", _chat_text
        else:
            # a completions endpoint has no system role: the system text leads the prompt
            payload["prompt"] = f"{req.system}\n\n{req.prompt}" if req.system else req.prompt
            path, parse = "/completions", _completion_text
        try:
            text = await self._post(session, index, path, payload, parse)
        except Fatal as exc:
            return Response(error=exc.reason)
        return Response(text=cut_at_stop(text, stops))

    async def _loglik_one(self, session: _Session, index: int, req: LoglikRequest) -> Response:
        if self._no_prompt_logprobs:  # known from an earlier item: don't ask again
            return Response(error=NO_PROMPT_LOGPROBS)

        async def score(continuation: str) -> tuple[float, int]:
            if not continuation:
                return 0.0, 0
            prompt = req.context + continuation
            payload = {
                "model": self.model,
                "prompt": prompt,
                "max_tokens": 0,
                "echo": True,
                "logprobs": 1,
                "temperature": 0.0,
            }
            parse = partial(_continuation_logprob, prompt=prompt, n_chars=len(continuation))
            return await self._post(session, index, "/completions", payload, parse)

        scored = await asyncio.gather(
            *(score(c) for c in req.continuations), return_exceptions=True
        )
        for number, result in enumerate(scored):
            if isinstance(result, _NoPromptLogprobs):
                self._no_prompt_logprobs = True
                self._warn_once("logprobs", "%s: %s", self.name, NO_PROMPT_LOGPROBS)
            if isinstance(result, Fatal):
                reason = result.reason
                if reason.startswith("HTTP 400"):  # e.g. OpenAI refuses echo with logprobs
                    reason += "; the server may not support echo with logprobs: use --mode generate"
                return Response(error=f"continuation {number}: {reason}")
            if isinstance(result, BaseException):
                raise result
        return Response(logprobs=[lp for lp, _ in scored], lengths=[n for _, n in scored])

    # -- HTTP with retries -------------------------------------------------------------

    async def _post(
        self,
        session: _Session,
        index: int,
        path: str,
        payload: dict[str, Any],
        parse: Callable[[Any], Any],
    ) -> Any:
        """POST ``payload`` and ``parse`` the JSON reply, retrying per the policy;
        raises :class:`Fatal` with a one-line, secret-free reason."""

        async def attempt() -> Any:
            async with session.slots:
                try:
                    reply = await asyncio.wait_for(
                        session.client.post(path, json=payload), self.timeout
                    )
                except (asyncio.TimeoutError, httpx.TimeoutException):
                    raise Retryable(f"timeout after {self.timeout:g} s") from None
                except httpx.TransportError as exc:
                    reason = self._clean(f"{type(exc).__name__}: {exc}".rstrip(": "))
                    raise Retryable(f"connection error: {reason}") from None
            return self._check(reply, parse)

        label = f"{self.name} request {index}"
        return await call_with_retries(attempt, self.policy, label=label, log=log)

    def _check(self, reply: httpx.Response, parse: Callable[[Any], Any]) -> Any:
        status = reply.status_code
        if status >= 400:
            reason = f"HTTP {status}: {self._server_message(reply)}"
            if is_retryable_status(status):
                raise Retryable(reason, retry_after=parse_retry_after(reply.headers))
            if status != 401:
                raise Fatal(f"{reason} (not retried)")
            state = "which is set" if os.environ.get(self.api_key_env) else "which is not set"
            hint = f"check the API key in environment variable {self.api_key_env}, {state}"
            self._warn_once("401", "%s: HTTP 401 Unauthorized: %s", self.name, hint)
            raise Fatal(f"{reason} (not retried; {hint})")
        try:
            data = reply.json()
        except ValueError:
            raise _Malformed("invalid JSON") from None
        try:
            return parse(data)
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
            raise _Malformed(f"unexpected shape ({type(exc).__name__})") from None

    def _server_message(self, reply: httpx.Response) -> str:
        try:
            data = reply.json()
            error = data.get("error", data) if isinstance(data, dict) else data
            message = error.get("message") if isinstance(error, dict) else error
            text = str(message) if message else reply.text
        except ValueError:
            text = reply.text
        return self._clean(text or reply.reason_phrase)

    def _clean(self, text: object, limit: int = 200) -> str:
        """One line, at most ``limit`` characters, with the API key masked."""
        line = " ".join(str(text).split())
        key = os.environ.get(self.api_key_env)
        if key:
            line = line.replace(key, "***")
        return line if len(line) <= limit else line[: limit - 1] + "…"

    def _warn_once(
        self, topic: str, message: str, *args: object, level: int = logging.WARNING
    ) -> None:
        if topic not in self._warned:
            self._warned.add(topic)
            log.log(level, message, *args)

    # -- the session each call shares ---------------------------------------------------

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[_Session]:
        if not os.environ.get(self.api_key_env):
            self._warn_once(
                "nokey",
                "%s: %s is not set; sending no API key (fine for local servers)",
                self.name,
                self.api_key_env,
                level=logging.INFO,
            )
        headers = {"User-Agent": "polymed"}
        key = os.environ.get(self.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        limits = httpx.Limits(
            max_connections=self.concurrency, max_keepalive_connections=self.concurrency
        )
        async with httpx.AsyncClient(
            base_url=self.base_url, headers=headers, timeout=self.timeout, limits=limits
        ) as client:
            yield _Session(client, asyncio.Semaphore(self.concurrency))


# -- reply parsing (KeyError & co. become "malformed reply" in _check) -----------------


def _first_choice(data: Any) -> dict[str, Any]:
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise _Malformed("no choices")
    return choices[0]


def _chat_text(data: Any) -> str:
    content = (_first_choice(data).get("message") or {}).get("content")
    if not isinstance(content, str):
        raise _Malformed("no message content")
    return content


def _completion_text(data: Any) -> str:
    text = _first_choice(data).get("text")
    if not isinstance(text, str):
        raise _Malformed("no text")
    return text


def _continuation_logprob(data: Any, *, prompt: str, n_chars: int) -> tuple[float, int]:
    """Sum the logprobs of the tokens covering the last ``n_chars`` characters of the
    echoed ``prompt``; returns ``(sum, number of tokens)``.

    Positions are counted back from the end of the prompt in the server's own token
    text, so a BOS token the server prepends (``<s>``) does not shift them.  A token
    straddling the context/continuation boundary counts as continuation.
    """
    choice = _first_choice(data)
    lp = choice.get("logprobs")
    if not isinstance(lp, dict) or not lp.get("token_logprobs"):
        raise _NoPromptLogprobs()
    values, tokens, offsets = lp["token_logprobs"], lp.get("tokens"), lp.get("text_offset")
    if not isinstance(tokens, list) or len(tokens) != len(values):
        raise _Malformed("logprobs.tokens and token_logprobs differ in length")
    if offsets is None:
        offsets = [sum(len(t) for t in tokens[:k]) for k in range(len(tokens))]
    elif len(offsets) != len(tokens):
        raise _Malformed("logprobs.text_offset and tokens differ in length")
    text = choice.get("text")
    if isinstance(text, str) and not text.startswith(prompt):
        raise _NoPromptLogprobs()  # the server ignored echo
    generated = len(text) - len(prompt) if isinstance(text, str) else 0
    ends = [*offsets[1:], offsets[-1] + len(tokens[-1])]
    prompt_end = ends[-1] - generated
    start_of_continuation = prompt_end - n_chars
    total, count = 0.0, 0
    for k, (start, end, value) in enumerate(zip(offsets, ends, values, strict=True)):
        if start >= prompt_end or (start < start_of_continuation and end <= start_of_continuation):
            continue  # generated, or wholly context (an empty partial-byte token at the
            # boundary belongs to the character after it, so it is kept)
        if value is None:
            if k == 0:  # the first token has nothing to be conditioned on
                continue
            raise _NoPromptLogprobs()
        total += float(value)
        count += 1
    if count == 0:
        raise Fatal("could not find the continuation's tokens in the server's logprobs")
    return total, count


# -- options ---------------------------------------------------------------------------


def _number(kind: type, name: str, value: Any, minimum: float | None = None) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise PolymedError(f"openai option {name}={value!r} is not a number") from None
    if minimum is not None and number < minimum:
        raise PolymedError(f"openai option {name}={value!r} must be at least {minimum:g}")
    return number


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise PolymedError(f"openai option {name}={value!r} is not a boolean")


_OPTIONS = frozenset(
    {
        "concurrency",
        "max_retries",
        "timeout",
        "api_key_env",
        "chat",
        "temperature",
        "seed",
        "backoff_base",
        "backoff_cap",
        "retry_after_cap",
    }
)


def load(spec: ModelSpec, **options: Any) -> OpenAIModel:
    """Build the backend for ``openai:<model>@<base_url>``; unknown options (settings
    meant for other backends, such as ``batch_size``) are ignored."""
    model, base_url = parse_target(spec.target)
    for name in sorted(set(options) - _OPTIONS):
        if name == "api_key":
            log.warning(
                "the api_key option is ignored: name an environment variable with api_key_env"
            )
        else:
            log.debug("openai backend ignores option %s", name)  # names only: values may be secret
    known = {k: v for k, v in options.items() if k in _OPTIONS}
    return OpenAIModel(model, base_url, **known)
