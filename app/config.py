"""Settings read from the environment, with safe defaults only for the demo and the tests."""
import os


class ConfigError(RuntimeError):
    """The platform cannot start with these settings."""


def from_environment(instance_path: str) -> dict:
    env = os.environ
    return {
        "SECRET_KEY": env.get("SECRET_KEY"),
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
    """Refuse to start in production without a secret key."""
    if config.get("SECRET_KEY"):
        return
    if config.get("TESTING") or config.get("PDZ_DEMO"):
        config["SECRET_KEY"] = "demo-and-tests-only-" + "not-secret"
        return
    raise ConfigError(
        "SECRET_KEY is not set. Set it in the environment, e.g. "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
    )
