"""The record contract: one JSON record per article, every layer's mentions with character offsets.

Offsets are Python string indices into the input text exactly as given, so that
``text[m.start:m.end] == m.text`` holds for every mention.
"""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Unit = Literal["count", "percent", "idr", "ratio"]
Qualifier = Literal["exact", "approx", "more_than", "at_least", "less_than", "at_most"]
Level = Literal["nation", "province", "regency"]
Kind = Literal["actual", "target"]
Metric = Literal[
    "participants",
    "population",
    "coverage_rate",
    "uninsured",
    "active_participants",
    "active_rate",
    "inactive_participants",
    "fktp",
    "fkrtl",
    "doctor_ratio",
    "utilization",
    "utilization_daily",
    "screenings",
    "spending",
    "contributions",
    "arrears",
    "deficit",
    "premium",
]
Segment = Literal[
    "pbi", "pemda", "ppu", "pbpu", "bp", "pbpu_bp", "kelas_1", "kelas_2", "kelas_3"
]
PublishedSource = Literal["caller", "metadata", "text"]
Number = Union[int, float]


def plain_number(value: float) -> Number:
    """An integral float as int (177000000, not 177000000.0); other floats rounded to 10 digits."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return value
    if float(value).is_integer():
        return int(value)
    return round(float(value), 10)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mention(Model):
    """A piece of the text: ``text == source[start:end]``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Mention":
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Quantity(Mention):
    """A number stating an amount (guidelines section 1)."""

    value: Number
    unit: Unit
    qualifier: Qualifier = "exact"

    @field_validator("value", mode="before")
    @classmethod
    def _plain(cls, v):
        return plain_number(v)


class DateMention(Mention):
    """A calendar date or period, TIMEX-style value (guidelines section 2)."""

    value: str = Field(pattern=r"^\d{4}(-(\d{2}(-\d{2})?|Q[1-4]|H[12]|W\d{2}))?$")


class RegionMention(Mention):
    """An Indonesian administrative region, as a Kemendagri code or ``ID`` (guidelines section 3)."""

    code: str = Field(pattern=r"^(ID|\d{2}(\.\d{2})?)$")
    name: str
    level: Level


class OfficialMention(Mention):
    """One place where an official is named (full or short form)."""


class Official(Model):
    """A named person with an institutional role (guidelines section 4)."""

    name: str
    position: Optional[str] = None
    organization: Optional[str] = None
    mentions: list[OfficialMention] = Field(default_factory=list)


class Observation(Model):
    """A figure stating one metric for one region (guidelines section 5); start/end: the figure's span."""

    metric: Metric
    value: Number
    region: Optional[str] = None
    as_of: Optional[str] = None
    kind: Kind = "actual"
    qualifier: Qualifier = "exact"
    segment: Optional[Segment] = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @field_validator("value", mode="before")
    @classmethod
    def _plain(cls, v):
        return plain_number(v)


class Calculation(Model):
    """A figure computed from observations, or a check of a stated figure against computed ones."""

    name: str
    region: Optional[str] = None
    as_of: Optional[str] = None
    value: Optional[Number] = None
    unit: str
    inputs: list[int] = Field(default_factory=list, description="indices into `observations`")
    formula: str
    status: Literal["derived", "consistent", "inconsistent"]
    explanation: str


class ExtractionWarning(Model):
    """Something a reviewer should know about the extraction (input decoded with a fallback, text truncated...)."""

    code: str
    message: str
    start: Optional[int] = None
    end: Optional[int] = None


class Record(Model):
    """Everything extracted from one article."""

    id: str
    source: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    published_source: Optional[PublishedSource] = None
    text_sha256: str
    extractor_version: str
    quantities: list[Quantity] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    regions: list[RegionMention] = Field(default_factory=list)
    officials: list[Official] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    calculations: list[Calculation] = Field(default_factory=list)
    warnings: list[ExtractionWarning] = Field(default_factory=list)


def record_json_schema() -> dict:
    """The JSON Schema of a record (``extractor schema``)."""
    return Record.model_json_schema()
