# The non-responder: troughs at target, proteinuria down by less than the threshold.
from datetime import date

from guideline import Action, Alert, recommend
from guideline.examples import non_responder

course = non_responder()
for on in (date(2025, 5, 1), date(2025, 6, 20), date(2025, 8, 1)):
    advice = recommend(course, on)
    print(on, advice.action.value, [alert.value for alert in advice.alerts])

# Flagged from month 4, but a stop is only advised from month 6 (B1, B2).
assert recommend(course, date(2025, 6, 20)).alerts == (Alert.LIKELY_INEFFECTIVE,)
assert recommend(course, date(2025, 7, 31)).action is Action.CONTINUE
assert recommend(course, date(2025, 8, 1)).action is Action.STOP_INEFFECTIVE
print()
print(*recommend(course, date(2025, 8, 1)).explanation, sep="\n")
