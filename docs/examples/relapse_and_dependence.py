# After the planned stop: a relapse, a restart, and a second relapse on the taper.
from datetime import date

from guideline import Action, recommend
from guideline.examples import dependence, relapse_after_stop

restart = recommend(relapse_after_stop(), date(2027, 3, 15))
print(restart.action.value, "-", restart.rationale)

again = recommend(dependence(), date(2027, 12, 15))
print(again.action.value, "-", again.rationale)

assert restart.action is Action.REINITIATE
assert again.action is Action.CONSIDER_RITUXIMAB
