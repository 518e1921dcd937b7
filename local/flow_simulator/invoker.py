"""Calling the Lambda functions a flow invokes: stubbed results, or the project's real handlers.

An invoker answers for the functions it knows; ``LambdaInvokers`` asks several in turn, so stubs
placed first take precedence over handlers. What the call returned is judged by the flow action
(flat string map or JSON, size, time limit), as Connect does; an invoker only reports it.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from local.flow_simulator.errors import MissingLambdaError, ScriptError
from local.lambda_context import FakeLambdaContext


@dataclass(frozen=True)
class LambdaReply:
    payload: Any = None
    error: str | None = None  # the function raised (or the stub says it fails)
    timed_out: bool = False  # the function ran past its time limit
    duration_ms: float = 0.0
    source: str = "stub"


class LambdaInvoker(Protocol):
    def knows(self, function: str) -> bool: ...

    def invoke(self, function: str, event: Mapping[str, Any], timeout_seconds: float) -> LambdaReply: ...


def function_name(function: str) -> str:
    """``arn:aws:lambda:eu-west-2:1:function:name[:alias]`` -> ``name``; a bare name stays as it is."""
    if function.startswith("arn:") and ":function:" in function:
        return function.split(":function:", 1)[1].split(":", 1)[0]
    return function


StubCall = Callable[[Mapping[str, Any]], Any]


@dataclass
class _Stub:
    """One function's scripted replies: a result, an error, a timeout, or a sequence of those."""

    replies: list[LambdaReply | StubCall]
    calls: int = 0

    def next_reply(self, event: Mapping[str, Any]) -> LambdaReply:
        reply = self.replies[min(self.calls, len(self.replies) - 1)]
        self.calls += 1
        if isinstance(reply, LambdaReply):
            return reply
        started = time.perf_counter()
        try:
            payload = reply(event)
        except Exception as error:  # a stub callable fails like a function would
            return LambdaReply(error=f"{type(error).__name__}: {error}", duration_ms=_since(started))
        return LambdaReply(payload=payload, duration_ms=_since(started))


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def stub_replies(spec: Any, where: str) -> list[LambdaReply | StubCall]:
    """A stub spec as replies. Forms (a mapping with exactly that one key is special):

    - ``{"result": {...}}`` or any other mapping: that result;
    - ``{"raise": "message"}``: the function fails;
    - ``{"timeout": true}``: the function runs past the action's time limit;
    - ``{"sequence": [spec, ...]}``: one spec per call, the last repeating;
    - a callable (Python API): called with the Connect event, its return value is the result.
    """
    if callable(spec):
        return [spec]
    if isinstance(spec, Mapping) and len(spec) == 1:
        ((key, value),) = spec.items()
        if key == "sequence" and isinstance(value, list) and value:
            return [reply for item in value for reply in stub_replies(item, where)[:1]]
        if key == "raise":
            return [LambdaReply(error=str(value))]
        if key == "timeout" and value is True:
            return [LambdaReply(timed_out=True)]
        if key == "result":
            return [LambdaReply(payload=value)]
    if isinstance(spec, Mapping):
        return [LambdaReply(payload=dict(spec))]
    raise ScriptError(
        f"{where}: a stub is a result object, {{raise: message}}, {{timeout: true}} or {{sequence: [...]}}"
    )


class StubbedLambdas:
    """Results given per function ARN or per function name (the ARN's last segment)."""

    def __init__(self, stubs: Mapping[str, Any] | None = None) -> None:
        self._stubs: dict[str, _Stub] = {}
        for key, spec in (stubs or {}).items():
            self.add(key, spec)

    def add(self, function: str, spec: Any) -> None:
        self._stubs[function] = _Stub(stub_replies(spec, f"stub {function!r}"))

    def _find(self, function: str) -> _Stub | None:
        return self._stubs.get(function) or self._stubs.get(function_name(function))

    def knows(self, function: str) -> bool:
        return self._find(function) is not None

    def invoke(self, function: str, event: Mapping[str, Any], timeout_seconds: float) -> LambdaReply:
        stub = self._find(function)
        if stub is None:
            raise MissingLambdaError(f"no stub for Lambda {function!r}")
        return stub.next_reply(event)

    def calls(self, function: str) -> int:
        stub = self._find(function)
        return stub.calls if stub else 0


