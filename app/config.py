"""Settings read from the environment, with safe defaults only for the demo and the tests."""
import os
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """The platform cannot start with these settings."""


def from_environment(instance_path: str) -> dict:
    env = os.environ
    return {
        "SECRET_KEY": env.get("SECRET_KEY"),
        # Where people reach the platform, e.g. https://pdz.example.org or https://comune.example/pdz: every
        # absolute link (e-mails, feed, canonical links) is built from it, and other Host headers are refused.
        "PDZ_BASE_URL": env.get("PDZ_BASE_URL"),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            env.get("DATABASE_URL") or "sqlite:///" + os.path.join(instance_path, "pdz.sqlite3")
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PDZ_DEMO": env.get("PDZ_DEMO") == "1",
        "MAIL_SERVER": env.get("MAIL_SERVER"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_SENDER": env.get("MAIL_SENDER", "PdZ Partecipato <noreply@localhost>"),
        "OUTBOX_DIR": env.get("PDZ_OUTBOX_DIR") or os.path.join(instance_path, "outbox"),
        # Rate-limit counters live in the application's database, so every server counts the same hits
        # (app/limits_storage.py); "memory://" counts per process (tests), "redis://..." also works.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "database://"),
        # Failed logins only (app/auth.py): per address and account, per account from anywhere, and per
        # address for any account (an office behind one NAT shares its address: keep that one generous).
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_ACCOUNT_RATE_LIMIT": env.get("LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour"),
        "LOGIN_ADDRESS_RATE_LIMIT": env.get("LOGIN_ADDRESS_RATE_LIMIT", "60 per minute"),
        "PDZ_INSECURE_COOKIES": env.get("PDZ_INSECURE_COOKIES") == "1",   # plain-HTTP intranets only
        "PDZ_PROXY_COUNT": int(env.get("PDZ_PROXY_COUNT", "0")),   # reverse proxies in front (X-Forwarded-*)
        "INVITATION_MAX_AGE_DAYS": int(env.get("INVITATION_MAX_AGE_DAYS", "14")),
        "RETENTION_DAYS": retention_days(env),
        # The privacy page (/privacy): who answers data-protection requests, and the DPO if appointed.
        "PRIVACY_CONTACT": env.get("PDZ_PRIVACY_CONTACT"),
        "PRIVACY_DPO_CONTACT": env.get("PDZ_PRIVACY_DPO_CONTACT"),
        "BABEL_DEFAULT_LOCALE": "it",
        "LANGUAGES": {"it": "Italiano", "en": "English"},
        "PER_PAGE": 20,
    }


# How long personal data no longer needed is kept before `pdz privacy purge` deletes it (days; 0 = keep).
RETENTION_DEFAULTS = {
    "unconfirmed_registrations": 30,   # meeting sign-ups never confirmed by their e-mail link
    "rejected_comments": 90,           # public comments the moderators turned down
    "outbox": 30,                      # e-mails kept in the outbox folder (no SMTP server)
    "invitations": 90,                 # invitations used, revoked or expired this long ago
}


def retention_days(env) -> dict[str, int]:
    """RETENTION_DEFAULTS, each overridable with PDZ_RETENTION_<KIND>_DAYS."""
    return {kind: int(env.get(f"PDZ_RETENTION_{kind.upper()}_DAYS", default))
            for kind, default in RETENTION_DEFAULTS.items()}


def normalise_database_url(url: str) -> str:
    """Accept the URLs hosting providers hand out and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def check(config) -> None:
    """Refuse to start in production without a secret key or a public address."""
    check_public_address(config)
    if config.get("SECRET_KEY"):
        return
    if config.get("TESTING") or config.get("PDZ_DEMO"):
        config["SECRET_KEY"] = "demo-and-tests-only-" + "not-secret"
        return
    raise ConfigError(
        "SECRET_KEY is not set. Set it in the environment, e.g. "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
    )


DEMO_BASE_URL = "http://127.0.0.1:5000"     # `pdz demo` sets its own, from --host and --port (app/cli.py)
DEMO_HOSTS = ["127.0.0.1", "localhost"]     # the demo answers on the machine itself by either name


def check_public_address(config) -> None:
    """Normalise PDZ_BASE_URL (required outside the demo and the tests) and trust only its host.

    Flask's TRUSTED_HOSTS answers 400 to a request whose Host (or X-Forwarded-Host, behind a proxy) names
    another host; links never come from the request anyway (app/urls.py), this refuses the attempt itself."""
    url = (config.get("PDZ_BASE_URL") or "").strip()
    if not url:
        if config.get("TESTING"):
            url = "http://" + (config.get("SERVER_NAME") or "localhost")
        elif config.get("PDZ_DEMO"):
            url = DEMO_BASE_URL
        else:
            raise ConfigError(
                "PDZ_BASE_URL is not set. Set it in the environment to the address people use to reach the "
                "platform, e.g. PDZ_BASE_URL=https://pdz.example.org (or https://comune.example/pdz when it is "
                "served under a path): links in e-mails are built from it, and requests for other hosts are refused."
            )
    try:
        parts = urlsplit(url)
        valid = (parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username
                 and not parts.password and not parts.query and not parts.fragment and parts.port != 0)
    except ValueError:   # e.g. a port that is not a number
        valid = False
    if not valid:
        raise ConfigError(
            f"PDZ_BASE_URL={url!r} is not the public address of the platform: give the scheme and the host, and "
            "the path if it is served under one, without query or credentials, e.g. https://pdz.example.org "
            "or https://comune.example/pdz"
        )
    config["PDZ_BASE_URL"] = url.rstrip("/")
    if config.get("TRUSTED_HOSTS") is None:
        hosts = [parts.hostname] + (DEMO_HOSTS if config.get("PDZ_DEMO") else [])
        config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))
