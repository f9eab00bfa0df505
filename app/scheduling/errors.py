"""Errors the scheduling engines raise for input they cannot work with."""


class SchedulingInputError(ValueError):
    """Input that no schedule can be built from; `item` names the offending element."""

    def __init__(self, message: str, item: object = None) -> None:
        super().__init__(message)
        self.item = item
