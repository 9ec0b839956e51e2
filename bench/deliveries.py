"""Delivery throughput: e-mails and webhooks per second from the outbox to loopback receivers.

Queues `--messages` e-mails (deliveries.service.queue_email, one commit), times the workers
until every one is delivered, then the same for as many signed webhook deliveries to one
subscription (deliveries.service.queue), as the workers run in production:
  - PostgreSQL: 1 and then 2 `uplift worker` processes (procrastinate, UPLIFT_WORKER_
    CONCURRENCY jobs each at once);
  - SQLite: the server's in-process runner (`uplift serve`, which runs the jobs itself).
The SMTP server (aiosmtpd) and the HTTP receiver (http.server, answering 204) run in this
process and accept everything at once; what is timed is Uplift's side: claiming, sending,
signing, recording each attempt.

Usage: python bench/deliveries.py [--messages 1000] [--concurrency 8] [--postgres URL]
       [--only sqlite|postgresql]
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import DEFAULT_POSTGRES, free_port, postgres_answers, postgres_database, uplift

from uplift.deliveries.service import queue, queue_email
from uplift.deliveries.webhooks import new_secret
from uplift.kit.db import create_engine, create_sessionmaker
from uplift.kit.db_url import sync_url
from uplift.models import Delivery, DeliveryChannel, DeliveryStatus, WebhookSubscription


class Counting:
    def __init__(self) -> None:
        self.received = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.received += 1
        return "250 OK"


class Receiver(BaseHTTPRequestHandler):
    received = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        Receiver.received += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


async def _queue(url: str, count: int, channel: str, receiver: str) -> str:
    """`count` e-mails or webhook deliveries in one commit; the batch's key prefix."""
    batch = f"bench:{uuid4().hex[:12]}"
    engine = create_engine(url)
    async with create_sessionmaker(engine).begin() as session:
        subscription = WebhookSubscription(
            url=receiver, events=["finding.issued"], secret=new_secret(), description="bench"
        )
        session.add(subscription)
        await session.flush()
        for number in range(count):
            key = f"{batch}:{number}"
            if channel == "email":
                await queue_email(
                    session,
                    key=key,
                    kind="bench",
                    to=f"person{number}@example.org",
                    subject=f"提醒 {number}",
                    text="A reminder.",
                )
            else:
                await queue(
                    session,
                    key=key,
                    channel=DeliveryChannel.webhook,
                    kind="finding.issued",
                    recipient=receiver,
                    content={"type": "finding.issued", "data": {"finding_id": number}},
                    subscription_id=subscription.id,
                )
    await engine.dispose()
    return batch


def _rate(url: str, messages: int, receiver: str) -> str:
    """E-mails and then webhooks per second, as the running workers deliver them."""
    rates = []
    for channel in ("email", "webhook"):
        batch = asyncio.run(_queue(url, messages, channel, receiver))
        rates.append(messages / _wait_delivered(url, batch))
    return f"{rates[0]:>8.0f} e-mails/s {rates[1]:>8.0f} webhooks/s"


def _wait_delivered(url: str, batch: str, limit: float = 600) -> float:
    """Seconds from now until the batch is delivered (looked at every 0.1 s)."""
    engine = create_sync_engine(sync_url(url))
    left = select(func.count()).where(
        Delivery.key.startswith(f"{batch}:"), Delivery.status != DeliveryStatus.delivered
    )
    started = time.perf_counter()
    try:
        while True:
            with engine.connect() as connection:
                if not connection.scalar(left):
                    return time.perf_counter() - started
            if time.perf_counter() - started > limit:
                raise SystemExit(f"not delivered within {limit} s")
            time.sleep(0.1)
    finally:
        engine.dispose()


def _environment(url: str, smtp_port: int, concurrency: int) -> dict[str, str]:
    return {
        **os.environ,
        "UPLIFT_DATABASE_URL": url,
        "UPLIFT_SMTP_HOST": "127.0.0.1",
        "UPLIFT_SMTP_PORT": str(smtp_port),
        "UPLIFT_SMTP_SECURITY": "none",
        "UPLIFT_WORKER_CONCURRENCY": str(concurrency),
        "UPLIFT_WORKER_POLL_SECONDS": "0.2",
        "UPLIFT_JOBS_IN_PROCESS": "true",
    }


def postgres(server: str, messages: int, smtp_port: int, concurrency: int, receiver: str) -> None:
    url = postgres_database(server, "deliveries", prefix="uplift_bench")
    uplift("db", "upgrade", url=url)
    for count in (1, 2):
        env = _environment(url, smtp_port, concurrency)
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "uplift", "worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(count)
        ]
        time.sleep(3)  # started and listening
        rates = _rate(url, messages, receiver)
        for worker in workers:
            worker.terminate()
            worker.wait()
        plural = "s" if count > 1 else " "
        print(f"  PostgreSQL, {count} worker{plural} ({concurrency} at once each) {rates}")


def sqlite(messages: int, smtp_port: int, receiver: str) -> None:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='uplift-bench-')}/deliveries.db"
    uplift("db", "upgrade", url=url)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uplift", "serve", "--port", str(port)],
        env=_environment(url, smtp_port, 1),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/healthz").raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        rates = _rate(url, messages, receiver)
    finally:
        server.terminate()
        server.wait()
    print(f"  SQLite, the server's in-process runner      {rates}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    options = parser.parse_args()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    inbox = Counting()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    http = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    receiver = f"http://127.0.0.1:{http.server_address[1]}/hook"
    try:
        print(
            f"Delivering {options.messages} e-mails to a loopback SMTP server (aiosmtpd), "
            f"then {options.messages} webhooks to a loopback HTTP receiver"
        )
        if options.only != "postgresql":
            sqlite(options.messages, smtp_port, receiver)
        if options.only != "sqlite":
            if postgres_answers(options.postgres):
                postgres(
                    options.postgres, options.messages, smtp_port, options.concurrency, receiver
                )
            else:
                print(f"  PostgreSQL does not answer at {options.postgres}: skipped")
    finally:
        controller.stop()
        http.shutdown()
    print(f"  (received: {inbox.received} e-mails, {Receiver.received} webhooks)")


if __name__ == "__main__":
    main()
