class NumberConverter:
    """A season or episode number: 1 to 4 digits, so a huge number is a 404,
    never an integer overflow in the database."""

    regex = "[0-9]{1,4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class IdConverter:
    """A database id: at most 18 digits, so it always fits a 64-bit integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
