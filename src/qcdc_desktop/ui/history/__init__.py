"""The office's history in the window: a record's History panel (``panel``), the History place
(``place`` over ``model``), and their menu entries and shortcut (``install``)."""
