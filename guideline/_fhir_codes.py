"""The codes the FHIR reader knows: LOINC for laboratory values, RxNorm for the two agents.

Every code here was checked against a published entry of its code system; the
entry's source is kept with the code (:attr:`ObservationCode.source`,
:attr:`MedicationCode.source`) and listed on the site's "FHIR and CDS Hooks"
page. No code is made up. Codes that could not be checked, and codes checked
but deliberately not read, are listed on that page with the reason.

The mapping is data an integrator can replace: :data:`DEFAULT_MAPPING` is the
default, and :meth:`CodeMapping.adding` returns a mapping with more codes. A
laboratory series is named by the :class:`~guideline.Course` field its values
go to, so a series added to the course model later is read once its codes are
added here, one :class:`ObservationCode` per code.

Units are UCUM codes. A code lists the UCUM units it is read in and, for each,
the unit of the course model the value is stored in, unchanged: the reader
converts nothing itself. Each accepted unit equals its model unit by UCUM's
own definitions (``g/(24.h)`` and ``g/d`` are both grams per day since a day
is 24 hours; ``mg/mg`` and ``g/g`` are both a plain mass ratio; ``ug/L`` and
``ng/mL`` are both 10⁻⁶ g/L), except ``mg/mmol``, which the model itself
converts (D16). Units that would need a factor (``mg/g``, ``mg/(24.h)``) are
refused, as the clinical specification refuses them for the JSON format (P12).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import Any

from . import _course
from ._course import (
    Agent,
    Course,
    CreatinineUnit,
    DoseChangeReason,
    ProteinuriaUnit,
    StopReason,
)

__all__ = [
    "DEFAULT_MAPPING",
    "DOSE_CHANGE_REASON_SYSTEM",
    "LOINC",
    "RXNORM",
    "STOP_REASON_SYSTEM",
    "UCUM",
    "CodeMapping",
    "MedicationCode",
    "ObservationCode",
    "ReasonCode",
]

LOINC = "http://loinc.org"
"""The FHIR system URI of LOINC."""

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
"""The FHIR system URI of RxNorm."""

UCUM = "http://unitsofmeasure.org"
"""The FHIR system URI of UCUM, the code system of every unit the reader accepts."""

DOSE_CHANGE_REASON_SYSTEM = "urn:guideline:cni-mn:dose-change-reason"
"""This package's own code system for why a dose changed: the values of
:class:`~guideline.DoseChangeReason`. No published code system has these
concepts; a record carries them in ``reasonCode``."""

STOP_REASON_SYSTEM = "urn:guideline:cni-mn:stop-reason"
"""This package's own code system for why the CNI was stopped: the values of
:class:`~guideline.StopReason`, carried in ``statusReason``."""

VSAC_URINE_PROTEIN = (
    "NLM VSAC value set 'Urine Protein Tests' (OID 2.16.840.1.113883.3.464.1003.109.12.1024), "
    "expansion 20220505 on LOINC 2.71, as stored in cqframework/ecqm-content-qicore-2022, "
    "input/vocabulary/valueset/external/valueset-2.16.840.1.113883.3.464.1003.109.12.1024.json"
)
CPG_CREATININE = (
    "HL7 FHIR Clinical Guidelines IG 1.0.0 (STU1), ValueSet ckd-valueset-creatinine, "
    "expansion on LOINC 2.68: https://hl7.org/fhir/uv/cpg/ValueSet-ckd-valueset-creatinine.html"
)
PROTECT_CHILD_LEVELS = (
    "HL7 Europe PROTECT-CHILD IG (0.1.0 CI build), ValueSet imm-pat-pk-measurement-vs: "
    "https://build.fhir.org/ig/hl7-eu/protect-child/ValueSet-imm-pat-pk-measurement-vs.html"
)
PROTECT_CHILD_TACROLIMUS = (
    f"{PROTECT_CHILD_LEVELS}; its parts (Tacrolimus, trough) on https://loinc.org/77348-1"
)
VSAC_IMMUNOSUPPRESSIVE = (
    "NLM VSAC value set 'Immunosuppressive Drugs for Urology Care' "
    "(OID 2.16.840.1.113762.1.4.1151.32), expansion 20220505 on RxNorm 2022-01, as stored in "
    "cqframework/ecqm-content-qicore-2022, "
    "input/vocabulary/valueset/external/valueset-2.16.840.1.113762.1.4.1151.32.json"
)
NLM_RXNORM_2023_10 = (
    "NLM, RxNorm October 2023 monthly release, 'Changes to Tacrolimus Products' (RXCUI, term "
    "type SCD and name of each tacrolimus oral capsule): NLM Technical Bulletin 2023 Sep-Oct, "
    "https://www.nlm.nih.gov/pubs/techbull/so23/brief/so23_rxnorm_oct_release.html"
)
NLM_RXNORM_AND_VSAC = f"{NLM_RXNORM_2023_10}; also {VSAC_IMMUNOSUPPRESSIVE}"
PDDI_CYCLOSPORINE = (
    "HL7 Potential Drug-Drug Interaction CDS IG 1.0.0-ballot, ValueSet valueset-CYCS "
    "(from VSAC 2.16.840.1.113762.1.4.1213.127): "
    "https://www.hl7.org/fhir/uv/pddi/2023Jan/ValueSet-valueset-CYCS.html"
)

ModelUnit = Enum | None
"""The unit a value is stored in by the course model, or None for a series without units."""


@dataclass(frozen=True)
class ObservationCode:
    """One laboratory code the reader knows, the series its values go to, and their units.

    Attributes:
        system: The code system URI (:data:`LOINC` for every default code).
        code: The code.
        display: The code system's name for it, as published.
        series: The :class:`~guideline.Course` field the values go to, such
            as ``proteinuria`` or ``troughs``.
        units: Each UCUM unit the values are read in, with the model unit the
            value is stored in unchanged (None for a series without units,
            such as troughs in ng/mL).
        source: Where the code was checked.
        agent: For a drug level, the agent it measures: the level is read
            only in a course of that agent.
    """

    system: str
    code: str
    display: str
    series: str
    units: Mapping[str, ModelUnit]
    source: str
    agent: Agent | None = None

    def __post_init__(self) -> None:
        """Freeze the units and check that the series and units fit the course model."""
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))
        kind = series_entry(self.series)
        if kind is None:
            raise ValueError(f"{self.code}: {self.series!r} is not a series of Course")
        unit_type = _unit_type(kind)
        for ucum, unit in self.units.items():
            if (unit is None) != (unit_type is None) or (
                unit_type is not None and not isinstance(unit, unit_type)
            ):
                wanted = "None" if unit_type is None else unit_type.__name__
                raise ValueError(f"{self.code}: unit {ucum!r} must map to {wanted}")


@dataclass(frozen=True)
class MedicationCode:
    """One medication code the reader knows and the agent it is.

    Attributes:
        system: The code system URI (:data:`RXNORM` for every default code).
        code: The code.
        display: The code system's name for it, as published.
        agent: Tacrolimus or cyclosporine.
        source: Where the code was checked.
    """

    system: str
    code: str
    display: str
    agent: Agent
    source: str


@dataclass(frozen=True)
class ReasonCode:
    """A code for why a dose changed or the CNI was stopped.

    Attributes:
        system: The code system URI.
        code: The code.
        reason: What it means to the course model.
    """

    system: str
    code: str
    reason: DoseChangeReason | StopReason


Key = tuple[str, str]
"""A code with its system: ``(system, code)``."""


@dataclass(frozen=True)
class CodeMapping:
    """Which codes the reader reads, and as what.

    A code (system and code) appears at most once in each kind. Build a new
    mapping to replace the default, or call :meth:`adding` to extend it.

    Attributes:
        observations: Laboratory codes and the series they feed.
        medications: Medication codes and the agent each is.
        dose_change_reasons: Codes for why a dose changed, read from ``reasonCode``.
        stop_reasons: Codes for why the CNI was stopped, read from ``statusReason``.

    Raises:
        ValueError: If a code is listed twice in one kind.
    """

    observations: tuple[ObservationCode, ...]
    medications: tuple[MedicationCode, ...]
    dose_change_reasons: tuple[ReasonCode, ...]
    stop_reasons: tuple[ReasonCode, ...]
    _index: dict[str, dict[Key, Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Index every kind by code and refuse a code listed twice."""
        index: dict[str, dict[Key, Any]] = {}
        for kind in ("observations", "medications", "dose_change_reasons", "stop_reasons"):
            items = tuple(getattr(self, kind))
            object.__setattr__(self, kind, items)
            index[kind] = {}
            for item in items:
                key = (item.system, item.code)
                if key in index[kind]:
                    raise ValueError(f"{kind}: {item.system}|{item.code} is listed twice")
                index[kind][key] = item
        meanings = {"dose_change_reasons": DoseChangeReason, "stop_reasons": StopReason}
        for kind, wanted in meanings.items():
            for item in index[kind].values():
                if not isinstance(item.reason, wanted):
                    raise ValueError(f"{kind}: {item.code} must mean a {wanted.__name__}")
        object.__setattr__(self, "_index", index)

    def observation(self, system: object, code: object) -> ObservationCode | None:
        """The laboratory code with this system and code, or None."""
        return typing.cast(ObservationCode | None, self._find("observations", system, code))

    def medication(self, system: object, code: object) -> MedicationCode | None:
        """The medication code with this system and code, or None."""
        return typing.cast(MedicationCode | None, self._find("medications", system, code))

    def dose_change_reason(self, system: object, code: object) -> DoseChangeReason | None:
        """What a ``reasonCode`` coding means, or None if it is not a dose-change reason."""
        found = self._find("dose_change_reasons", system, code)
        return None if found is None else typing.cast(DoseChangeReason, found.reason)

    def stop_reason(self, system: object, code: object) -> StopReason | None:
        """What a ``statusReason`` coding means, or None if it is not a stop reason."""
        found = self._find("stop_reasons", system, code)
        return None if found is None else typing.cast(StopReason, found.reason)

    def _find(self, kind: str, system: object, code: object) -> Any:
        if not isinstance(system, str) or not isinstance(code, str):
            return None
        return self._index[kind].get((system, code))

    def adding(self, *codes: ObservationCode | MedicationCode | ReasonCode) -> CodeMapping:
        """This mapping with more codes, each added to its kind.

        Args:
            codes: Laboratory, medication or reason codes. A reason code goes
                to the dose-change or stop reasons by the enum it means.

        Returns:
            A new mapping; this one is unchanged.

        Raises:
            ValueError: If a code is already in the mapping.

        Examples:
            >>> extra = ObservationCode(
            ...     "urn:example:our-laboratory", "CREA", "Creatinine, serum", "creatinine",
            ...     {"mg/dL": CreatinineUnit.MG_PER_DL}, source="our laboratory's catalogue")
            >>> len(DEFAULT_MAPPING.adding(extra).observations) - len(DEFAULT_MAPPING.observations)
            1
        """
        kinds: dict[str, list[Any]] = {
            "observations": list(self.observations),
            "medications": list(self.medications),
            "dose_change_reasons": list(self.dose_change_reasons),
            "stop_reasons": list(self.stop_reasons),
        }
        for code in codes:
            kinds[_kind_of(code)].append(code)
        return CodeMapping(**{kind: tuple(items) for kind, items in kinds.items()})

    def codes_for(self, series: str, agent: Agent | None = None) -> tuple[ObservationCode, ...]:
        """The laboratory codes of one series, less the drug levels of another agent."""
        return tuple(
            item
            for item in self.observations
            if item.series == series and item.agent in (None, agent)
        )


