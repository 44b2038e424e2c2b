"""The ``openai:`` backend against the scripted fake server: requests, retries, streaming,
secrecy and log-likelihood scoring."""

from __future__ import annotations

import logging
import threading
import time
from email.utils import formatdate

import pytest

from fakes.openai_server import FakeOpenAIServer, Fault
from polymed.errors import PolymedError
from polymed.models import Model, load_model
from polymed.models._retry import RetryPolicy, parse_retry_after
from polymed.models.openai import NO_PROMPT_LOGPROBS, parse_target
from polymed.records import GenerateRequest, LoglikRequest, Response

#: tiny backoff and timeouts so the whole file runs in a few seconds
FAST = {"backoff_base": 0.001, "backoff_cap": 0.005, "retry_after_cap": 0.05, "timeout": 2.0}
SECRET = "sk-test-0123456789-very-secret"
CHAT = "/v1/chat/completions"
COMPLETIONS = "/v1/completions"


@pytest.fixture
def server(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAIServer() as fake:
        yield fake


def make(server: FakeOpenAIServer, **options):
    return load_model(f"openai:fake-model@{server.url}", **{**FAST, **options})


def collect(pairs) -> dict[int, Response]:
    out: dict[int, Response] = {}
    for index, response in pairs:
        assert index not in out, f"index {index} yielded twice"
        out[index] = response
    return out


def prompts(*texts: str) -> list[GenerateRequest]:
    return [GenerateRequest(t) for t in texts]


# -- spec and options ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "model", "base_url"),
    [
        ("gpt-4o-mini@https://api.openai.com/v1", "gpt-4o-mini", "https://api.openai.com/v1"),
        (
            "meta-llama/Llama-3.1-8B-Instruct@http://localhost:8000/v1/",
            "meta-llama/Llama-3.1-8B-Instruct",
            "http://localhost:8000/v1",
        ),
        ("team@v2/model@http://10.0.0.2:8080/v1", "team@v2/model", "http://10.0.0.2:8080/v1"),
        ("m@httpish@http://h/v1", "m@httpish", "http://h/v1"),
    ],
)
def test_parse_target_splits_on_last_at_before_url(target, model, base_url):
    assert parse_target(target) == (model, base_url)


@pytest.mark.parametrize(
    "target",
    ["gpt-4o-mini", "gpt-4o-mini@", "@http://h/v1", "m@localhost:8000/v1", "m@http://u:pw@h/v1"],
)
def test_parse_target_rejects_bad_specs(target):
    with pytest.raises(PolymedError):
        parse_target(target)


def test_describe_name_and_ignored_options(server, caplog):
    caplog.set_level(logging.DEBUG, logger="polymed.models.openai")
    model = make(server, concurrency="3", chat="false", seed=7, batch_size=16)
    assert isinstance(model, Model)
    assert model.name == f"openai:fake-model@{server.url}"
    assert model.describe() == {
        "backend": "openai",
        "model": "fake-model",
        "base_url": server.url,
        "chat": False,
        "temperature": 0.0,
        "seed": 7,
        "concurrency": 3,
        "max_retries": 5,
        "api_key_env": "OPENAI_API_KEY",
    }
    assert "ignores option batch_size" in caplog.text


@pytest.mark.parametrize("options", [{"concurrency": 0}, {"timeout": "soon"}, {"chat": "maybe"}])
def test_bad_option_values_raise(server, options):
    with pytest.raises(PolymedError):
        make(server, **options)


# -- generation ------------------------------------------------------------------------


def test_generate_chat_sends_messages_and_settings(server):
    server.reply = lambda req: f"reply to {req.prompt}"
    model = make(server, seed=3)
    requests = [
        GenerateRequest("first", max_new_tokens=5, system="Be brief."),
        GenerateRequest("second"),
    ]
    out = collect(model.generate(requests))
    assert {i: r.text for i, r in out.items()} == {0: "reply to first", 1: "reply to second"}
    assert server.count(CHAT) == 2
    body = next(r.body for r in server.requests if r.prompt == "first")
    assert body["model"] == "fake-model"
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "first"},
    ]
    assert (body["max_tokens"], body["temperature"], body["seed"]) == (5, 0.0, 3)
    assert "stop" not in body


def test_generate_completions_mode(server):
    model = make(server, chat=False)
    out = collect(model.generate([GenerateRequest("Q: 2+2?\nA:", system="Math.")]))
    assert out[0].text == "echo: Math.\n\nQ: 2+2?\nA:"
    assert server.count(COMPLETIONS) == 1 and server.count(CHAT) == 0


def test_more_than_four_stops_are_applied_client_side(server):
    server.reply = lambda req: "Answer: B\nE-stop tail"
    stops = ("###", "[End]", "\n\n", "Question:", "E-stop")
    out = collect(make(server).generate([GenerateRequest("q", stop=stops)]))
    assert server.requests[0].body["stop"] == list(stops[:4])
    assert out[0].text == "Answer: B\n"


