"""A scripted fake OpenAI-compatible server for tests (stdlib only).

    with FakeOpenAIServer(reply=lambda req: "Answer: B") as server:
        server.script(Fault.http(429, retry_after=0.01), Fault.malformed())
        model = load_model(f"openai:fake@{server.url}", backoff_base=0.001)
        ...
        assert server.count("/v1/chat/completions") == 3

It binds 127.0.0.1 on port 0, serves ``/v1/chat/completions``, ``/v1/completions``
(including ``echo`` + ``logprobs`` with deterministic fake logprobs) and ``/v1/models``,
records every request, and injects faults: the next queued one from :meth:`script`
(in arrival order), or whatever ``rule(request)`` picks for a given request.  It stops
when the ``with`` block ends, or after ``lifetime`` seconds whatever happens.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Fault:
    """One injected misbehaviour; build it with the class methods."""

    kind: str
    status: int = 200
    retry_after: str | None = None
    seconds: float = 0.0

    @classmethod
    def http(cls, status: int, retry_after: float | str | None = None) -> Fault:
        """An error status with an OpenAI-style error body (and ``Retry-After``)."""
        return cls("http", status, None if retry_after is None else str(retry_after))

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """A normal reply, ``seconds`` late (longer than the client timeout: a timeout)."""
        return cls("slow", seconds=seconds)

    @classmethod
    def malformed(cls) -> Fault:
        """``200 OK`` with a body that is not JSON."""
        return cls("malformed")

    @classmethod
    def no_choices(cls) -> Fault:
        """``200 OK`` with JSON that has no ``choices``."""
        return cls("no_choices")

    @classmethod
    def no_content(cls) -> Fault:
        """``200 OK`` with a choice that has no message content / text."""
        return cls("no_content")

    @classmethod
    def disconnect(cls) -> Fault:
        """Close the connection without answering."""
        return cls("disconnect")


@dataclass
class Recorded:
    """One request as the server saw it (``headers`` has lower-case names)."""

    path: str
    headers: dict[str, str]
    body: Any
    time: float
    fault: Fault | None = None

    @property
    def prompt(self) -> str:
        """The completions ``prompt``, or the last chat message's content."""
        if not isinstance(self.body, dict):
            return ""
        if "messages" in self.body:
            messages = self.body["messages"] or [{}]
            return str(messages[-1].get("content", ""))
        return str(self.body.get("prompt", ""))

    @property
    def system(self) -> str | None:
        for message in (self.body or {}).get("messages", []):
            if message.get("role") == "system":
                return message.get("content")
        return None


def tokenize(text: str) -> list[str]:
    """Fake tokens: each word with the whitespace before it (``"a b"`` → ``["a", " b"]``)."""
    return re.findall(r"\s*\S+|\s+", text)


def default_reply(request: Recorded) -> str:
    return f"echo: {request.prompt}"


def default_logprob(token: str) -> float:
    """-0.1 per character: easy to sum by hand in a test."""
    return -0.1 * len(token)


@dataclass
class FakeOpenAIServer:
    """Attributes may be changed while it runs (``server.reply = ...``)."""

    #: request -> reply text (chat content, completion text, or what follows an echo)
    reply: Callable[[Recorded], str] = default_reply
    #: request -> fault for that request (or None); checked before the script
    rule: Callable[[Recorded], Fault | None] | None = None
    #: False: /completions ignores echo and logprobs, like servers that lack them
    logprobs: bool = True
    #: the token a tokenizer puts first (its logprob is null), "" for none
    bos: str = "<s>"
    logprob: Callable[[str], float] = default_logprob
    #: seconds every request takes (to make concurrency observable)
    latency: float = 0.0
    #: the server stops itself after this many seconds
    lifetime: float = 60.0

    requests: list[Recorded] = field(default_factory=list, init=False)
    max_in_flight: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._script: deque[Fault] = deque()
        self._in_flight = 0
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.fake = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        with self._lock:
            httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()  # wakes slow replies
        if self._timer is not None and self._timer is not threading.current_thread():
            self._timer.cancel()
        httpd.shutdown()
        httpd.server_close()

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL to give a client, ending in ``/v1``."""
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    # -- scripting and assertions ------------------------------------------------------

    def script(self, *faults: Fault) -> None:
        """Queue faults: each new request (without a ``rule`` fault) takes the next one."""
        with self._lock:
            self._script.extend(faults)

    def count(self, path: str | None = None) -> int:
        """Requests received (to ``path``, e.g. ``"/v1/completions"``)."""
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    # -- request handling (server threads) ---------------------------------------------

    def _handle(self, handler: _Handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in handler.headers.items()}
        request = Recorded(handler.path, headers, body, time.monotonic())
        fault = self.rule(request) if self.rule else None
        with self._lock:
            if fault is None and self._script:
                fault = self._script.popleft()
            request.fault = fault
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            if self.latency:
                self._stopping.wait(self.latency)
            self._respond(handler, request, fault)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _respond(self, handler: _Handler, request: Recorded, fault: Fault | None) -> None:
        kind = fault.kind if fault else None
        if kind == "disconnect":
            handler.close_connection = True
            return
        if kind == "http":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            message = {"error": {"message": f"injected HTTP {fault.status}", "type": "fake"}}
            return _send(handler, fault.status, json.dumps(message).encode(), headers)
        if kind == "slow":
            self._stopping.wait(fault.seconds)
        if kind == "malformed":
            return _send(handler, 200, b'{"choices": [{"text": "cut sho')
        if kind == "no_choices":
            return _send(handler, 200, b'{"id": "fake", "object": "chat.completion"}')
        path = request.path
        if path.endswith("/models"):
            return _send(handler, 200, b'{"object": "list", "data": [{"id": "fake"}]}')
        if path.endswith("/chat/completions"):
            message = {"role": "assistant"}
            if kind != "no_content":
                message["content"] = self._reply_text(request)
            choice = {"index": 0, "message": message, "finish_reason": "stop"}
        elif path.endswith("/completions"):
            choice = {"index": 0, "finish_reason": "length", "logprobs": None}
            if kind != "no_content":
                choice.update(self._completion(request))
        else:
            return _send(handler, 404, b'{"error": {"message": "no such path"}}')
        reply = {"id": "fake", "object": "fake", "model": "fake", "choices": [choice]}
        _send(handler, 200, json.dumps(reply).encode())

    def _reply_text(self, request: Recorded) -> str:
        text = self.reply(request)
        stop = (request.body or {}).get("stop") or []
        for s in [stop] if isinstance(stop, str) else stop:
            text = text.split(s, 1)[0]  # like a real server: stop before the stop string
        return text

    def _completion(self, request: Recorded) -> dict[str, Any]:
        body = request.body or {}
        if not (self.logprobs and body.get("echo") and body.get("logprobs") is not None):
            return {"text": self._reply_text(request)}
        prompt = request.prompt
        generated = self._reply_text(request) if body.get("max_tokens", 16) else ""
        tokens = ([self.bos] if self.bos else []) + tokenize(prompt) + tokenize(generated)
        offsets, at = [], 0
        for token in tokens:
            offsets.append(at)
            at += len(token)
        values = [self.logprob(t) for t in tokens]
        values[0] = None  # nothing to condition the first token on
        return {
            "text": prompt + generated,
            "logprobs": {
                "tokens": tokens,
                "token_logprobs": values,
                "text_offset": offsets,
                "top_logprobs": [None]
                + [{t: v} for t, v in zip(tokens[1:], values[1:], strict=True)],
            },
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    fake: FakeOpenAIServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.fake._handle(self)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


def _send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict | None = None
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
