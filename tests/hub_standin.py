"""A Hugging Face Hub stand-in on 127.0.0.1: the model-info, file-metadata and file routes huggingface_hub uses.

It serves files a test makes, as the hub does: files over 1 kB (and weights) as Git LFS
objects with their SHA-256, the rest as git blobs; byte ranges for resumed downloads. It
records every request, can damage a file on the wire (its listed hash stays the true one)
and can list a file as larger than it is.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"
_LFS_SUFFIXES = (".safetensors", ".gguf", ".bin", ".model")


@dataclass
class HostedFile:
    """A file the stand-in serves, and how the hub would list it."""

    path: Path
    size: int
    sha256: str
    git_hash: str

    @property
    def lfs(self) -> bool:
        return self.size > 1000 or self.path.name.endswith(_LFS_SUFFIXES)

    @property
    def etag(self) -> str:
        return self.sha256 if self.lfs else self.git_hash


@dataclass
class Request:
    method: str
    path: str
    range: str
    served: int = 0


@dataclass
class HubStandIn:
    """The stand-in's content and what it was asked."""

    repos: dict[str, dict[str, HostedFile]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    damaged: set[str] = field(default_factory=set)  # file names served with one byte changed
    listed_size: dict[str, int] = field(default_factory=dict)  # file name -> size the listing claims
    pause: float = 0.0  # seconds between 64 kB pieces of a file: a slow line
    url: str = ""

    def host(self, repo: str, folder: Path) -> None:
        """Serve every file in `folder` as the repository `repo`."""
        self.repos[repo] = {p.name: _hosted(p) for p in sorted(folder.iterdir()) if p.is_file()}

    def host_file(self, repo: str, name: str, source: Path) -> None:
        """Serve `source` as file `name` of `repo` (beside what it already serves)."""
        self.repos.setdefault(repo, {})[name] = _hosted(source)

    def downloads(self, name: str) -> list[Request]:
        """The GET requests for a file's bytes."""
        return [r for r in self.requests if r.method == "GET" and r.path.endswith("/" + name) and "/resolve/" in r.path]

    def bytes_served(self, name: str) -> int:
        return sum(r.served for r in self.downloads(name))


def _hosted(path: Path) -> HostedFile:
    data = path.read_bytes()
    git = hashlib.sha1(f"blob {len(data)}\0".encode() + data, usedforsecurity=False).hexdigest()
    return HostedFile(path, len(data), hashlib.sha256(data).hexdigest(), git)


_INFO = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)(?:/revision/(?P<rev>[^/?]+))?$")
_FILE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<name>.+)$")


def _handler(hub: HubStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def do_GET(self) -> None:
            self._answer(body=True)

        def _answer(self, body: bool) -> None:
            path = unquote(urlparse(self.path).path)
            request = Request(self.command, path, self.headers.get("Range", ""))
            hub.requests.append(request)
            info, file = _INFO.match(path), _FILE.match(path)
            if info and self.command == "GET":
                return self._info(info["repo"])
            if file:
                return self._file(file["repo"], file["name"], body, request)
            self._error(404, "Entry not found")

        def _info(self, repo: str) -> None:
            files = hub.repos.get(repo)
            if files is None:
                self.send_response(404)
                self.send_header("X-Error-Code", "RepoNotFound")
                self._json({"error": "Repository not found"})
                return
            siblings = []
            for name, hosted in files.items():
                size = hub.listed_size.get(name, hosted.size)
                sibling: dict[str, object] = {"rfilename": name, "size": size, "blobId": hosted.git_hash}
                if hosted.lfs:
                    sibling["lfs"] = {"size": size, "sha256": hosted.sha256, "pointerSize": 134}
                siblings.append(sibling)
            self.send_response(200)
            self._json({"id": repo, "modelId": repo, "sha": COMMIT, "siblings": siblings})

        def _file(self, repo: str, name: str, body: bool, request: Request) -> None:
            hosted = hub.repos.get(repo, {}).get(name)
            if hosted is None:
                return self._error(404, "Entry not found")
            data = hosted.path.read_bytes()
            if name in hub.damaged:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            start = 0
            ranged = re.match(r"bytes=(\d+)-", request.range)
            if ranged and body:
                start = int(ranged.group(1))
            self.send_response(206 if start else 200)
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("ETag", f'"{hosted.etag}"')
            if hosted.lfs:
                self.send_header("X-Linked-Etag", f'"{hosted.sha256}"')
                self.send_header("X-Linked-Size", str(hub.listed_size.get(name, hosted.size)))
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.send_header("Content-Length", str(len(data) - start))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            if body:
                chunk = data[start:]
                try:
                    for at in range(0, len(chunk), 1 << 16):
                        piece = chunk[at : at + (1 << 16)]
                        self.wfile.write(piece)
                        request.served += len(piece)
                        if hub.pause:
                            time.sleep(hub.pause)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        def _json(self, data: object) -> None:
            raw = json.dumps(data).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _error(self, status: int, message: str) -> None:
            self.send_response(status)
            self.send_header("X-Error-Code", "EntryNotFound")
            self.send_header("X-Repo-Commit", COMMIT)
            self._json({"error": message})

    return Handler


@contextmanager
def serving(hub: HubStandIn) -> Iterator[HubStandIn]:
    """Run the stand-in on a free port of 127.0.0.1 while the block runs; `hub.url` is its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hub))
    server.daemon_threads = True
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
