"""What a valid registry holds: clusters, their labels and the thresholds that grade them.

The records are frozen dataclasses validated by pydantic-core, Pydantic's validation engine,
through a core schema built from their fields. Going to the engine directly rather than through
``pydantic.BaseModel`` keeps ``labeltrack status`` from paying for Pydantic's model machinery at
every start, and validation of big registries runs entirely in compiled code.

Validation errors carry messages written for a cluster manager (``PydanticCustomError`` with type
``labeltrack``); ``loading.py`` places them on the line of the offending key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic_core import PydanticCustomError, SchemaValidator
from pydantic_core import core_schema as cs

from labeltrack.countries import EU_ALIASES, country_name


class Level(StrEnum):
    """ECEI label levels, lowest first."""

    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


class State(StrEnum):
    """A label's state, in the order `status` lists them: what can still be saved first, most
    urgent first; then what is past saving (lapsed), then what needs nothing (renewed, which
    only ``--history`` shows), then clusters with no label."""

    EXPIRED = "expired"  # ended, still renewable
    CRITICAL = "critical"
    WARNING = "warning"
    OK = "ok"
    LAPSED = "lapsed"  # ended longer ago than the grace period: to be earned again
    RENEWED = "renewed"  # a past label that a renewal continues
    UNLABELLED = "unlabelled"


#: The states of a current label, or of a cluster without one (``renewed`` is a past label's).
CURRENT = tuple(state for state in State if state is not State.RENEWED)
#: States of a label that is valid: the cluster holds its level.
VALID = frozenset({State.CRITICAL, State.WARNING, State.OK})


#: The scheme a label belongs to when it names none.
ECEI = "ECEI"

#: ESCA's comparative portfolios (PRODUCT.md). Anything else is allowed but warned about.
PORTFOLIOS = (
    "Aviation and space",
    "Biotechnology",
    "Construction",
    "Creative industries",
    "Energy and environment",
    "Food industry",
    "Health and medical science",
    "ICT",
    "Micro, nano and optical technologies",
    "New materials and chemistry",
    "Production and engineering",
    "Sports, Leisure and Tourism",
    "Transportation and mobility",
)

#: The days labeltrack works with: every date in a registry or an option falls between these,
#: and every count of days is at most MAX_DAYS (a hundred years), so that no sum of a date and
#: a period can leave the calendar and every report can be drawn.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
MAX_DAYS = 36_500

DEFAULT_WARN_DAYS = 180
DEFAULT_CRITICAL_DAYS = 30
#: Days left at which `labeltrack notify` sends a warning; each label gets one message per step.
DEFAULT_NOTIFY_DAYS = (180, 90, 30, 7, 0)

_WEB_ADDRESS = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", re.IGNORECASE)
# A plain ASCII address (RFC 5322 dot-atoms): it goes into mail headers as it stands, and plain
# SMTP cannot carry other characters.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL = re.compile(
    rf"{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]{{2,}}"
)
_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_SLASHED_DATE = re.compile(r"\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\s*")
# Control characters (Unicode category Cc) could drive a terminal; bidirectional overrides and
# isolates reorder text on screen. Free-text notes may hold line breaks and tabs. The escapes
# read the same to Python's re and to pydantic-core's regex engine.
# Line and paragraph separators split rows; U+FFFE and U+FFFF are not characters at all, and
# XML (the SVG) refuses them.
_CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
_CONTROL_IN_NOTES = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
)
#: Characters that change nothing on screen, so "LI\u200bTEK" looks like "LITEK": zero-width
#: spaces and joiners, the word joiner, the byte order mark, and tag characters.
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\U000e0000-\U000e007f]")
_UNSAFE = re.compile(f"[{_CONTROL}]")
_UNSAFE_IN_NOTES = re.compile(f"[{_CONTROL_IN_NOTES}]")
#: Cluster ids, scheme ids and levels: lowercase letters, digits and single hyphens.
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ID_PATTERN = f"^{ID.pattern}$"
_ID_RULE = (
    'must use only lowercase letters, digits and single hyphens, like "litek" or "bigscience-dk"'
)

# Text fields are checked by pydantic-core itself (type and pattern), which keeps validation of
# large registries fast; explain() puts a failed check into words.
_FREE_TEXT = cs.str_schema(strict=True, pattern=f"^[^{_CONTROL_IN_NOTES}]*$")
_NAME = cs.str_schema(strict=True, pattern=f"^[^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*$")
_CLUSTER_ID = cs.str_schema(strict=True, pattern=_ID_PATTERN)
_TOML_DATE = cs.no_info_after_validator_function(
    lambda day: _within_calendar(day), cs.date_schema(strict=True)
)
_DAYS = cs.int_schema(strict=True, ge=0, le=MAX_DAYS)
_COUNT = cs.int_schema(strict=True, ge=1, le=MAX_DAYS // 30)


def _explain_text(key: str, value: Any) -> str:
    """Why the text field ``key`` rejected ``value``, in words."""
    if not isinstance(value, str):
        return f"must be text in double quotes, not {_describe(value)}"
    bad = (_UNSAFE_IN_NOTES if key == "notes" else _UNSAFE).search(value)
    if bad:
        return f"must not contain the control character {bad.group()!r}"
    if key == "id":
        return f"{_ID_RULE}; not {value!r}"
    return "must not be empty"


def _within_calendar(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _fail(f"must be a date from {FIRST_DAY} to {LAST_DAY}; not {day}")
    return day


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("labeltrack", message)


def _line_text(value: Any) -> str:
    """The text check for fields whose validator is Python code anyway."""
    if not isinstance(value, str) or _UNSAFE.search(value):
        raise _fail(_explain_text("", value))
    return value


def _country(value: Any) -> str:
    text = _line_text(value)
    if country_name(text) is not None:
        return text
    if country_name(text.strip().upper()) is not None:
        raise _fail(f"must be written in capitals: {text.strip().upper()!r}")
    aliases = " and ".join(EU_ALIASES)
    raise _fail(
        "must be an ISO 3166-1 alpha-2 country code like DK, ES or LT "
        f"({aliases} are accepted too); not {text!r}"
    )


def _website(value: Any) -> str:
    text = _line_text(value)
    if not _WEB_ADDRESS.fullmatch(text):
        raise _fail(f"must be a web address like https://example.org; not {text!r}")
    return text


def _email(value: Any) -> str:
    text = _line_text(value)
    if not _EMAIL.fullmatch(text):
        raise _fail(f"must be an e-mail address like manager@example.org; not {text!r}")
    return text


def _tag(value: Any) -> str:
    text = _line_text(value)
    if not _TAG.fullmatch(text):
        raise _fail(
            "must be a notify tag of letters, digits, '-', '_' or '.', like \"team-a\"; "
            f"not {text!r}"
        )
    return text


def _explain_date(value: Any) -> str:
    """Only bare TOML dates pass: a quoted date is a string, a datetime carries a time."""
    if isinstance(value, datetime):
        return (
            f"must be a date without a time: write {value.date().isoformat()}, "
            f"not {value.isoformat()}"
        )
    if isinstance(value, str):
        slashed = _SLASHED_DATE.fullmatch(value)
        if slashed:
            year, month, day = (int(part) for part in slashed.groups())
            hint = f"{year:04d}-{month:02d}-{day:02d}"
        else:
            hint = value.strip() if _looks_iso(value) else "2025-11-25"
        return f"must be a TOML date without quotes, like {hint}; not the text {value!r}"
    return f"must be a TOML date without quotes, like 2025-11-25; not {_describe(value)}"


def _looks_iso(value: str) -> bool:
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def explain_level(value: Any, levels: tuple[str, ...], scheme: str) -> str:
    """Why ``value`` is not one of ``scheme``'s ``levels``."""
    if isinstance(value, str) and value.strip().lower() in levels:
        return f"must be written in lowercase: {value.strip().lower()!r}"
    return f"must be one of the {scheme} levels {', '.join(levels)}; not {_describe(value)}"


