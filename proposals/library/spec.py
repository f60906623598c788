"""Sample files: Markdown with YAML front matter declaring the inputs a sample needs."""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

import frontmatter
import yaml
from babel.core import Locale, UnknownLocaleError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from ..document import format_path
from ..nesting import MAX_DEPTH, MAX_DIGITS, huge_number, too_deep

INPUT_TYPES = ("text", "longtext", "number", "money", "percent", "date", "choice", "table")
COLUMN_TYPES = ("text", "number", "money", "percent", "date", "choice")
SLUG = r"[a-z0-9][a-z0-9-]{0,79}"


class SampleFileError(ValueError):
    """A sample file that cannot be used; `field` says where (front matter or body)."""

    def __init__(self, message: str, field: str = "source", line: int | None = None):
        self.field = field
        self.line = line
        super().__init__(message)


def _known_type(allowed: tuple[str, ...]):
    def check(value: Any) -> Any:
        if value not in allowed:
            raise PydanticCustomError(
                "input_type",
                "unknown input type '{value}' (use one of: {allowed})",
                {"value": value, "allowed": ", ".join(allowed)},
            )
        return value

    return BeforeValidator(check)


def _language_code(value: Any) -> str:
    """A language code Babel knows ("en", "de", "fr-CH"), in its usual spelling."""
    code = value.strip() if isinstance(value, str) else ""
    try:
        if not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", code):
            raise ValueError(code)
        parsed = Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise PydanticCustomError(
            "language",
            "unknown language code '{value}' (use one like en, de or fr)",
            {"value": value},
        ) from None
    return "-".join(part for part in (parsed.language, parsed.script, parsed.territory) if part)


def language_name(code: str, in_language: str = "en") -> str:
    """The language's name, in English unless asked: "German", "French (Switzerland)"."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(in_language) or code
    except (ValueError, UnknownLocaleError):
        return code


def same_language(first: str | None, second: str | None) -> bool:
    """Whether two language or locale tags ("de", "de-CH") name the same language."""
    return _primary(first) == _primary(second)


def _primary(tag: str | None) -> str:
    return re.split(r"[-_]", tag or "en")[0].lower()


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _yaml_words(values: Any) -> Any:
    """YAML reads an unquoted yes/no as true/false; a choice means the word."""
    if isinstance(values, list):
        return [{True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v for v in values]
    return values


Choices = Annotated[list[str], BeforeValidator(_yaml_words)]


class Column(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$", max_length=40)]
    label: str | None = None
    type: Annotated[str, _known_type(COLUMN_TYPES)] = "text"
    choices: Choices = []

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        # `columns: [month, revenue]` is shorthand for text columns with those names.
        return {"name": value} if isinstance(value, str) else value

    @property
    def heading(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


class InputSpec(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$", max_length=40)]
    label: str
    type: Annotated[str, _known_type(INPUT_TYPES)]
    help: str | None = None
    required: bool = True
    choices: Choices = []
    columns: list[Column] = []
    currency: str | None = None
    min_rows: int = 1

    @model_validator(mode="after")
    def _shape(self) -> InputSpec:
        if self.type == "choice" and not self.choices:
            raise PydanticCustomError("choices", "a choice input needs a list of choices")
        if self.type == "table" and not self.columns:
            raise PydanticCustomError("columns", "a table input needs its columns")
        for column in self.columns:
            if column.type == "choice" and not column.choices:
                raise PydanticCustomError("choices", f"column {column.name!r} needs its choices")
        return self


class SampleSpec(Strict):
    """The front matter of a sample file."""

    id: Annotated[str, Field(pattern=f"^{SLUG}$")]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: str = ""
    tags: list[str] = []
    # The language the sample's words are written in; the worked-sample step warns when it
    # is not the proposal's.
    language: Annotated[str, BeforeValidator(_language_code)] = "en"
    inputs: list[InputSpec] = []
    example: dict[str, Any] = {}

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def language_warning(self, proposal_locale: str | None) -> str | None:
        """What to tell the consultant when the sample's words are not the proposal's language."""
        locale = proposal_locale or "en"
        if same_language(self.language, locale):
            return None
        wanted = language_name(_primary(locale))
        return (
            f"This sample is written in {language_name(_primary(self.language))}; "
            f"the proposal is in {wanted}."
        )

    @model_validator(mode="after")
    def _unique_inputs(self) -> SampleSpec:
        names = [spec.name for spec in self.inputs]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise PydanticCustomError("inputs", f"input declared twice: {', '.join(duplicated)}")
        return self


class ParsedSample(BaseModel):
    """A sample file split into its declaration and its body."""

    spec: SampleSpec
    body: str
    body_first_line: int  # line of the file where the body starts, for error messages

    @property
    def inputs(self) -> list[InputSpec]:
        return self.spec.inputs


@functools.lru_cache(maxsize=512)
def parse_sample(source: str) -> ParsedSample:
    """Parse a sample file's text; SampleFileError says what is wrong and where."""
    if not source.lstrip().startswith("---"):
        raise SampleFileError("a sample file starts with front matter between --- lines")
    if "\x00" in source:  # no text has one; PostgreSQL can't even store it in a text column
        line = source[: source.index("\x00")].count("\n") + 1
        raise SampleFileError(
            f"line {line} holds a NUL character: is this a binary file?", "source", line
        )
    try:
        post = frontmatter.loads(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # The YAML text starts on the opening --- line (just after the dashes).
        opening = source[: source.index("---")].count("\n") + 1
        line = opening + mark.line if mark else None
        where = f" (line {line})" if line else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SampleFileError(
            f"front matter is not valid YAML{where}: {problem}", "front matter", line
        ) from None
    except (RecursionError, ValueError):  # nested past YAML's depth, an int past Python's
        raise SampleFileError(
            "front matter is nested too deeply or holds a huge number", "front matter"
        ) from None
    _check_size(post.metadata)
    try:
        spec = SampleSpec.model_validate(post.metadata)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        path = format_path(first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise SampleFileError(
            f"front matter: {path + ': ' if path else ''}{message}", "front matter"
        ) from None
    return ParsedSample(spec=spec, body=post.content, body_first_line=_body_first_line(source))


def _check_size(metadata: dict) -> None:
    """Refuse front matter nested deeper, or with longer numbers, than any sample needs."""
    if too_deep(metadata, MAX_DEPTH):
        raise SampleFileError(
            f"front matter: nested more than {MAX_DEPTH} levels deep", "front matter"
        )
    if huge_number(metadata):
        raise SampleFileError(
            f"front matter: a number of more than {MAX_DIGITS} digits", "front matter"
        )


def _body_first_line(source: str) -> int:
    """The 1-based line number where the body starts (after the closing ---)."""
    closing = re.search(r"^---\s*$", source[source.index("---") + 3 :], re.MULTILINE)
    if not closing:
        return 1
    before = source[: source.index("---") + 3 + closing.end()]
    return before.count("\n") + 2
