"""Where the features plug into the shell. The shell reads these registries; each feature fills them from
its package's `register()`, which app/features.py (the one module of app/ that knows the features) calls.
Entries are kept by name, so registering again (every create_app does) changes nothing."""
from __future__ import annotations

from typing import Callable

import click
from flask import Blueprint

# Blueprint name -> (blueprint, URL prefix): None for public pages, "/gestione" for management, "/api/v1".
BLUEPRINTS: dict[str, tuple[Blueprint, str | None]] = {}
# (group, command name) -> command: group None is `pdz <name>`, "export" is `pdz export <name>`.
COMMANDS: dict[tuple[str | None, str], click.Command] = {}
# Feature name -> () -> {schema name: schema}, and -> (error response) -> {path: operations}, for /api/v1.
API_SCHEMAS: dict[str, Callable[[], dict]] = {}
API_PATHS: dict[str, Callable[[dict], dict]] = {}
# Seed name -> seed(plan, password=..., users={role: User}), run in the order registered.
DEMO_SEEDS: dict[str, Callable[..., None]] = {}


def add_blueprint(blueprint: Blueprint, url_prefix: str | None = None) -> None:
    BLUEPRINTS[blueprint.name] = (blueprint, url_prefix)


def add_command(command: click.Command, group: str | None = None) -> None:
    """A command (or a group of them) of the `pdz` tool, at the top or under one of its groups."""
    COMMANDS[(group, command.name)] = command


def add_api(name: str, *, schemas: Callable[[], dict], paths: Callable[[dict], dict]) -> None:
    """A feature's part of the OpenAPI document: its component schemas, and its paths given the error
    response."""
    API_SCHEMAS[name] = schemas
    API_PATHS[name] = paths


def add_demo_seed(name: str, seed: Callable[..., None]) -> None:
    """Demo data a feature adds to the sample plan; a seed may read what the seeds registered before it
    made (app/features.py lists the features in that order)."""
    DEMO_SEEDS[name] = seed
