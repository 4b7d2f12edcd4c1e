"""The window in which stopping the CNI is considered (H1, C3, D8)."""

from __future__ import annotations

from datetime import date

from ._calendar import Window, add_months
from ._parameters import MAINTENANCE_MONTHS, STOP_WINDOW_CLOSES_MONTHS, STOP_WINDOW_OPENS_MONTHS
from ._remission import Remission
from ._traceability import implements


def maintenance_end(reduced_dose_date: date) -> date:
    """Date the 12 months at the reduced dose are complete (C2, D7)."""
    return add_months(reduced_dose_date, MAINTENANCE_MONTHS)


def stop_window(remission: Remission, reduced_dose_date: date | None) -> Window | None:
    """When discontinuation is considered, counted from remission (D8).

    It opens at the later of tR + 12 months and the end of maintenance, and
    closes at tR + 24 months; it is empty when maintenance ends later (A8).

    Returns:
        The window, or None while the reduced dose has not been reached.
    """
    if reduced_dose_date is None:
        return None
    opens = max(
        add_months(remission.confirmed, STOP_WINDOW_OPENS_MONTHS),
        maintenance_end(reduced_dose_date),
    )
    return Window(opens, stop_window_closes(remission))


def stop_window_closes(remission: Remission) -> date:
    """Last date of the stop window: tR + 24 months (D8)."""
    return add_months(remission.confirmed, STOP_WINDOW_CLOSES_MONTHS)


def stop_window_from_start(start: date) -> Window:
    """The other reading of C3: 12 to 24 months of therapy from t0, for comparison only."""
    return Window(
        add_months(start, STOP_WINDOW_OPENS_MONTHS), add_months(start, STOP_WINDOW_CLOSES_MONTHS)
    )


implements("C2", "D7")(maintenance_end)
implements("H1", "C3", "L1", "D8", "A8")(stop_window)
implements("C3", "D8")(stop_window_from_start)
