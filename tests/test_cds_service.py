"""The CDS Hooks service: the same advice from an EHR's resources, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import copy
import http.client
import io
import json
import re
import shlex
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import guideline._service as service
from guideline import Alert, Parameters, recommend
from guideline._cli import main
from guideline.cds_hooks import (
    DATE_CONTEXT,
    NOTES_SHOWN,
    SERVICE_ID,
    RequestError,
    card,
    discovery,
    hook_request,
    prefetch_templates,
    respond,
)
from guideline.examples import WORKED_CASES, complete_responder
from guideline.fhir import DEFAULT_MAPPING, MEDICATION_RESOURCES

from .builders import without_markers

JSON = dict[str, Any]
CASES = [(name, on) for name, case in WORKED_CASES.items() for on in case.dates]
CASE_IDS = [f"{name}-{on}" for name, on in CASES]
ON = date(2025, 7, 20)
PATH = f"/cds-services/{SERVICE_ID}"


def through_text(data: object) -> Any:
    return json.loads(json.dumps(data))


def a_request(on: date | None = ON, **options: Any) -> JSON:
    data: JSON = through_text(hook_request(complete_responder(), on, **options))
    return data


def shown_alerts(detail: str) -> set[str]:
    alerts = detail.split("**Alerts**", 1)[1].split("**Next review:**", 1)[0]
    return set(re.findall(r"^- `([a-z_]+)`:", alerts, re.MULTILINE))


def shown_rule(detail: str) -> str:
    found = re.search(r"Decision table row: `([a-z_0-9]+)`\.", detail)
    assert found is not None
    return found[1]


# -- the service's logic, without HTTP -----------------------------------------------------


def test_discovery_offers_one_patient_view_service_that_prefetches_every_mapped_code() -> None:
    (offered,) = discovery()["services"]
    assert (offered["hook"], offered["id"]) == ("patient-view", SERVICE_ID)
    assert offered["prefetch"] == prefetch_templates()
    for code in DEFAULT_MAPPING.observations:
        assert f"{code.system}|{code.code}" in offered["prefetch"]["observations"]
    for kind in MEDICATION_RESOURCES:
        assert any(v.startswith(f"{kind}?patient=") for v in offered["prefetch"].values())
    assert all("{{context.patientId}}" in v for v in offered["prefetch"].values())


def test_the_card_is_the_recommendation_card_with_the_date_and_its_source() -> None:
    answer = respond(a_request())
    (shown,) = answer["cards"]
    advice = recommend(complete_responder(), ON)
    expected = card(advice)
    assert {k: v for k, v in shown.items() if k != "detail"} == {
        k: v for k, v in expected.items() if k != "detail"
    }
    assert shown["detail"].startswith(
        "Evaluated on 2025-07-20, the date the request gave (context.evaluationDate). "
        f"Decision table row: `{advice.rule}`."
    )
    assert expected["detail"] in shown["detail"]
    assert "Read from the record" not in shown["detail"]  # nothing was left unused


def test_without_a_date_the_servers_clock_dates_the_answer_and_says_so() -> None:
    answer = respond(a_request(None), clock=(ON, "the server's test clock"))
    assert answer["cards"][0]["detail"].startswith(
        "Evaluated on 2025-07-20, the server's test clock."
    )


def test_without_a_date_or_a_clock_there_is_no_answer() -> None:
    with pytest.raises(RequestError) as raised:
        respond(a_request(None))
    assert raised.value.field == f"context.{DATE_CONTEXT}"
    assert "--on or --today" in raised.value.reason


def test_the_request_date_wins_over_the_clock() -> None:
    answer = respond(a_request(ON), clock=(date(2030, 1, 1), "the clock"))
    assert "Evaluated on 2025-07-20, the date the request gave" in answer["cards"][0]["detail"]


def test_parameters_reach_the_rules() -> None:
    strict = Parameters(nonresponse_threshold=0.5)
    request = through_text(hook_request(WORKED_CASES["non_responder"].course, date(2025, 8, 1)))
    expected = recommend(WORKED_CASES["non_responder"].course, date(2025, 8, 1), strict)
    shown = respond(request, parameters=strict)["cards"][0]
    assert shown["source"]["topic"]["code"] == expected.action.value


def broken(change: Any) -> JSON:
    request = a_request()
    change(request)
    return request


@pytest.mark.parametrize(
    ("request_body", "field"),
    [
        ([], "$"),
        (broken(lambda r: r.update(hook="order-sign")), "hook"),
        (broken(lambda r: r.pop("hookInstance")), "hookInstance"),
        (broken(lambda r: r.update(context=None)), "context"),
        (broken(lambda r: r["context"].pop("patientId")), "context.patientId"),
        (broken(lambda r: r["context"].update(patientId="")), "context.patientId"),
        (
            broken(lambda r: r["context"].update(evaluationDate="20 July 2025")),
            "context.evaluationDate",
        ),
        (
            broken(lambda r: r["context"].update(evaluationDate="2025-02-30")),
            "context.evaluationDate",
        ),
        (broken(lambda r: r.update(prefetch=[])), "prefetch"),
        (broken(lambda r: r["prefetch"].update(goals=[])), "prefetch.goals"),
        (
            broken(lambda r: r["prefetch"]["goals"].update(resourceType="Goal")),
            "prefetch.goals.resourceType",
        ),
        (broken(lambda r: r["prefetch"]["goals"].update(entry={})), "prefetch.goals.entry"),
    ],
)
def test_a_request_of_another_shape_is_refused_naming_the_path(
    request_body: Any, field: str
) -> None:
    with pytest.raises(RequestError) as raised:
        respond(request_body)
    assert raised.value.field == field


def test_prefetch_keys_not_sent_are_listed_in_the_card() -> None:
    request = a_request()
    del request["prefetch"]["medicationRequests"]
    request["prefetch"]["medicationAdministrations"] = None
    detail = respond(request)["cards"][0]["detail"]
    assert "- prefetch `medicationRequests`: not sent by the EHR" in detail
    assert "- prefetch `medicationAdministrations`: not sent by the EHR" in detail


def test_no_prefetch_at_all_gives_a_card_saying_there_is_no_course() -> None:
    request = a_request()
    del request["prefetch"]
    (shown,) = respond(request)["cards"]
    assert shown["indicator"] == "warning"
    assert "no medication record" in shown["detail"]


def test_notes_on_the_record_are_listed_and_counted_past_a_limit() -> None:
    request = a_request()
    entries = request["prefetch"]["observations"]["entry"]
    for index in range(NOTES_SHOWN + 3):
        extra = copy.deepcopy(entries[0]["resource"])
        extra["id"] = f"other-{index}"
        extra["code"] = {"coding": [{"system": "http://loinc.org", "code": "718-7"}]}
        entries.append({"resource": extra})
    detail = respond(request)["cards"][0]["detail"]
    assert "- `Observation/other-0` (prefetch.observations.entry[" in detail
    assert "unknown code, code http://loinc.org|718-7 is not mapped" in detail
    assert detail.endswith("- and 3 more")


def test_an_unreadable_record_gives_a_warning_card_naming_the_fault() -> None:
    request = a_request()
    value = request["prefetch"]["observations"]["entry"][2]["resource"]["valueQuantity"]
    value["code"] = value["unit"] = "mg/g"
    (shown,) = respond(request)["cards"]
    assert shown["indicator"] == "warning"
    assert shown["summary"] == "No advice: the record could not be read as a CNI course"
    assert "prefetch.observations.entry[2].resource.valueQuantity.code" in shown["detail"]
    assert "(Observation/proteinuria-2)" in shown["detail"]
    assert "source" in shown
    assert "topic" not in shown["source"]  # no action is advised


def test_a_resource_of_another_patient_gives_a_warning_card() -> None:
    request = a_request()
    request["context"]["patientId"] = "someone-else"
    (shown,) = respond(request)["cards"]
    assert shown["indicator"] == "warning"
    assert "names another patient than Patient/someone-else" in shown["detail"]


def test_a_date_before_the_course_gives_a_warning_card() -> None:
    (shown,) = respond(a_request(date(2024, 1, 1)))["cards"]
    assert shown["indicator"] == "warning"
    assert "before the start date 2025-01-15" in shown["detail"]


# -- over HTTP -----------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    """A test of the service reached, or looked up, something beyond 127.0.0.1."""


def _is_loopback(host: object) -> bool:
    return isinstance(host, str) and service._loopback(host) and host != "localhost"


@pytest.fixture(scope="module", autouse=True)
def nothing_beyond_this_machine() -> Iterator[None]:
    """Every address these tests connect to or look up is a loopback address, given as one.

    A name look-up (even of 127.0.0.1's name) or a connection elsewhere fails
    the test, so the service's tests need no network and no resolver.
    """
    lookup = socket.getaddrinfo
    connect = socket.socket.connect

    def checked_lookup(host: object, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            raise NetworkUsed(f"looked up {host!r}")
        return lookup(host, *args, **kwargs)  # type: ignore[arg-type]

    def no_name_lookup(*args: object) -> Any:
        raise NetworkUsed(f"looked up the name of {args!r}")

    def checked_connect(self: socket.socket, address: Any) -> None:
        if not (isinstance(address, tuple) and _is_loopback(address[0])):
            raise NetworkUsed(f"connected to {address!r}")
        connect(self, address)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", checked_lookup)
        patch.setattr(socket, "gethostbyaddr", no_name_lookup)
        patch.setattr(socket, "gethostbyname", no_name_lookup)
        patch.setattr(socket.socket, "connect", checked_connect)
        yield


def _connect_bare(address: tuple[str, int]) -> None:
    with socket.socket() as bare:
        bare.connect(address)


@pytest.mark.parametrize(
    "reach",
    [
        lambda: socket.create_connection(("192.0.2.1", 80), timeout=1),
        lambda: socket.create_connection(("localhost", 80), timeout=1),
        lambda: socket.getfqdn("127.0.0.1"),
        lambda: _connect_bare(("192.0.2.1", 80)),
    ],
    ids=["another-address", "a-name", "a-reverse-look-up", "a-bare-connect"],
)
def test_these_tests_would_notice_a_reach_beyond_this_machine(reach: Callable[[], object]) -> None:
    with pytest.raises(NetworkUsed):
        reach()


def test_the_server_binds_without_looking_its_name_up() -> None:
    server = service.make_server("127.0.0.1", 0, service.ServiceConfig())
    try:
        assert server.server_name == "127.0.0.1"
        assert server.server_port == server.server_address[1]
    finally:
        server.server_close()


class Running:
    """A service on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, config: service.ServiceConfig) -> None:
        self.config = config
        self.server = service.make_server("127.0.0.1", 0, config)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, JSON, http.client.HTTPResponse]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = json.loads(response.read())
        finally:
            connection.close()
        return response.status, data, response

    def post(self, request: object) -> tuple[int, JSON]:
        body = json.dumps(request).encode()
        status, data, _ = self.call("POST", PATH, body, {"Content-Type": "application/json"})
        return status, data

    def raw(self, data: bytes) -> bytes:
        """Send bytes as they are, stop sending, and read the whole answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
            answer = b""
            while chunk := connection.recv(65_536):
                answer += chunk
        return answer


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    started = Running(service.ServiceConfig(max_bytes=200_000, log=io.StringIO()))
    yield started
    started.stop()


def test_discovery_over_http(running: Running) -> None:
    status, data, response = running.call("GET", "/cds-services")
    assert (status, data) == (200, discovery())
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert running.config.log is not None
    assert '"GET /cds-services HTTP/1.1" 200' in running.config.log.getvalue()
    assert running.call("GET", "/cds-services/")[0] == 200


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_each_worked_case_gets_the_advice_of_recommend_through_the_service(
    running: Running, name: str, on: date
) -> None:
    course = without_markers(WORKED_CASES[name].course)
    advice = recommend(course, on)
    status, answer = running.post(hook_request(course, on))
    assert status == 200
    (shown,) = answer["cards"]
    assert shown["source"]["topic"]["code"] == advice.action.value
    assert shown_alerts(shown["detail"]) == {alert.value for alert in advice.alerts}
    assert shown_rule(shown["detail"]) == advice.rule
    assert answer == respond(through_text(hook_request(course, on)))


@pytest.mark.parametrize("kind", MEDICATION_RESOURCES)
def test_each_kind_of_medication_record_gives_the_same_advice(running: Running, kind: str) -> None:
    status, answer = running.post(hook_request(complete_responder(), ON, medication_resource=kind))
    assert status == 200
    assert (
        answer["cards"][0]["source"]["topic"]["code"] == recommend(complete_responder(), ON).action
    )


def test_concurrent_requests_each_get_their_own_answer(running: Running) -> None:
    work = [(name, on) for name, on in CASES for _ in range(2)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(
            pool.map(
                lambda item: running.post(hook_request(WORKED_CASES[item[0]].course, item[1])), work
            )
        )
    for (name, on), (status, answer) in zip(work, answers, strict=True):
        assert status == 200
        expected = recommend(WORKED_CASES[name].course, on)
        assert answer["cards"][0]["source"]["topic"]["code"] == expected.action.value
        assert shown_rule(answer["cards"][0]["detail"]) == expected.rule


@pytest.mark.parametrize(
    ("headers", "body", "field"),
    [
        ({"Content-Type": "text/plain"}, b"{}", "Content-Type"),
        ({}, b"{}", "Content-Type"),
        ({"Content-Type": "application/json; charset=latin-1"}, b"{}", "Content-Type"),
        ({"Content-Type": "application/json"}, b'{"hook": ', "request"),
        ({"Content-Type": "application/json"}, b"\xff\xfe\xfa", "request"),
        ({"Content-Type": "application/json"}, b"[]", "$"),
        ({"Content-Type": "application/json"}, b'{"hook": "patient-view", "hook": "x"}', "hook"),
        ({"Content-Type": "application/json; charset=UTF-8"}, b'{"hook": "order-select"}', "hook"),
    ],
)
def test_a_malformed_request_gets_400_with_a_clear_message(
    running: Running, headers: dict[str, str], body: bytes, field: str
) -> None:
    status, data, _ = running.call("POST", PATH, body, headers)
    assert status == 400
    assert data["field"] == field
    assert data["error"].startswith(f"{field}: {data['reason']}")


def test_an_oversize_body_gets_400_before_it_is_read(running: Running) -> None:
    request = a_request()
    request["padding"] = "x" * 250_000
    status, data = running.post(request)
    assert status == 400
    assert (data["field"], data["reason"]) == ("Content-Length", "must be at most 200000 bytes")


def test_a_declared_size_far_beyond_the_limit_gets_400(running: Running) -> None:
    answer = running.raw(
        b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 999999999999\r\n\r\n{}"
    )
    assert answer.startswith(b"HTTP/1.0 400 ")
    assert b"must be at most 200000 bytes" in answer


@pytest.mark.parametrize(
    ("length", "reason"),
    [
        (b"", b"is required: the size of the body"),
        (b"Content-Length: -4\r\n", b"is required: the size of the body"),
        (b"Content-Length: 50\r\n", b"ended before its Content-Length, 50 bytes"),
    ],
)
def test_a_body_of_unknown_or_false_size_gets_400(
    running: Running, length: bytes, reason: bytes
) -> None:
    answer = running.raw(
        b"POST "
        + PATH.encode()
        + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + length
        + b"\r\n{}"
    )
    assert answer.startswith(b"HTTP/1.0 400 ")
    assert reason in answer


@pytest.mark.parametrize(
    ("method", "path", "status", "allow"),
    [
        ("GET", "/", 404, None),
        ("GET", "/cds-services/another-service", 404, None),
        ("POST", "/fhir/Patient", 404, None),
        ("GET", PATH, 405, "POST"),
        ("POST", "/cds-services", 405, "GET"),
        ("PUT", PATH, 405, "POST"),
        ("DELETE", "/cds-services", 405, "GET"),
        ("PATCH", "/nowhere", 404, None),
    ],
)
def test_other_paths_and_methods_are_refused(
    running: Running, method: str, path: str, status: int, allow: str | None
) -> None:
    got, data, response = running.call(method, path, b"{}", {"Content-Type": "application/json"})
    assert got == status
    assert "error" in data
    assert response.headers.get("Allow") == allow


def test_a_fault_of_the_program_gets_500_without_a_traceback(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*args: object, **kwargs: object) -> JSON:
        raise RuntimeError("the rules broke")

    monkeypatch.setattr(service, "respond", fails)
    status, data = running.post(a_request())
    assert (status, data) == (500, {"error": "internal failure: RuntimeError: the rules broke"})


def test_a_client_gone_mid_request_is_logged_in_one_line() -> None:
    log = io.StringIO()
    quiet = service.make_server("127.0.0.1", 0, service.ServiceConfig())
    logged = service.make_server("127.0.0.1", 0, service.ServiceConfig(log=log))
    try:
        quiet.handle_error(None, ("127.0.0.1", 1234))
        logged.handle_error(None, ("127.0.0.1", 1234))
    finally:
        quiet.server_close()
        logged.server_close()
    assert log.getvalue() == "127.0.0.1 connection failed\n"


def test_a_silent_service_logs_nothing() -> None:
    started = Running(service.ServiceConfig())
    try:
        assert started.call("GET", "/cds-services")[0] == 200
    finally:
        started.stop()


# -- python -m guideline serve -------------------------------------------------------------


def serving(monkeypatch: pytest.MonkeyPatch, requests: list[JSON | None]) -> list[tuple[int, JSON]]:
    """Have ``serve`` answer these requests (None: discovery) and then stop as on Ctrl-C."""
    answers: list[tuple[int, JSON]] = []

    def serve_then_interrupt(server: ThreadingHTTPServer) -> None:
        thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        port = server.server_address[1]
        try:
            for request in requests:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                if request is None:
                    connection.request("GET", "/cds-services")
                else:
                    body = json.dumps(request).encode()
                    connection.request("POST", PATH, body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                answers.append((response.status, json.loads(response.read())))
                connection.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)
        raise KeyboardInterrupt

    monkeypatch.setattr(service, "_serve_forever", serve_then_interrupt)
    return answers


def test_serve_answers_until_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = serving(monkeypatch, [None, a_request(None)])
    err = io.StringIO()
    assert main(["serve", "--port", "0", "--on", "2025-07-20"], stderr=err) == 0
    assert [status for status, _ in answers] == [200, 200]
    detail = answers[1][1]["cards"][0]["detail"]
    assert detail.startswith(
        "Evaluated on 2025-07-20, the date the server was started with (--on)."
    )
    lines = err.getvalue().splitlines()
    assert re.fullmatch(
        r"CDS Hooks service: discovery at http://127\.0\.0\.1:\d+/cds-services, patient-view at "
        rf"http://127\.0\.0\.1:\d+{PATH} \(Ctrl-C stops it\)",
        lines[0],
    )
    assert lines[-1] == "stopped"


def test_serve_today_dates_requests_by_the_machines_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = serving(monkeypatch, [a_request(None)])
    assert main(["serve", "--port", "0", "--today"], stderr=io.StringIO()) == 0
    detail = answers[0][1]["cards"][0]["detail"]
    assert detail.startswith(
        f"Evaluated on {date.today().isoformat()}, today's date by the server's clock"
    )


def test_serve_without_a_clock_refuses_undated_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = serving(monkeypatch, [a_request(None), a_request(ON)])
    assert main(["serve", "--port", "0"], stderr=io.StringIO()) == 0
    assert [status for status, _ in answers] == [400, 200]
    assert answers[0][1]["field"] == "context.evaluationDate"


def test_serve_reads_its_parameters(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    course = WORKED_CASES["non_responder"].course
    on = date(2025, 8, 1)
    strict = Parameters(nonresponse_threshold=0.5)
    (tmp_path / "p.json").write_text(json.dumps({"nonresponse_threshold": 0.5}))
    answers = serving(monkeypatch, [through_text(hook_request(course, on))])
    assert (
        main(
            ["serve", "--port", "0", "--parameters", str(tmp_path / "p.json")], stderr=io.StringIO()
        )
        == 0
    )
    assert (
        answers[0][1]["cards"][0]["source"]["topic"]["code"] == recommend(course, on, strict).action
    )


def test_serve_warns_when_bound_beyond_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    bind = service.make_server
    monkeypatch.setattr(
        service, "make_server", lambda host, port, config: bind("127.0.0.1", port, config)
    )
    serving(monkeypatch, [])
    err = io.StringIO()
    assert (
        main(["serve", "--host", "192.0.2.1", "--port", "0", "--on", "2025-07-20"], stderr=err) == 0
    )
    assert "warning: bound to 192.0.2.1, not to this machine alone" in err.getvalue()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("example.invalid", False),
    ],
)
def test_which_addresses_are_this_machine_alone(host: str, loopback: bool) -> None:
    assert service._loopback(host) is loopback


def test_serve_on_a_port_in_use_exits_with_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        err = io.StringIO()
        assert main(["serve", "--port", str(port), "--on", "2025-07-20"], stderr=err) == 2
    assert err.getvalue().startswith("error: --port: cannot be bound on 127.0.0.1: ")


@pytest.mark.parametrize(
    "options",
    [["--port", "70000"], ["--port", "http"], ["--on", "2025-07-20", "--today"], ["--on", "soon"]],
)
def test_serve_refuses_bad_options_with_2(options: list[str]) -> None:
    assert main(["serve", *options], stderr=io.StringIO()) == 2


def test_alerts_are_shown_as_the_rules_gave_them() -> None:
    course = WORKED_CASES["non_responder"].course
    advice = recommend(course, date(2025, 6, 20))
    detail = respond(through_text(hook_request(course, date(2025, 6, 20))))["cards"][0]["detail"]
    assert shown_alerts(detail) == {a.value for a in advice.alerts}
    assert set(Alert) >= {Alert(a) for a in shown_alerts(detail)}


def test_the_server_serves_until_shut_down() -> None:
    server = service.make_server("127.0.0.1", 0, service.ServiceConfig())
    thread = threading.Thread(target=service._serve_forever, args=(server,), daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        connection.request("GET", "/cds-services")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    assert not thread.is_alive()


# -- the site's curl example ---------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "fhir.md").read_text()


def _curl_example() -> list[list[str]]:
    """The commands of the page's shell block that posts a request with curl, word by word."""
    blocks = re.findall(r"^```bash\n(.*?)^```$", PAGE, re.MULTILINE | re.DOTALL)
    (block,) = [b for b in blocks if "curl" in b]
    return [shlex.split(line) for line in block.splitlines()]


