# Monitoring: the checklist by agent, and a creatinine rise that holds the taper.
from dataclasses import replace
from datetime import date

from guideline import Action, Alert, Creatinine, CreatinineUnit, plan, recommend
from guideline.examples import complete_responder

course = complete_responder()
for item in plan(course, date(2025, 7, 20)).monitoring:
    print(f"{item.topic}: {item.detail}")

rise = Creatinine(date(2025, 7, 18), 1.5, CreatinineUnit.MG_PER_DL)
risen = replace(course, creatinine=(*course.creatinine, rise))
advice = recommend(risen, date(2025, 7, 20))
print()
print(advice.action.value, [alert.value for alert in advice.alerts])
print(advice.rationale)

assert advice.action is Action.HOLD_DOSE
assert Alert.NEPHROTOXICITY_CHECK in advice.alerts