# -- faults and retries ----------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        Fault.http(429, retry_after="0"),
        Fault.http(500),
        Fault.http(503),
        Fault.slow(1.0),
        Fault.malformed(),
        Fault.no_choices(),
        Fault.no_content(),
        Fault.disconnect(),
    ],
    ids=lambda f: f"{f.kind}{f.status if f.kind == 'http' else ''}",
)
def test_each_fault_recovers_on_retry(server, caplog, fault):
    server.reply = lambda req: "fine"
    server.script(fault)
    out = collect(make(server, timeout=0.3).generate(prompts("q")))
    assert out[0] == Response(text="fine")
    assert server.count(CHAT) == 2
    assert [r.levelname for r in caplog.records if "retrying" in r.message] == ["WARNING"]


def test_retry_after_is_honoured_and_capped(server):
    server.script(Fault.http(429, retry_after=0.3))
    start = time.monotonic()
    collect(make(server, retry_after_cap=5).generate(prompts("q")))
    assert time.monotonic() - start >= 0.28
    server.script(Fault.http(429, retry_after=30))  # capped at FAST's 0.05 s
    start = time.monotonic()
    assert collect(make(server).generate(prompts("q")))[0].ok
    assert time.monotonic() - start < 2


def test_exhausted_budget_is_a_per_item_error(server):
    server.rule = lambda req: Fault.http(503) if req.prompt == "bad" else None
    out = collect(make(server, max_retries=2).generate(prompts("a", "bad", "c", "d")))
    assert out[1].error == "gave up after 3 attempts: HTTP 503: injected HTTP 503"
    assert [out[i].text for i in (0, 2, 3)] == ["echo: a", "echo: c", "echo: d"]
    assert sum(r.prompt == "bad" for r in server.requests) == 3


def test_malformed_until_budget_ends_says_so(server):
    server.rule = lambda req: Fault.malformed()
    out = collect(make(server, max_retries=1).generate(prompts("q")))
    assert out[0].error == "gave up after 2 attempts: malformed reply: invalid JSON"


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_not_retried(server, status):
    server.script(Fault.http(status))
    out = collect(make(server).generate(prompts("q")))
    assert out[0].error == f"HTTP {status}: injected HTTP {status} (not retried)"
    assert server.count() == 1


def test_401_on_every_request_gives_item_errors_and_one_hint(server, caplog, monkeypatch):
    monkeypatch.setenv("MY_KEY", SECRET)
    server.rule = lambda req: Fault.http(401)
    out = collect(make(server, api_key_env="MY_KEY").generate(prompts("a", "b", "c")))
    assert len(out) == 3 and all(r.error.startswith("HTTP 401") for r in out.values())
    assert all("MY_KEY" in r.error for r in out.values())
    hints = [r for r in caplog.records if "environment variable MY_KEY" in r.getMessage()]
    assert len(hints) == 1 and hints[0].levelname == "WARNING"
    assert server.count() == 3
    assert SECRET not in caplog.text


# -- concurrency and streaming ---------------------------------------------------------


def test_concurrency_bound_is_respected(server):
    server.latency = 0.05
    out = collect(make(server, concurrency=3).generate(prompts(*map(str, range(12)))))
    assert len(out) == 12 and all(r.ok for r in out.values())
    assert 2 <= server.max_in_flight <= 3


def test_concurrency_bound_holds_across_loglik_continuations(server):
    server.latency = 0.05
    requests = [LoglikRequest(f"Q{i}:", (" A", " B", " C", " D")) for i in range(3)]
    out = collect(make(server, concurrency=2).loglikelihood(requests))
    assert all(r.ok for r in out.values()) and server.count(COMPLETIONS) == 12
    assert server.max_in_flight <= 2


def test_results_stream_as_they_finish(server):
    server.rule = lambda req: Fault.slow(0.4) if req.prompt == "slow" else None
    order = [i for i, _ in make(server, concurrency=4).generate(prompts("slow", "a", "b", "c"))]
    assert sorted(order) == [0, 1, 2, 3]
    assert order[-1] == 0  # the slow one came last, the others did not wait for it


def test_closing_early_cancels_outstanding_work(server):
    server.latency = 0.2
    model = make(server, concurrency=2)
    stream = model.generate(prompts(*map(str, range(20))))
    next(stream)
    stream.close()
    time.sleep(0.3)
    assert server.count() <= 6
    alive = [t for t in threading.enumerate() if t.name.startswith("polymed-openai:")]
    assert alive == []


def test_empty_request_list(server):
    assert list(make(server).generate([])) == []
    assert server.count() == 0


# -- the API key -----------------------------------------------------------------------


