"""Prometheus metrics, one registry per app (so tests and several apps never share one).

With several worker processes each worker keeps its own counters and answers /metrics
with them alone; scrape each worker, or run one worker per container (docs/api.md).
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

# The *_created series double the output and no dashboard here uses them.
disable_created_metrics()

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "newscred_http_requests", "HTTP requests answered.",
            ["method", "route", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "newscred_http_request_duration_seconds", "Time to answer a request.",
            ["method", "route"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.errors = Counter(
            "newscred_errors", "Error responses and per-article batch errors, by code.",
            ["code"], registry=self.registry,
        )
        self.articles = Counter(
            "newscred_articles_analysed", "Articles analysed, by outcome.",
            ["outcome"], registry=self.registry,
        )
        self.in_flight = Gauge(
            "newscred_http_requests_in_flight", "Requests being answered now.",
            registry=self.registry,
        )
        self.ready = Gauge(
            "newscred_ready", "1 when the models are loaded.", registry=self.registry
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