def load_stub_file(path: str | Path) -> Any:
    """A stub spec from a JSON file (or inline JSON text starting with ``{``)."""
    text = str(path)
    if not text.lstrip().startswith("{"):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise ScriptError(f"cannot read stub {path}: {error.strerror or error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ScriptError(f"stub {path} is not valid JSON: {error.msg} at line {error.lineno}") from None


LOCAL_FUNCTION_PREFIX = "frontdoor-local-"


def handler_path_for(function: str, prefix: str = LOCAL_FUNCTION_PREFIX) -> str | None:
    """The project's naming convention: ``frontdoor-local-case-status`` ->
    ``functions.connect_case_status.handler.lambda_handler``."""
    name = function_name(function)
    if not name.startswith(prefix) or len(name) == len(prefix):
        return None
    key = name[len(prefix) :].replace("-", "_")
    return f"functions.connect_{key}.handler.lambda_handler"


@dataclass
class HandlerLambdas:
    """The project's handlers, called in-process with the event Connect sends.

    Functions are found by the naming convention (see ``handler_path_for``) or in ``handlers``
    (function name or ARN -> dotted path of the handler). Modules are imported on first use.
    A handler that raises is a failed invocation; the flow takes its error branch.
    """

    handlers: Mapping[str, str] = field(default_factory=dict)
    prefix: str = LOCAL_FUNCTION_PREFIX
    region: str = "eu-west-2"
    _loaded: dict[str, Callable[..., Any]] = field(default_factory=dict, init=False, repr=False)

    def _path(self, function: str) -> str | None:
        return (
            self.handlers.get(function)
            or self.handlers.get(function_name(function))
            or handler_path_for(function, self.prefix)
        )

    def knows(self, function: str) -> bool:
        path = self._path(function)
        if path is None:
            return False
        module_name = path.rsplit(".", 1)[0]
        try:
            return importlib.util.find_spec(module_name) is not None
        except ModuleNotFoundError:  # a parent package is missing
            return False

    def _handler(self, function: str) -> Callable[..., Any]:
        path = self._path(function)
        if path is None:
            raise MissingLambdaError(f"no handler for Lambda {function!r}")
        if path not in self._loaded:
            module_name, _, attribute = path.rpartition(".")
            handler = getattr(importlib.import_module(module_name), attribute)
            self._loaded[path] = handler
        return self._loaded[path]

    def invoke(self, function: str, event: Mapping[str, Any], timeout_seconds: float) -> LambdaReply:
        context = FakeLambdaContext(
            function_name=function_name(function), region=self.region, timeout_ms=int(timeout_seconds * 1000)
        )
        started = time.perf_counter()
        try:
            handler = self._handler(function)
            payload = handler(json.loads(json.dumps(event)), context)
        except MissingLambdaError:
            raise
        except Exception as error:  # Connect sees a failed invocation, whatever the cause
            return LambdaReply(
                error=f"{type(error).__name__}: {error}", duration_ms=_since(started), source="handler"
            )
        duration = _since(started)
        return LambdaReply(
            payload=payload,
            duration_ms=duration,
            timed_out=duration > timeout_seconds * 1000,
            source="handler",
        )


class LambdaInvokers:
    """Several invokers asked in order; the first that knows a function answers for it."""

    def __init__(self, *invokers: LambdaInvoker) -> None:
        self.invokers: Sequence[LambdaInvoker] = invokers

    def knows(self, function: str) -> bool:
        return any(invoker.knows(function) for invoker in self.invokers)

    def invoke(self, function: str, event: Mapping[str, Any], timeout_seconds: float) -> LambdaReply:
        for invoker in self.invokers:
            if invoker.knows(function):
                return invoker.invoke(function, event, timeout_seconds)
        raise MissingLambdaError(
            f"no stub or handler for Lambda {function!r}: give one with "
            f"--stub {function_name(function)}=RESULT.json or in the script's lambdas"
        )
