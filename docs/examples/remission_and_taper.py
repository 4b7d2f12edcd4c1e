# The complete responder: remission confirmed before month 6, so the taper starts at month 6.
from datetime import date

from guideline import Action, plan, recommend
from guideline.examples import complete_responder

course = complete_responder()
known = plan(course, date(2025, 7, 1))
print("remission confirmed:", known.remission.confirmed if known.remission else None)
print("earliest taper start:", known.earliest_taper_start)

advice = recommend(course, date(2025, 7, 20))
print(advice.action.value, "to", advice.dose_mg_per_day, "mg/day; next review", advice.next_review)

assert known.earliest_taper_start == date(2025, 7, 15)  # month 6 of the course
assert recommend(course, date(2025, 7, 14)).action is Action.CONTINUE
assert advice.action is Action.REDUCE_DOSE
