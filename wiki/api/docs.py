"""The API's OpenAPI document as JSON (``/api/schema/``) and as a page (``/api/docs/``).

The page is rendered here from the same document, so it needs no script to
be read; ``static/js/api_docs.js`` only adds the "Try it" answers in place.
Nothing comes from another site, so the page keeps the site's CSP.
"""

from django.http import JsonResponse
from django.shortcuts import render

from wiki.api import (
    schema as api_schema,  # a module, not its names: api_schema reads api_urls, which imports us
)
from wiki.api.views import guarded

REF = "#/components/schemas/"


@guarded
def schema(request):
    return JsonResponse(api_schema.document(request), json_dumps_params={"ensure_ascii": False, "indent": 1})


@guarded
def docs(request):
    doc = api_schema.document(request)
    responses = doc["components"]["responses"]
    operations = [
        {
            "id": operation["operationId"],
            "method": method.upper(),
            "path": path,
            "summary": operation["summary"],
            "parameters": [_parameter(p) for p in operation.get("parameters", [])],
            "responses": [
                _response(status, answer, responses) for status, answer in operation["responses"].items()
            ],
        }
        for path, item in doc["paths"].items()
        for method, operation in item.items()
    ]
    schemas = [
        {
            "name": name,
            "description": schema.get("description", ""),
            "fields": _fields(schema),
            "kind": _label(schema),
        }
        for name, schema in doc["components"]["schemas"].items()
    ]
    context = {
        "info": doc["info"],
        "openapi": doc["openapi"],
        "description": [_code_spans(text) for text in doc["info"]["description"].split("\n\n")],
        "operations": operations,
        "schemas": schemas,
    }
    return render(request, "wiki/api_docs.html", context)


def _code_spans(text):
    """Markdown's `code` spans, the only markup the description uses: [(text, is_code)]."""
    return [(part, i % 2 == 1) for i, part in enumerate(text.replace("\n", " ").split("`")) if part]


def _parameter(parameter):
    schema = parameter["schema"]
    limits = [
        f"{word} {schema[key]}" for key, word in (("minimum", "from"), ("maximum", "to")) if key in schema
    ]
    return {
        "name": parameter["name"],
        "where": parameter["in"],
        "required": parameter.get("required", False),
        "type": _label(schema),
        "limits": ", ".join(limits),
        "default": schema.get("default"),
        "description": parameter.get("description", ""),
    }


def _response(status, answer, responses):
    if "$ref" in answer:
        answer = responses[answer["$ref"].rsplit("/", 1)[1]]
    schema = answer["content"]["application/json"]["schema"]
    return {"status": status, "description": answer["description"], "type": _label(schema)}


def _fields(schema):
    return [
        {"name": name, "type": _label(field), "description": field.get("description", "")}
        for name, field in schema.get("properties", {}).items()
    ]


def _label(schema):
    """A schema as words and links: ``[("array of ", None), ("Cue", "Cue")]``."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF)
        return [(name, name)]
    if "oneOf" in schema:
        parts = []
        for i, option in enumerate(schema["oneOf"]):
            parts += ([(" or ", None)] if i else []) + _label(option)
        return parts
    kind = schema.get("type", "")
    if kind == "array":
        return [("array of ", None), *_label(schema["items"])]
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if "const" in schema:
        return [(f"always {str(schema['const']).lower()}", None)]
    if "enum" in schema:
        return [(f"{kind or 'one'} of " + ", ".join(map(str, schema["enum"])), None)]
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return [(kind or "any", None)]