def explain(key: str, kind: str, value: Any) -> str | None:
    """Words for a check pydantic-core made natively (fast on big registries), or None for
    checks whose message Pydantic's own words or our validators already give."""
    if kind in ("string_type", "string_pattern_mismatch"):
        return _explain_text(key, value)
    if kind == "date_type":
        return _explain_date(value)
    return None


def _describe(value: Any) -> str:
    """Name a wrong value in words a TOML author recognises."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _checked(check: Callable[[Any], str]) -> cs.CoreSchema:
    """A text field whose check is Python code."""
    return cs.no_info_before_validator_function(check, cs.str_schema())


def _after_award(value: date, info: cs.ValidationInfo) -> date:
    awarded = info.data.get("awarded")
    if awarded is not None and awarded > value:
        raise _fail(f"{value.isoformat()} must not be before the award date {awarded.isoformat()}")
    return value


def _within_warning(value: int, info: cs.ValidationInfo) -> int:
    warn_days = info.data.get("warn_days")
    if warn_days is not None and value > warn_days:
        raise _fail(f"{value} must not be more than warn_days ({warn_days})")
    return value


def _key(
    schema: cs.CoreSchema,
    description: str,
    key: str | None = None,
    json: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A field's metadata: its core schema, its description and its TOML key when that differs
    from the attribute name (``[[cluster.label]]`` fills ``labels``)."""
    return {"schema": schema, "key": key, "json": {"description": description, **(json or {})}}


