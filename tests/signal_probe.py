"""Emit every signal signature the application emits, many times, and report what it cost.

Run as a program (``python tests/signal_probe.py N``) by ``tests/test_signals.py``: a Qt binding
that drops a reference on each emit aborts the interpreter ("Fatal Python error: bool_dealloc"), so
the probe must live in a process of its own.

The signatures are found, not listed by hand: every QObject subclass defined in the application's
modules contributes the signals it declares, and every Qt signal the source emits by name
(``dataChanged.emit(...)`` on a model, ``completeChanged.emit()`` on a wizard page) is looked up on
the Qt classes the application derives from.  For each signature a probe object emits it ``N``
times to Python callables (a function, a bound method and a lambda); the probe prints one JSON line
per signature with the change in the reference counts of ``True``, ``False`` and ``None``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QMetaMethod, QModelIndex, QObject, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

import qcdc_desktop  # noqa: E402

SRC = Path(qcdc_desktop.__file__).resolve().parent

# A value of each type a signal of the application carries.
SAMPLES: dict[str, list[object]] = {
    "int": [0, 7, -1],
    "bool": [True, False],
    "double": [1.5],
    "QString": ["Đất đai", ""],
    "PyObject": [None, True, False, "x", 3, object()],
    "QModelIndex": [QModelIndex()],
    "QList<int>": [[], [0]],
    "QList<QPersistentModelIndex>": [[]],
    "QAbstractItemModel::LayoutChangeHint": [QAbstractItemModel.LayoutChangeHint.NoLayoutChangeHint],
    "QWidget*": [],  # a place the window made: filled in once the application exists
}
PY_TYPES = {"int": int, "bool": bool, "double": float, "QString": str, "PyObject": object, "QWidget*": QWidget}


def application_classes() -> list[type]:
    """Every QObject subclass defined in the application's own modules."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages([str(SRC)], prefix="qcdc_desktop."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QObject) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def signals_of(meta, first: int = 0) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for i in range(first, meta.methodCount()):
        method = meta.method(i)
        if method.methodType() == QMetaMethod.MethodType.Signal:
            name = bytes(method.name().data()).decode()
            types = tuple(bytes(t.data()).decode() for t in method.parameterTypes())
            out.append((name, types))
    return out


def emitted_names() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        names.update(re.findall(r"\b(\w+)\.emit\(", path.read_text(encoding="utf-8")))
    return names


def signatures() -> dict[tuple[str, ...], str]:
    """Each distinct parameter list, with one signal that carries it (for the report)."""
    emitted = emitted_names()
    found: dict[tuple[str, ...], str] = {}
    for cls in application_classes():
        meta = cls.staticMetaObject
        for name, types in signals_of(meta, meta.methodOffset()):
            found.setdefault(types, f"{cls.__qualname__}.{name}")
        # Qt's own signals that the application emits by hand, found on the Qt classes it derives from.
        base = meta.superClass()
        while base is not None:
            for name, types in signals_of(base, base.methodOffset()):
                if name in emitted:
                    found.setdefault(types, f"{bytes(base.className().encode()).decode()}.{name}")
            base = base.superClass()
    return found


class _Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0

    def data(self, index, role=0):
        return None


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def slot(self, *args: object) -> None:
        self.calls += 1


def probe(types: tuple[str, ...], times: int) -> dict[str, object]:
    calls = [0]

    def function(*args: object) -> None:
        calls[0] += 1

    receiver = _Receiver()
    if all(t in PY_TYPES for t in types):
        probe_cls = type("Probe", (QObject,), {"sig": Signal(*(PY_TYPES[t] for t in types))})
        obj = probe_cls()
        signal = obj.sig
    else:  # a model's own signals (dataChanged with indexes and roles)
        obj = _Model()
        signal = next(getattr(obj, name) for name, ts in signals_of(obj.staticMetaObject) if ts == types)
    signal.connect(function)
    signal.connect(receiver.slot)
    signal.connect(lambda *args: None)
    choices = [SAMPLES[t] for t in types]

    def args(i: int) -> list[object]:
        return [c[i % len(c)] for c in choices]

    try:
        signal.emit(*args(0))
    except TypeError as exc:  # an overload Python cannot name (Qt keeps one per default argument)
        return {"types": list(types), "skipped": str(exc)}
    # Warm up ending on the same values as the measured run: the binding keeps a reference to the
    # last arguments it delivered, which must not count as a change.
    for i in range(max(times - 60, 0), times):
        signal.emit(*args(i))
    before = [sys.getrefcount(v) for v in (True, False, None)]
    calls[0] = receiver.calls = 0
    for i in range(times):
        signal.emit(*args(i))
    after = [sys.getrefcount(v) for v in (True, False, None)]
    return {"types": list(types), "calls": calls[0], "slot_calls": receiver.calls,
            "delta": [a - b for a, b in zip(after, before)]}


def main() -> None:
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    app = QApplication.instance() or QApplication([])  # noqa: F841 - the widgets need one
    SAMPLES["QWidget*"].extend([QWidget(), QWidget()])
    for types, example in sorted(signatures().items()):
        result = probe(types, times)
        result["example"] = example
        print(json.dumps(result), flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
