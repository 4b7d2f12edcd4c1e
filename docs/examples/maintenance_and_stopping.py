# The complete responder after the taper: a year at the reduced dose, then the stop window.
from datetime import date

from guideline import Action, plan, recommend
from guideline.examples import complete_responder

course = complete_responder()
known = plan(course, date(2025, 12, 1))
print("reduced dose reached:", known.reduced_dose_reached)
print("maintenance complete:", known.maintenance_end)
window, other = known.stop_window, known.stop_window_from_start
assert window is not None
print("stop window, from remission:", window.opens, "to", window.closes)
print("the other reading, from the start:", other.opens, "to", other.closes)

for on in (date(2025, 12, 1), date(2026, 9, 10)):
    print(on, recommend(course, on).action.value)

assert recommend(course, date(2025, 12, 1)).action is Action.MAINTAIN_REDUCED_DOSE
assert recommend(course, date(2026, 9, 10)).action is Action.CONSIDER_DISCONTINUATION
