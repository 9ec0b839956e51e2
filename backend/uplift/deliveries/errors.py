"""Why a try at a delivery failed, as recorded on its attempt."""


class DeliveryFailed(Exception):
    """The receiver refused, timed out or could not be reached; `code` is its reply code."""

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(reason)
        self.code = code
