"""What the person chooses in the first-run wizard, and the base of its pages: each page keeps its
choice in the wizard's :class:`SetupChoices` when the person moves on, and sets its texts again in
``retranslate()`` when the language changes.  The pages know the wizard only through this."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QWizardPage

from ...core.model import Official, Unit
from ...db.setup import FirstAdmin


@dataclass
class SetupChoices:
    """What the person chose, page by page."""

    role_choice: str = "commune"  # "commune", "province" or "district"
    unit: Unit | None = None
    officials: list[Official] = field(default_factory=list)
    path: Path | None = None
    admin: FirstAdmin | None = None


class WizardPage(QWizardPage):
    def choices(self) -> SetupChoices:
        """The choices of the wizard this page is in."""
        choices = getattr(self.wizard(), "choices", None)
        assert isinstance(choices, SetupChoices), "a wizard page outside the setup wizard"
        return choices

    def retranslate(self) -> None:
        """Set the page's texts again in the language now chosen; every page has its own."""
        raise NotImplementedError(f"{type(self).__name__} sets no texts")
