"""This computer's settings (Qt's QSettings), read and written through their declarations in
:mod:`qcdc_desktop.core.settings`: a value read back is the declared type within its bounds, or
the default, whatever the registry or the ini file holds."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QSettings

from ...core.settings import Setting

T = TypeVar("T", str, int, bool, object)


def _on_computer(setting: Setting[T]) -> None:
    if setting.place != "computer":
        raise ValueError(f"{setting.key} is kept in the data file, not on this computer")


def read(settings: QSettings, setting: Setting[T]) -> T:
    """The value of ``setting``, or its default."""
    _on_computer(setting)
    return setting.read(settings.value(setting.key))


def write(settings: QSettings, setting: Setting[T], value: T) -> None:
    _on_computer(setting)
    settings.setValue(setting.key, setting.stored(value))


def forget(settings: QSettings, setting: Setting[T]) -> None:
    """Remove the value: ``setting`` reads as its default again."""
    _on_computer(setting)
    settings.remove(setting.key)
