"""Readers browsing pages and API lists, spread over every app server.

    locust -f benchmarks/locustfile.py --headless -u 200 -r 50 -t 60s \
        --host http://127.0.0.1:PORT_A   # with MILIDIP_HOSTS="http://…A http://…B"

Each simulated reader picks one of ``MILIDIP_HOSTS`` per request (a load balancer
would), so both servers share the load, the database and the cache. Requests are
named "page: …" or "api: …" so that the two kinds can be read apart in the stats.
"""

import os
import random

from locust import HttpUser, between, task

HOSTS = os.environ.get("MILIDIP_HOSTS", "").split()
CASES = int(os.environ.get("MILIDIP_CASES", "2000"))
TOPIC = os.environ.get("MILIDIP_TOPIC", "")
REGIONS = ["europe", "africa", "middle-east", "asia-pacific", "americas", "global"]


class Reader(HttpUser):
    wait_time = between(0.5, 2)

    def get(self, path: str, name: str) -> None:
        base = random.choice(HOSTS) if HOSTS else ""
        self.client.get(base + path, name=name)

    def case_slug(self) -> str:
        # Most readers go where the others go: a head of popular cases, a long tail.
        n = random.randint(1, 50) if random.random() < 0.8 else random.randint(1, CASES)
        return f"bench-case-{n}"

    @task(3)
    def case_study_list(self):
        page = random.choice([1, 1, 1, 2, 3])
        self.get(f"/case-studies/?page={page}", "page: case-study list")

    @task(2)
    def filtered_list(self):
        self.get(
            f"/case-studies/?region={random.choice(REGIONS)}", "page: filtered list"
        )

    @task(4)
    def case_study(self):
        self.get(f"/case-studies/{self.case_slug()}/", "page: case study")

    @task(2)
    def home(self):
        self.get("/", "page: home")

    @task(1)
    def topic(self):
        if TOPIC:
            self.get(f"/topics/{TOPIC}/", "page: topic")

    @task(3)
    def api_list(self):
        page = random.choice([1, 1, 2])
        self.get(f"/api/v1/case-studies/?page={page}", "api: case-study list")

    @task(1)
    def api_topics(self):
        self.get("/api/v1/topics/", "api: topic list")

    @task(2)
    def api_detail(self):
        self.get(f"/api/v1/case-studies/{self.case_slug()}/", "api: case study")
