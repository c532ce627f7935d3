"""A loopback TCP proxy in front of the S3 server that can fail requests on purpose.

Workers reach moto through it (their ``SHORTVID_S3_ENDPOINT`` names the proxy); the test process
talks to moto directly. A rule ``fail("GET", "/objects/", 3)`` makes the proxy cut (RST) the
connection of the next 3 requests whose request line is ``GET`` of a path holding ``/objects/``
before a byte reaches the server: the client sees a connection reset, as on a flaky network or a
storage node restarting. ``count=None`` fails every matching request (a storage that stays
down). Every request line seen is logged (``requests``), failed ones in ``failed``.

Requests are recognised at the start of what the client sends on a connection (HTTP/1.1 with
keep-alive: a request line begins a chunk after the previous response). Bodies that happen to
start with a method name are not a concern here (media bytes, XML).
"""

from __future__ import annotations

import re
import select
import socket
import struct
import threading
from dataclasses import dataclass, field

_REQUEST = re.compile(rb"^(GET|PUT|HEAD|POST|DELETE) (\S+) HTTP/1\.[01]\r\n")


@dataclass
class _Rule:
    method: str
    fragment: str
    left: int | None  # None: for ever


@dataclass
class FlakyProxy:
    target_port: int
    host: str = "127.0.0.1"
    requests: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind((self.host, 0))
        self._server.listen(64)
        self._server.settimeout(0.2)  # the accept loop sees close() within 0.2 s
        self.port = int(self._server.getsockname()[1])
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ------------------------------------------------------------------ rules
    def fail(self, method: str, fragment: str, count: int | None) -> None:
        with self._lock:
            self._rules.append(_Rule(method, fragment, count))

    def heal(self) -> None:
        with self._lock:
            self._rules.clear()

    def _should_fail(self, method: str, path: str) -> bool:
        with self._lock:
            self.requests.append((method, path))
            for rule in self._rules:
                if rule.method == method and rule.fragment in path:
                    if rule.left is None:
                        self.failed.append((method, path))
                        return True
                    if rule.left > 0:
                        rule.left -= 1
                        self.failed.append((method, path))
                        return True
            return False

    def failed_count(self, method: str, fragment: str) -> int:
        with self._lock:
            return sum(1 for m, p in self.failed if m == method and fragment in p)

    # ------------------------------------------------------------------ plumbing
    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._server.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    @staticmethod
    def _reset(sock: socket.socket) -> None:
        try:  # SO_LINGER 0: close sends RST, the client sees "connection reset"
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        sock.close()

    def _pipe(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection((self.host, self.target_port), timeout=10)
        except OSError:
            self._reset(client)
            return
        upstream.settimeout(None)
        socks = [client, upstream]
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select(socks, [], [], 0.5)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    if s is client:
                        m = _REQUEST.match(data)
                        if m is not None and self._should_fail(
                            m.group(1).decode(), m.group(2).decode("latin-1")
                        ):
                            self._reset(client)
                            return
                        upstream.sendall(data)
                    else:
                        client.sendall(data)
        except OSError:
            return
        finally:
            for s in socks:
                try:
                    s.close()
                except OSError:
                    pass
