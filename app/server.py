"""Gunicorn, the production server, embedded so `pdz serve` needs no separate config file."""
from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, app, options):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve(app, *, host: str, port: int, workers: int = 2, threads: int = 8) -> None:
    _Server(app, {"bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
                  # No gunicorn access log: app/log.py writes one line per request, with its request id.
                  "accesslog": None, "timeout": 60, "graceful_timeout": 20}).run()
