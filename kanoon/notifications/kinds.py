"""The registry of notification kinds. Apps register theirs in `AppConfig.ready()`:

    from kanoon.notifications.kinds import kinds
    kinds.register("referral", "ارجاع مسئله")

The notifications app knows no domain app; a kind is a code, a Persian label, and the default
channels a user gets until they set their own preference.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    sms: bool = True
    email: bool = True
    digest: bool = False


class UnknownKind(LookupError):
    pass


class KindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}

    def register(
        self, code: str, label: str, *, sms: bool = True, email: bool = True, digest: bool = False
    ) -> Kind:
        if not code or len(code) > 40:
            raise ValueError(f"notification kind code {code!r} must be 1-40 characters")
        kind = Kind(code, label, sms, email, digest)
        self._kinds[code] = kind
        return kind

    def unregister(self, code: str) -> None:
        self._kinds.pop(code, None)

    def get(self, code: str) -> Kind:
        try:
            return self._kinds[code]
        except KeyError:
            raise UnknownKind(f"notification kind {code!r} is not registered") from None

    def label(self, code: str) -> str:
        kind = self._kinds.get(code)
        return kind.label if kind else code

    def all(self) -> list[Kind]:
        from kanoon.core.formats import persian_sorted

        return persian_sorted(self._kinds.values(), key=lambda k: k.label)

    def choices(self) -> list[tuple[str, str]]:
        return [(k.code, k.label) for k in self.all()]

    def __contains__(self, code: object) -> bool:
        return code in self._kinds


kinds = KindRegistry()
