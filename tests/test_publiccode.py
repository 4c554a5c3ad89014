"""publiccode.yml at the repository's root describes the platform for the catalogues of public software: valid
against the standard's schema (tests/data/publiccode.schema.json, written from the text of publiccode.yml 0.4),
and the published rules a schema cannot express."""
from __future__ import annotations

import configparser
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "publiccode.schema.json").read_text(encoding="utf-8"))
# The licences SPDX lists that the platform and its catalogue entry could name; an expression joins them with
# AND / OR / WITH, in parentheses if need be.
SPDX_IDS = {"AGPL-3.0-only", "AGPL-3.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-3.0-only",
            "LGPL-3.0-or-later", "EUPL-1.2", "MIT", "Apache-2.0", "BSD-3-Clause", "MPL-2.0", "CC0-1.0"}
SPDX_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+-]+")


@pytest.fixture(scope="module")
def publiccode() -> dict:
    text = (ROOT / "publiccode.yml").read_text(encoding="utf-8")   # the standard: UTF-8
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def setup_cfg() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config


def test_the_file_is_valid_against_the_schema_of_the_standard(publiccode):
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA, format_checker=checker).iter_errors(publiccode),
                    key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_schema_refuses_what_the_standard_refuses(publiccode):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    broken = [
        {**publiccode, "categories": ["social-services"]},                 # not in the standard's list
        {**publiccode, "developmentStatus": "ready"},
        {**publiccode, "releaseDate": "07/12/2026"},
        {**publiccode, "maintenance": {"type": "community"}},              # community needs contacts
        {**publiccode, "it": {"conforme": {"gdpr": True}}},                # no countryExtensionVersion
        {key: value for key, value in publiccode.items() if key != "legal"},
    ]
    for document in broken:
        assert not validator.is_valid(document), document


def test_every_description_keeps_the_standards_lengths(publiccode):
    for language, text in publiccode["description"].items():
        short = " ".join(text["shortDescription"].split())
        assert 0 < len(short) <= 150 and "\n" not in text["shortDescription"].strip(), language
        assert 150 <= len(text["longDescription"]) <= 10000, language
        assert 5 <= len(text["features"]) <= 20, language


def test_every_available_language_has_a_description_and_the_platforms_languages_are_listed(publiccode, app):
    available = publiccode["localisation"]["availableLanguages"]
    assert set(available) <= set(publiccode["description"])
    assert set(available) == set(app.config["LANGUAGES"])
    assert publiccode["localisation"]["localisationReady"] is True


def test_dates_are_iso_and_not_in_the_future(publiccode):
    released = publiccode["releaseDate"]
    assert isinstance(released, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", released)
    assert date.fromisoformat(released) <= date.today()


def test_the_licence_is_an_spdx_expression_and_the_one_setup_cfg_declares(publiccode, setup_cfg):
    licence = publiccode["legal"]["license"]
    tokens = SPDX_TOKEN.findall(licence)
    assert "".join(tokens) == licence.replace(" ", "")
    assert {t for t in tokens if t not in {"(", ")", "AND", "OR", "WITH"}} <= SPDX_IDS
    assert licence == setup_cfg["metadata"]["license"]


def test_version_and_name_agree_with_the_package(publiccode, setup_cfg):
    assert publiccode["softwareVersion"] == setup_cfg["metadata"]["version"]
    assert publiccode["name"] == "PdZ Partecipato"


def _urls(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _urls(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item, path)
    elif isinstance(value, str) and "://" in value:
        yield path, value


def test_every_url_is_https(publiccode):
    urls = list(_urls(publiccode))
    assert urls
    for path, url in urls:
        assert urlsplit(url).scheme == "https" and urlsplit(url).netloc, (path, url)


def test_screenshots_and_logo_are_files_of_the_repository(publiccode):
    for language, text in publiccode["description"].items():
        for screenshot in text.get("screenshots", []):
            assert screenshot.endswith((".png", ".jpg")) and (ROOT / screenshot).is_file(), (language, screenshot)
    if "logo" in publiccode:
        assert (ROOT / publiccode["logo"]).is_file()


def test_the_italian_extension_declares_its_version_and_what_the_platform_does(publiccode):
    italy = publiccode["it"]
    assert italy["countryExtensionVersion"] == "1.0"
    assert italy["conforme"]["gdpr"] is True              # app/privacy.py: export and erasure of a person
    assert italy["conforme"]["lineeGuidaDesign"] is True  # Bootstrap Italia, axe-core on every page
    assert not any(italy["piattaforme"].values())         # no SPID, CIE, ANPR, pagoPA or IO yet


def test_the_dependencies_name_the_database_with_a_minimum_version(publiccode):
    dependencies = {d["name"]: d for d in publiccode["dependsOn"]["open"]}
    assert dependencies["PostgreSQL"]["versionMin"] == "13"     # docs/deploy.md
    assert dependencies["Python"]["versionMin"] == "3.11"       # setup.cfg python_requires