def test_api_key_is_sent_but_never_shown(server, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)  # httpx/httpcore debug logs too
    monkeypatch.setenv("POLYMED_TEST_KEY", SECRET)
    server.script(Fault.http(500))  # a retry warning
    server.rule = lambda req: Fault.http(400) if req.prompt == "bad" else None
    model = make(server, api_key_env="POLYMED_TEST_KEY")
    out = collect(model.generate(prompts("ok", "bad")))
    assert {r.headers["authorization"] for r in server.requests} == {f"Bearer {SECRET}"}
    assert out[1].error and caplog.records
    shown = [repr(model), str(model), model.name, str(model.describe()), caplog.text]
    shown += [str(r) for r in out.values()]
    assert not any(SECRET in text for text in shown)
    assert model.describe()["api_key_env"] == "POLYMED_TEST_KEY"


def test_missing_key_sends_no_authorization(server):
    collect(make(server).generate(prompts("q")))
    assert "authorization" not in server.requests[0].headers


# -- log-likelihood --------------------------------------------------------------------


@pytest.mark.parametrize("bos", ["<s>", ""])
def test_loglikelihood_sums_only_the_continuation(server, bos):
    server.bos = bos  # a BOS token the server prepends must not shift the boundary
    requests = [
        LoglikRequest("Question: pick one.\nAnswer:", (" yes", " no way", "")),
        LoglikRequest("Answer: ", ("A",)),  # " A" straddles the boundary: it counts
    ]
    out = collect(make(server).loglikelihood(requests))
    # the fake gives each token -0.1 per character: " yes" -0.4; " no" + " way" -0.3 - 0.4
    assert out[0].logprobs == pytest.approx([-0.4, -0.7, 0.0])
    assert out[0].lengths == [1, 2, 0]
    assert out[1].logprobs == pytest.approx([-0.2]) and out[1].lengths == [1]
    assert server.count(COMPLETIONS) == 3  # the empty continuation needs no request
    body = server.requests[0].body
    assert (body["echo"], body["logprobs"], body["max_tokens"]) == (True, 1, 0)
    assert {r.prompt for r in server.requests} == {
        "Question: pick one.\nAnswer: yes",
        "Question: pick one.\nAnswer: no way",
        "Answer: A",
    }


def test_loglikelihood_retries_malformed_replies(server):
    server.script(Fault.malformed(), Fault.no_choices())
    out = collect(make(server, concurrency=1).loglikelihood([LoglikRequest("Q:", (" A",))]))
    assert out[0].logprobs == pytest.approx([-0.2])
    assert server.count(COMPLETIONS) == 3


def test_server_without_prompt_logprobs_gives_clear_item_errors(server, caplog):
    server.logprobs = False
    requests = [LoglikRequest(f"Q{i}:", (" A", " B")) for i in range(3)]
    out = collect(make(server, concurrency=1).loglikelihood(requests))
    assert len(out) == 3
    assert all(NO_PROMPT_LOGPROBS in r.error and "--mode generate" in r.error for r in out.values())
    assert server.count() == 2  # the first item found out; the others were not sent
    assert caplog.text.count(NO_PROMPT_LOGPROBS) == 1


def test_one_failing_continuation_fails_its_item_only(server):
    server.rule = lambda req: Fault.http(404) if req.prompt == "Q0: B" else None
    requests = [LoglikRequest(f"Q{i}:", (" A", " B")) for i in range(2)]
    out = collect(make(server).loglikelihood(requests))
    assert out[0].error == "continuation 1: HTTP 404: injected HTTP 404 (not retried)"
    assert out[1].ok and len(out[1].logprobs) == 2


def test_loglik_rejected_with_400_suggests_generate_mode(server):
    server.rule = lambda req: Fault.http(400)
    out = collect(make(server).loglikelihood([LoglikRequest("Q:", (" A",))]))
    assert out[0].error.startswith("continuation 0: HTTP 400: injected HTTP 400 (not retried)")
    assert out[0].error.endswith("use --mode generate")


# -- the retry policy ------------------------------------------------------------------


def test_backoff_doubles_with_jitter_and_caps():
    policy = RetryPolicy(base=0.5, cap=20.0, retry_after_cap=60.0)
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (7, 20.0), (12, 20.0)]:
        delay = policy.delay(attempt)
        assert ceiling / 2 <= delay <= ceiling
    assert policy.delay(1, retry_after=5) == 5
    assert policy.delay(1, retry_after=600) == 60


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "soon"}, None),
    ],
)
def test_parse_retry_after(headers, expected):
    assert parse_retry_after(headers) == expected


def test_parse_retry_after_http_date():
    value = parse_retry_after({"retry-after": formatdate(time.time() + 30, usegmt=True)})
    assert value is not None and 25 <= value <= 31
