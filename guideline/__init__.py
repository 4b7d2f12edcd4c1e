"""A computable guideline: how long to give calcineurin inhibitors in membranous nephropathy.

The package restates a clinical answer as a register of statements, a typed
patient-course model, and three decision functions: :func:`recommend`,
:func:`plan` and :func:`audit`. It uses the standard library only, holds no
clock (every evaluation takes an explicit date) and does no I/O.
"""

from types import FunctionType as _FunctionType

from ._audit import audit
from ._calendar import Window, add_months, add_weeks
from ._course import (
    AdverseEffect,
    AdverseEffectReport,
    Agent,
    Albumin,
    AlbuminUnit,
    Assessment,
    AssessmentKind,
    Course,
    Creatinine,
    CreatinineUnit,
    Discontinuation,
    DoseChange,
    DoseChangeReason,
    Pla2rTitre,
    Proteinuria,
    ProteinuriaUnit,
    Restart,
    StopReason,
    Trough,
    TroughRange,
)
from ._decision_rules import ALERT_RULES, DECISION_RULES
from ._decision_table import AlertRule, DecisionRule
from ._errors import CourseError, GuidelineError, ParameterError
from ._interpretations import INTERPRETATIONS, Interpretation
from ._invariants import INVARIANTS, Deviation, Invariant
from ._json import (
    SCHEMA_KINDS,
    audit_to_json,
    course_from_json,
    json_schema,
    parameters_from_json,
    to_json,
)
from ._monitoring import MonitoringItem
from ._parameters import DEFAULTS, PARAMETER_RANGES, Parameters
from ._plan import Milestone, Plan, plan
from ._recommend import Recommendation, recommend
from ._references import REFERENCES, Citation, Reference, Verification
from ._remission import Remission, RemissionLevel
from ._statements import STATEMENTS, Role, Section, Statement
from ._taper import TaperStep
from ._traceability import implementations
from ._version import CONTENT_REVIEWED, SOURCE_UPDATED, __version__
from ._vocabulary import Action, Alert, Phase
from ._withdrawal import WithdrawalStep

__all__ = [
    "ALERT_RULES",
    "CONTENT_REVIEWED",
    "DECISION_RULES",
    "DEFAULTS",
    "INTERPRETATIONS",
    "INVARIANTS",
    "PARAMETER_RANGES",
    "REFERENCES",
    "SCHEMA_KINDS",
    "SOURCE_UPDATED",
    "STATEMENTS",
    "Action",
    "AdverseEffect",
    "AdverseEffectReport",
    "Agent",
    "Albumin",
    "AlbuminUnit",
    "Alert",
    "AlertRule",
    "Assessment",
    "AssessmentKind",
    "Citation",
    "Course",
    "CourseError",
    "Creatinine",
    "CreatinineUnit",
    "DecisionRule",
    "Deviation",
    "Discontinuation",
    "DoseChange",
    "DoseChangeReason",
    "GuidelineError",
    "Interpretation",
    "Invariant",
    "Milestone",
    "MonitoringItem",
    "ParameterError",
    "Parameters",
    "Phase",
    "Pla2rTitre",
    "Plan",
    "Proteinuria",
    "ProteinuriaUnit",
    "Recommendation",
    "Reference",
    "Remission",
    "RemissionLevel",
    "Restart",
    "Role",
    "Section",
    "Statement",
    "StopReason",
    "TaperStep",
    "Trough",
    "TroughRange",
    "Verification",
    "Window",
    "WithdrawalStep",
    "__version__",
    "add_months",
    "add_weeks",
    "audit",
    "audit_to_json",
    "course_from_json",
    "implementations",
    "json_schema",
    "parameters_from_json",
    "plan",
    "recommend",
    "to_json",
]

for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type | _FunctionType) and _obj.__module__.startswith("guideline._"):
        _obj.__module__ = "guideline"
del _name, _obj