def _many(item: cs.CoreSchema) -> cs.CoreSchema:
    return cs.tuple_schema([item], variadic_item_index=0)


def _schema_of(cls: type) -> cs.DataclassSchema:
    """The core schema of a record class, read from its fields in declaration order (which is
    also the order cross-field checks see earlier values in)."""
    arguments = []
    for attribute in fields(cls):
        schema = attribute.metadata["schema"]
        if attribute.default is not MISSING:
            if attribute.default is None:
                schema = cs.nullable_schema(schema)
            schema = cs.with_default_schema(schema, default=attribute.default)
        elif attribute.default_factory is not MISSING:
            schema = cs.with_default_schema(schema, default_factory=attribute.default_factory)
        arguments.append(
            cs.dataclass_field(
                attribute.name,
                schema,
                kw_only=True,
                validation_alias=attribute.metadata["key"],
                metadata={"pydantic_js_updates": attribute.metadata["json"]},
            )
        )
    return cs.dataclass_schema(
        cls,
        cs.dataclass_args_schema(cls.__name__, arguments, extra_behavior="forbid"),
        [attribute.name for attribute in fields(cls)],
        slots=True,
        frozen=True,
        metadata={
            "pydantic_js_updates": {"description": cls.__doc__, "additionalProperties": False}
        },
    )