def test_the_pages_curl_example_gets_the_answer_the_page_states(tmp_path: Path) -> None:
    """Run the example as written: the server, the request file, and each curl call.

    curl itself may be absent: each call is made with http.client, with the
    method, headers, body and address the curl line gives.
    """
    serve_line, write_line, *calls = _curl_example()
    assert serve_line[:4] == ["python", "-m", "guideline", "serve"]
    assert serve_line[-1] == "&"
    assert write_line[:2] == ["python", "-c"]
    assert write_line[-2:] == [">", "request.json"]
    options = serve_line[4:-1]
    documented_port = options[options.index("--port") + 1]
    options[options.index("--port") + 1] = "0"
    server = subprocess.Popen(
        [sys.executable, "-m", "guideline", "serve", *options],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stderr is not None
        started = server.stderr.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/cds-services,", started)
        assert port is not None, started
        written = subprocess.run(
            [sys.executable, "-c", write_line[2]],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        (tmp_path / "request.json").write_text(written.stdout)
        answers = [_as_curl(call, documented_port, port[1], tmp_path) for call in calls]
    finally:
        server.terminate()
        server.wait(timeout=10)
        assert server.stderr is not None
        server.stderr.close()
    assert [status for status, _ in answers] == [200, 200]
    assert answers[0][1] == discovery()
    (shown,) = answers[1][1]["cards"]
    stated = re.search(r'one card whose summary reads\s+"([^"]+)"', PAGE)
    assert stated is not None
    assert shown["summary"] == " ".join(stated[1].split())
    assert answers[1][1] == respond(json.loads(written.stdout))


def _as_curl(words: list[str], documented: str, port: str, here: Path) -> tuple[int, JSON]:
    """Make the call a curl command line describes, on the port the server was given."""
    assert words[:2] == ["curl", "-s"]
    method, headers, body, url = "GET", {}, None, None
    rest = iter(words[2:])
    for word in rest:
        if word == "-X":
            method = next(rest)
        elif word == "-H":
            name, value = next(rest).split(": ", 1)
            headers[name] = value
        elif word == "--data":
            body = (here / next(rest).removeprefix("@")).read_bytes()
        else:
            url = word
    assert url is not None
    assert url.startswith(f"http://127.0.0.1:{documented}/")
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    try:
        connection.request(method, url.split(documented, 1)[1], body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()