def _kind_of(code: ObservationCode | MedicationCode | ReasonCode) -> str:
    if isinstance(code, ObservationCode):
        return "observations"
    if isinstance(code, MedicationCode):
        return "medications"
    if isinstance(code, ReasonCode):
        dose = isinstance(code.reason, DoseChangeReason)
        return "dose_change_reasons" if dose else "stop_reasons"
    raise TypeError(f"not a code: {code!r}")


@cache
def series_entry(series: str) -> type | None:
    """The entry class of a measured series of :class:`~guideline.Course`, or None.

    A measured series is a tuple of entries with a date ``on`` and a ``value``
    (and a ``unit`` where the series has units).
    """
    hint = _course_hints().get(series)
    if typing.get_origin(hint) is not tuple:
        return None
    kind: type = typing.get_args(hint)[0]
    hints = _entry_hints(kind)
    return kind if "on" in hints and "value" in hints else None


def _unit_type(kind: type) -> type[Enum] | None:
    """The enum of an entry's ``unit`` field, or None if the entry has no unit."""
    hint = _entry_hints(kind).get("unit")
    return hint if isinstance(hint, type) and issubclass(hint, Enum) else None


def _course_hints() -> dict[str, Any]:
    return _entry_hints(Course)


@cache
def _entry_hints(kind: type) -> dict[str, Any]:
    """Type hints of a course class, resolved in the module that defines it.

    Its ``__module__`` says ``guideline`` once the package is imported.
    """
    return typing.get_type_hints(kind, globalns=vars(_course))


