"""Where a course stands: on or off the CNI, relapsed, in remission.

The basic criteria every phase is chosen from (see ``_status.phase_of``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._decision_table import Criterion

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
