"""The reader pages: ``views`` (thin: a queryset call, a template), ``episode`` (the episode
page's reads in SQL written out, with ``sql``'s helpers), the templates' helpers
(``templating``), schema.org data, sitemaps, the show accent stylesheet and reader accounts."""