def _reasons(
    system: str, kind: Iterable[DoseChangeReason] | Iterable[StopReason]
) -> tuple[ReasonCode, ...]:
    return tuple(ReasonCode(system, reason.value, reason) for reason in kind)


_TROUGH_UNITS: dict[str, ModelUnit] = {"ng/mL": None, "ug/L": None}
_RATIO_UNITS: dict[str, ModelUnit] = {
    "g/g": ProteinuriaUnit.UPCR_G_PER_G,
    "mg/mg": ProteinuriaUnit.UPCR_G_PER_G,
}

DEFAULT_MAPPING = CodeMapping(
    observations=(
        ObservationCode(
            LOINC,
            "2889-4",
            "Protein [Mass/time] in 24 hour Urine",
            "proteinuria",
            {"g/(24.h)": ProteinuriaUnit.G_PER_DAY, "g/d": ProteinuriaUnit.G_PER_DAY},
            VSAC_URINE_PROTEIN,
        ),
        ObservationCode(
            LOINC,
            "2890-2",
            "Protein/Creatinine [Mass Ratio] in Urine",
            "proteinuria",
            _RATIO_UNITS,
            VSAC_URINE_PROTEIN,
        ),
        ObservationCode(
            LOINC,
            "34366-5",
            "Protein/Creatinine [Ratio] in Urine",
            "proteinuria",
            {"mg/mmol": ProteinuriaUnit.UPCR_MG_PER_MMOL, **_RATIO_UNITS},
            VSAC_URINE_PROTEIN,
        ),
        ObservationCode(
            LOINC,
            "2160-0",
            "Creatinine [Mass/volume] in Serum or Plasma",
            "creatinine",
            {"mg/dL": CreatinineUnit.MG_PER_DL},
            CPG_CREATININE,
        ),
        ObservationCode(
            LOINC,
            "14682-9",
            "Creatinine [Moles/volume] in Serum or Plasma",
            "creatinine",
            {"umol/L": CreatinineUnit.UMOL_PER_L},
            CPG_CREATININE,
        ),
        ObservationCode(
            LOINC,
            "77348-1",
            "Tacrolimus [Mass/volume] in Blood --trough",
            "troughs",
            _TROUGH_UNITS,
            PROTECT_CHILD_TACROLIMUS,
            Agent.TACROLIMUS,
        ),
        ObservationCode(
            LOINC,
            "53828-0",
            "cycloSPORINE [Mass/volume] in Blood --trough",
            "troughs",
            _TROUGH_UNITS,
            PROTECT_CHILD_LEVELS,
            Agent.CYCLOSPORINE,
        ),
    ),
    medications=(
        *(
            MedicationCode(RXNORM, code, display, Agent.TACROLIMUS, NLM_RXNORM_AND_VSAC)
            for code, display in (
                ("198377", "tacrolimus 1 MG Oral Capsule"),
                ("198378", "tacrolimus 5 MG Oral Capsule"),
            )
        ),
        *(
            MedicationCode(RXNORM, code, display, Agent.TACROLIMUS, NLM_RXNORM_2023_10)
            for code, display in (
                ("313190", "tacrolimus 0.5 MG Oral Capsule"),
                ("2665161", "BX Rating tacrolimus 0.5 MG Oral Capsule"),
                ("2665162", "BX Rating tacrolimus 1 MG Oral Capsule"),
                ("2665163", "BX Rating tacrolimus 5 MG Oral Capsule"),
            )
        ),
        *(
            MedicationCode(RXNORM, code, display, Agent.TACROLIMUS, VSAC_IMMUNOSUPPRESSIVE)
            for code, display in (
                ("2052605", "tacrolimus 0.2 MG Granules for Oral Suspension"),
                ("2052703", "tacrolimus 1 MG Granules for Oral Suspension"),
            )
        ),
        MedicationCode(RXNORM, "3008", "Cyclosporine", Agent.CYCLOSPORINE, PDDI_CYCLOSPORINE),
        *(
            MedicationCode(RXNORM, code, display, Agent.CYCLOSPORINE, VSAC_IMMUNOSUPPRESSIVE)
            for code, display in (
                ("197553", "cyclosporine 25 MG Oral Capsule"),
                ("328160", "cyclosporine 100 MG Oral Capsule"),
                ("309632", "cyclosporine 100 MG/ML Oral Solution"),
                ("835894", "cyclosporine, modified 25 MG Oral Capsule"),
                ("835925", "cyclosporine, modified 50 MG Oral Capsule"),
                ("241834", "cyclosporine, modified 100 MG Oral Capsule"),
                ("835886", "cyclosporine, modified 100 MG/ML Oral Solution"),
            )
        ),
    ),
    dose_change_reasons=_reasons(DOSE_CHANGE_REASON_SYSTEM, DoseChangeReason),
    stop_reasons=_reasons(STOP_REASON_SYSTEM, StopReason),
)
"""The codes read by default; the site's "FHIR and CDS Hooks" page lists each with its source."""
