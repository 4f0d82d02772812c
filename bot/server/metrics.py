"""The service's Prometheus metrics, in a registry of its own (tests build many servers)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    """Turns per channel, their latency and failures, and rejected HTTP requests."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "complaintbot_messages_total",
            "Messages answered, per channel",
            ["channel"],
            registry=self.registry,
        )
        self.turn_seconds = Histogram(
            "complaintbot_turn_seconds",
            "Time to answer one message",
            ["channel"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.turn_failures = Counter(
            "complaintbot_turn_failures_total",
            "Turns that failed and were answered with 'please try again'",
            ["channel"],
            registry=self.registry,
        )
        self.rejected = Counter(
            "complaintbot_rejected_requests_total",
            "HTTP requests refused as malformed, unauthorised, forbidden or too large",
            ["route", "status"],
            registry=self.registry,
        )

        self.sweeps = Counter(
            "complaintbot_chase_sweeps_total",
            "Overdue sweeps run",
            registry=self.registry,
        )
        self.chase_steps = Counter(
            "complaintbot_chase_steps_total",
            "Rungs of the overdue ladder done: remind, supervisor, manager, hold",
            ["rung"],
            registry=self.registry,
        )
        self.sweep_seconds = Histogram(
            "complaintbot_chase_sweep_seconds",
            "Time one overdue sweep took",
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
        )

    def sweep_finished(self, rungs: dict[str, int], seconds: float) -> None:
        """An overdue sweep ran and did these rungs."""
        self.sweeps.inc()
        self.sweep_seconds.observe(seconds)
        for rung, count in rungs.items():
            if count:
                self.chase_steps.labels(rung).inc(count)

    def turn_finished(self, channel: str, seconds: float) -> None:
        """A turn was answered."""
        self.messages.labels(channel).inc()
        self.turn_seconds.labels(channel).observe(seconds)

    def turn_failed(self, channel: str) -> None:
        """A turn failed and got the polite "please try again"."""
        self.messages.labels(channel).inc()
        self.turn_failures.labels(channel).inc()
