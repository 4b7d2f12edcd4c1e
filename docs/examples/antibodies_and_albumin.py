# Anti-PLA2R titres and serum albumin: alerts and an earlier review, never another action.
from dataclasses import replace
from datetime import date

from guideline import Alert, recommend
from guideline.examples import titre_positive_at_the_stop_window

course = titre_positive_at_the_stop_window()
without = replace(course, pla2r=(), albumin=())
on = date(2026, 9, 5)  # the stop window opens; the latest titre is still above the cut-off

advice, plain = recommend(course, on), recommend(without, on)
print(advice.action.value, [alert.value for alert in advice.alerts], advice.next_review)
print(plain.action.value, [alert.value for alert in plain.alerts], plain.next_review)
for line in advice.explanation:
    if "PLA2R" in line or "albumin" in line:
        print(line)

assert advice.action is plain.action
assert advice.alerts == (Alert.ANTIBODY_POSITIVE_AT_STOP,)
assert advice.next_review < plain.next_review
