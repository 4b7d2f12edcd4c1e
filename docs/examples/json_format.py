# A course to JSON and back, then a recommendation written as JSON.
import json
from datetime import date

from guideline import CourseError, course_from_json, recommend, to_json
from guideline.examples import complete_responder

text = json.dumps(to_json(complete_responder()))
course = course_from_json(json.loads(text))
assert course == complete_responder()  # the round trip loses nothing

advice = to_json(recommend(course, date(2025, 7, 20)))
print(json.dumps({key: advice[key] for key in ("on", "action", "rule", "dose_mg_per_day")}))

broken = json.loads(text)
broken["proteinuria"][3]["value"] = "high"
refused = None
try:
    course_from_json(broken)
except CourseError as error:
    refused = error
assert refused is not None
assert refused.field == "proteinuria[3].value"
print("refused:", refused)