def toml_keys(cls: type) -> list[str]:
    """The keys a table of this record may hold, as written in the file."""
    return [attribute.metadata["key"] or attribute.name for attribute in fields(cls)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Label:
    """One label a cluster holds or held."""

    scheme: str = field(
        default=ECEI,
        metadata=_key(
            _NAME,
            "The label's scheme: ECEI (the default), a built-in national scheme (see "
            "labeltrack schemes) or one declared under [scheme].",
        ),
    )
    level: str = field(
        metadata=_key(_NAME, "The level, one of its scheme's: bronze, silver or gold for ECEI.")
    )
    awarded: date | None = field(
        default=None,
        metadata=_key(_TOML_DATE, "The day the label was awarded, as a TOML date (2023-11-27)."),
    )
    valid_until: date = field(
        metadata=_key(
            cs.with_info_after_validator_function(_after_award, _TOML_DATE),
            "The last day the label is valid, as a TOML date (2026-05-31).",
        )
    )
    notes: str | None = field(
        default=None, metadata=_key(_FREE_TEXT, "Free text about this label.")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """A cluster organisation and the labels it holds."""

    id: str = field(
        metadata=_key(
            _CLUSTER_ID,
            "Unique id: lowercase letters, digits and hyphens (litek, bigscience-dk).",
        )
    )
    name: str = field(metadata=_key(_NAME, "Full name of the cluster organisation."))
    short_name: str | None = field(
        default=None, metadata=_key(_NAME, "Short name or acronym (LITEK).")
    )
    country: str = field(
        metadata=_key(
            _checked(_country),
            "ISO 3166-1 alpha-2 country code (DK, ES, LT); EL and UK are accepted too.",
        )
    )
    portfolio: str | None = field(
        default=None,
        metadata=_key(_NAME, "ESCA comparative portfolio, such as 'Aviation and space'."),
    )
    website: str | None = field(
        default=None,
        metadata=_key(
            _checked(_website),
            "The cluster's web site, an http(s) address.",
            json={"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@]+([/?#]\\S*)?$"},
        ),
    )
    contacts: tuple[str, ...] = field(
        default=(),
        metadata=_key(
            _many(_checked(_email)),
            "E-mail addresses of the people who renew the label.",
            json={"items": {"type": "string", "format": "email", "pattern": f"^{_EMAIL.pattern}$"}},
        ),
    )
    notify: tuple[str, ...] = field(
        default=(),
        metadata=_key(
            _many(_checked(_tag)),
            "Tags of the notify destinations (in an Apprise configuration file) that get this "
            "cluster's warnings with notify --per-cluster; never the destinations themselves.",
            json={"items": {"type": "string", "pattern": f"^{_TAG.pattern}$"}},
        ),
    )
    notes: str | None = field(
        default=None, metadata=_key(_FREE_TEXT, "Free text about this cluster.")
    )
    labels: tuple[Label, ...] = field(
        default=(),
        metadata=_key(
            _many(_schema_of(Label)),
            "Labels held now or before, written as [[cluster.label]] tables.",
            key="label",
        ),
    )

    @property
    def country_name(self) -> str:
        return country_name(self.country) or self.country


def label_key(cluster_id: str, label: Label) -> str:
    """A label's stable identity, ``litek/bronze/2026-05-31`` (another scheme than ECEI is named
    too): notify remembers warnings by it, calendars use it for event UIDs."""
    scheme = "" if label.scheme == ECEI else f"{label.scheme}/"
    return f"{cluster_id}/{scheme}{label.level}/{label.valid_until.isoformat()}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Thresholds that grade a label by the days it has left."""

    warn_days: int = field(
        default=DEFAULT_WARN_DAYS,
        metadata=_key(_DAYS, "A label with this many days left or fewer is in warning."),
    )
    critical_days: int = field(
        default=DEFAULT_CRITICAL_DAYS,
        metadata=_key(
            cs.with_info_after_validator_function(_within_warning, _DAYS),
            "A label with this many days left or fewer is critical; at most warn_days.",
        ),
    )
    notify_days: tuple[int, ...] = field(
        default=DEFAULT_NOTIFY_DAYS,
        metadata=_key(
            cs.tuple_schema([_DAYS], variadic_item_index=0, min_length=1),
            "Days left at which labeltrack notify sends a warning, once each: [180, 90, 30, 7, 0].",
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheme:
    """A labelling scheme: its levels, lowest first, and how long its labels run."""

    name: str = field(metadata=_key(_NAME, "The scheme's full name."))
    levels: tuple[str, ...] = field(
        metadata=_key(
            cs.tuple_schema([_CLUSTER_ID], variadic_item_index=0, min_length=1),
            'Its levels, lowest first, in lowercase: ["bronze", "silver", "gold"].',
        )
    )
    validity_months: int = field(
        metadata=_key(_COUNT, "How long a first label is valid, in months, from its award.")
    )
    renewal_months: int | None = field(
        default=None,
        metadata=_key(
            _COUNT,
            "How long a renewed label runs from the end of the previous one, in months "
            "(default: validity_months).",
        ),
    )
    grace_days: int = field(
        default=0,
        metadata=_key(_DAYS, "Days after expiry during which a label can still be renewed."),
    )
    lead_days: int = field(
        default=0,
        metadata=_key(_DAYS, "Days before expiry when renewal work should start."),
    )
    country: str | None = field(
        default=None,
        metadata=_key(_checked(_country), "The country whose scheme it is (ISO 3166-1 alpha-2)."),
    )
    issuer: str | None = field(default=None, metadata=_key(_NAME, "Who awards the labels."))
    source: str | None = field(default=None, metadata=_key(_NAME, "Where its rules are published."))
    notes: str | None = field(
        default=None, metadata=_key(_FREE_TEXT, "Free text about this scheme.")
    )

    def rank(self, level: str) -> int:
        """A level's place, lowest first; an unknown level ranks below all."""
        return self.levels.index(level) if level in self.levels else -1


#: The European Cluster Excellence Initiative's labels, built in (PRODUCT.md): valid 24 months;
#: renewable up to a year after expiry, the renewal running three years from the end of the
#: previous label; the Silver process alone takes two to three months, hence 90 days' lead.
ECEI_SCHEME = Scheme(
    name="European Cluster Excellence Initiative",
    levels=tuple(Level),
    validity_months=24,
    renewal_months=36,
    grace_days=365,
    lead_days=90,
    issuer="EUCLES, the scheme's owner since December 2020, with ESCA (European Secretariat for "
    "Cluster Analysis) as its operational partner running the assessments",
    source="ESCA's labelling rules (cluster-analysis.org)",
)

#: National labels a cluster manager tracks beside ECEI (PRODUCT.md), usable without declaring
#: them; a [scheme.ID] table in the registry overrides one or adds another. Where a programme
#: states a range or ties its validity to something else, the notes say what was assumed.
BUILT_IN_SCHEMES: dict[str, Scheme] = {
    "pole": Scheme(
        name="Pôle de compétitivité",
        levels=("pole",),
        validity_months=48,
        lead_days=180,
        country="FR",
        issuer="the French State with the Régions",
        source="phase V of the pôles de compétitivité policy, 2023–2026 (competitivite.gouv.fr)",
        notes="4 years for most pôles; some are labelled for 1 or 2 years, extendable: give "
        "valid_until for those.",
    ),
    "go-cluster": Scheme(
        name="go-cluster (membership)",
        levels=("member",),
        validity_months=24,
        lead_days=90,
        country="DE",
        issuer="the Federal Ministry for Economic Affairs (BMWK)",
        source="go-cluster programme rules (clusterplattform.de)",
        notes="Membership requires an ECEI SILVER (or a valid GOLD) label; 24 months is that "
        "label's validity, assumed for the membership.",
    ),
    "kkk": Scheme(
        name="Krajowy Klaster Kluczowy (Key National Cluster)",
        levels=("key",),
        validity_months=36,
        lead_days=120,
        country="PL",
        issuer="the Ministry of Development and Technology",
        source="Krajowe Klastry Kluczowe (gov.pl)",
    ),
    "aei": Scheme(
        name="Agrupación Empresarial Innovadora (AEI registry entry)",
        levels=("registered",),
        validity_months=48,
        lead_days=120,
        country="ES",
        issuer="the Ministry of Industry and Tourism",
        source="Registro de Agrupaciones Empresariales Innovadoras (industria.gob.es)",
        notes="Entries run up to 4 years; a shorter one needs its valid_until.",
    ),
    "hu-accredited": Scheme(
        name="Akkreditált Klaszter (accredited cluster)",
        levels=("accredited",),
        validity_months=24,
        lead_days=90,
        country="HU",
        issuer="the Hungarian ministry responsible for the cluster programme",
        source="the Hungarian cluster accreditation programme",
        notes="2 years, renewable.",
    ),
    "arena": Scheme(
        name="Arena (Norwegian Innovation Clusters)",
        levels=("arena",),
        validity_months=36,
        renewal_months=24,
        lead_days=180,
        country="NO",
        issuer="Innovation Norway, Siva and the Research Council of Norway",
        source="Norwegian Innovation Clusters programme (innovasjonnorge.no)",
        notes="3 years, extendable by 2.",
    ),
    "arena-pro": Scheme(
        name="Arena Pro (Norwegian Innovation Clusters)",
        levels=("arena-pro",),
        validity_months=60,
        lead_days=180,
        country="NO",
        issuer="Innovation Norway, Siva and the Research Council of Norway",
        source="Norwegian Innovation Clusters programme (innovasjonnorge.no)",
        notes="An ECEI GOLD label is required to stay in the programme.",
    ),
    "gce": Scheme(
        name="Global Centres of Expertise (Norwegian Innovation Clusters)",
        levels=("gce",),
        validity_months=120,
        lead_days=365,
        country="NO",
        issuer="Innovation Norway, Siva and the Research Council of Norway",
        source="Norwegian Innovation Clusters programme (innovasjonnorge.no)",
        notes="An ECEI GOLD label is required to stay in the programme.",
    ),
    "dk-national": Scheme(
        name="National cluster organisation (Denmark)",
        levels=("national",),
        validity_months=48,
        lead_days=180,
        country="DK",
        issuer="the Ministry of Higher Education and Science",
        source="Denmark's national cluster strategy, programme periods 2021–2024 and 2025–2028 "
        "(ufm.dk)",
        notes="Designated per programme period: give valid_until as the period's last day.",
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Registry:
    """The whole registry file."""

    settings: Settings = field(
        default_factory=Settings, metadata=_key(_schema_of(Settings), "Optional thresholds.")
    )
    schemes: dict[str, Scheme] = field(
        default_factory=dict,
        metadata=_key(
            cs.dict_schema(keys_schema=_CLUSTER_ID, values_schema=_schema_of(Scheme)),
            "National labels and certificates, each a [scheme.ID] table; ECEI and the national "
            "schemes labeltrack schemes lists are built in (a table here overrides one).",
            key="scheme",
        ),
    )
    clusters: tuple[Cluster, ...] = field(
        default=(),
        metadata=_key(
            _many(_schema_of(Cluster)),
            "The clusters, each written as a [[cluster]] table.",
            key="cluster",
        ),
    )

    def scheme(self, scheme_id: str) -> Scheme:
        """The scheme a label names (validation made sure it exists)."""
        return self.known_schemes[scheme_id]

    @property
    def known_schemes(self) -> dict[str, Scheme]:
        """ECEI, the built-in national schemes, and those the registry declares (which override
        a built-in one of the same id)."""
        return known_schemes(self.schemes)


def known_schemes(declared: Mapping[str, Scheme]) -> dict[str, Scheme]:
    return {ECEI: ECEI_SCHEME, **BUILT_IN_SCHEMES, **declared}


REGISTRY_SCHEMA = _schema_of(Registry)
_VALIDATOR = SchemaValidator(REGISTRY_SCHEMA)


def validate(data: Mapping[str, Any]) -> Registry:
    """The registry ``data`` (as parsed from TOML) describes; raises
    ``pydantic_core.ValidationError`` listing every problem."""
    registry: Registry = _VALIDATOR.validate_python(data)
    return registry


def json_schema() -> dict[str, Any]:
    """The registry file's JSON Schema (draft 2020-12), generated from the core schema above, for
    editors with a TOML language server and for other tools."""
    from pydantic.json_schema import GenerateJsonSchema

    from labeltrack.countries import EU_ALIASES, codes

    class TomlJsonSchema(GenerateJsonSchema):
        def nullable_schema(self, schema: cs.NullableSchema) -> dict[str, Any]:
            """TOML has no null: an optional key is simply left out."""
            return self.generate_inner(schema["schema"])

    document = TomlJsonSchema(by_alias=True).generate(REGISTRY_SCHEMA, mode="validation")
    cluster = document["properties"]["cluster"]["items"]["properties"]
    cluster["country"]["enum"] = sorted({*codes(), *EU_ALIASES})
    # A label of the ECEI scheme (the default) has an ECEI level; others are checked by `check`.
    cluster["label"]["items"]["if"] = {
        "anyOf": [
            {"not": {"required": ["scheme"]}},
            {"properties": {"scheme": {"const": ECEI}}, "required": ["scheme"]},
        ]
    }
    cluster["label"]["items"]["then"] = {"properties": {"level": {"enum": list(Level)}}}
    document.pop("title", None)
    document["description"] = (
        "A labeltrack registry of clusters and their labels. The schema cannot judge rules "
        "across the file (declared schemes and their levels, date order, duplicates, quoted "
        "dates): run `labeltrack check` as well."
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "labeltrack registry",
        **document,
    }
