"""The read-only JSON API under ``/api/``: ``views`` (the endpoints), ``serializers`` (plain
dicts from rows the endpoint loaded), ``urls``, and its OpenAPI document (``schema``, served
with a page by ``docs``)."""
