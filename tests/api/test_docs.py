"""The API describes itself (OpenAPI at /api/openapi.json, Swagger UI at /api/docs) in JSON."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_docs_and_openapi_document_respond(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/entries", "/api/entries/{ref}", "/api/links/check", "/api/letters"} <= set(paths)
    schemes = schema.json()["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_docs_page_loads_nothing_from_a_cdn(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "<script>" not in html


def test_operations_document_their_error_bodies(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    create = paths["/api/entries"]["post"]["responses"]
    assert create["422"]["content"]["application/json"]["schema"]["$ref"].endswith("ProblemsOut")
    assert create["403"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorOut")


@pytest.mark.parametrize("url", ["/api/nope", "/api/entries/HG-DV-1/delete", "/api/entries/"])
def test_unknown_api_addresses_answer_404_in_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "no_such_endpoint"
    assert set(response.json()["message"]) == {"vi", "en"}
