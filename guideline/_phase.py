"""Where a course stands: on or off the CNI, relapsed, in remission, and so its phase.

The phase is chosen from the same named criteria the decision rows read; each
phase then has its own rows (:data:`~guideline.DECISION_RULES`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._decision_table import Criterion
from ._stop_window import before_stop_window, past_stop_window_close
from ._taper import before_taper_start, reduced_dose_kept
from ._vocabulary import Phase

if TYPE_CHECKING:
    from ._status import Status


def on_cni(status: Status) -> bool:
    """A CNI dose is in force on the evaluation date."""
    return status.dose is not None


def relapsed(status: Status) -> bool:
    """The latest status of the period is a relapse, confirmed or recorded (D4)."""
    return status.history.relapsed


def in_remission(status: Status) -> bool:
    """A remission of the period is ongoing, confirmed or recorded (D4)."""
    return status.remission is not None


ON_CNI = Criterion("on the CNI", "the CNI is stopped", (), test=on_cni)
RELAPSED = Criterion("relapse", "no relapse", ("D4",), ("confirmation_gap_days",), test=relapsed)
IN_REMISSION = Criterion(
    "in remission",
    "no confirmed remission",
    ("D4", "G3"),
    ("confirmation_gap_days",),
    test=in_remission,
)


def phase_of(status: Status) -> Phase:
    """The phase of ``status``, from the criteria above and those of the taper and stop window."""
    if not on_cni(status):
        return Phase.OFF_THERAPY
    if relapsed(status):
        return Phase.RELAPSE
    if not in_remission(status):
        return Phase.INITIAL_TRIAL
    if before_taper_start(status):
        return Phase.AWAITING_TAPER
    if not reduced_dose_kept(status):
        return Phase.TAPER
    if before_stop_window(status):
        return Phase.MAINTENANCE
    if not past_stop_window_close(status):
        return Phase.STOP_WINDOW
    return Phase.PAST_STOP_WINDOW
