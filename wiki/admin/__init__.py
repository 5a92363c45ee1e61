"""The editors' side of the catalogue: the model admins (``catalogue``, registered by
``recaps.admin`` with their history), what every admin shares (``tools``), and the forms
whose checks span rows (``forms``). Nothing is registered on import of this package."""
