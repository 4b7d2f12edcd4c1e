# A worked case as FHIR resources, read back; a code added; a hook request answered.
import json
from datetime import date

from guideline import CreatinineUnit
from guideline.cds_hooks import hook_request, respond
from guideline.examples import complete_responder
from guideline.fhir import (
    DEFAULT_MAPPING,
    BundleError,
    ObservationCode,
    course_bundle,
    course_from_bundle,
)

bundle = json.loads(json.dumps(course_bundle(complete_responder())))
kinds = sorted({entry["resource"]["resourceType"] for entry in bundle["entry"]})
print(len(bundle["entry"]), "entries:", kinds)
reading = course_from_bundle(bundle)
assert reading.course == complete_responder()  # the same course, nothing left unread
assert reading.notes == ()

# A result under a local laboratory code is noted, not read ...
local = {
    "resourceType": "Observation",
    "id": "crea-local",
    "status": "final",
    "code": {"coding": [{"system": "urn:example:our-laboratory", "code": "CREA"}]},
    "subject": {"reference": "Patient/example"},
    "effectiveDateTime": "2025-12-01",
    "valueQuantity": {
        "value": 1.1,
        "unit": "mg/dL",
        "system": "http://unitsofmeasure.org",
        "code": "mg/dL",
    },
}
bundle["entry"].append({"resource": local})
(note,) = course_from_bundle(bundle).notes
print("noted:", note.resource, note.kind.value, "-", note.detail)

# ... until the integrator maps it: one entry, with where the code was checked.
ours = DEFAULT_MAPPING.adding(
    ObservationCode(
        "urn:example:our-laboratory",
        "CREA",
        "Creatinine, serum",
        "creatinine",
        {"mg/dL": CreatinineUnit.MG_PER_DL},
        "our laboratory's test catalogue",
    )
)
read = course_from_bundle(bundle, mapping=ours).course.creatinine
print("read:", next(value for value in read if value.on == date(2025, 12, 1)))

# A known code in a unit that would need a factor is refused, naming where it is.
local["valueQuantity"].update(unit="mg/L", code="mg/L")
try:
    course_from_bundle(bundle, mapping=ours)
except BundleError as error:
    print("refused:", error)

# The CDS Hooks service's answer to a patient-view request for the same patient.
answer = respond(hook_request(complete_responder(), date(2025, 7, 20)))
(card,) = answer["cards"]
print("card:", card["summary"], f"({card['indicator']})")
print(card["detail"].splitlines()[0])
