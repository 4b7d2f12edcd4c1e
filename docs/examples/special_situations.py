# A 12 g/day baseline falling slowly is not stopped at month 6 (G1);
# a partial remission waits for month 12 before the taper (G2).
from datetime import date

from guideline import Action, plan, recommend
from guideline.examples import high_grade_slow_decline, partial_responder

slow = recommend(high_grade_slow_decline(), date(2025, 7, 10))
print(slow.action.value, [alert.value for alert in slow.alerts])
print(slow.rationale)

partial = plan(partial_responder(), date(2025, 10, 1))
print()
print("partial remission confirmed:", partial.remission.confirmed if partial.remission else None)
print("earliest taper start:", partial.earliest_taper_start)

assert slow.action is Action.CONTINUE
assert partial.earliest_taper_start == date(2026, 3, 1)  # month 12 of the course
assert recommend(partial_responder(), date(2026, 2, 28)).action is Action.CONTINUE
