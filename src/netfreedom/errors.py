"""The one family of errors netfreedom raises.

Every error the library raises on purpose derives from :class:`NetfreedomError`. Its
``str()`` is one line fit to print after ``error:``; the cause, if any, is chained as
``__cause__``. Two class attributes say how the outer layers answer it, so that they map
errors in one place each:

- ``status``: the HTTP status the web site and API answer with (400, 404, 409, 422, 500 …);
- ``code``: the machine-readable ``error.code`` of the API's error shape.

The command line maps the classes to its exit codes in :mod:`netfreedom.cli.errors`
(0 success; 1 not found in the store or problems found; 2 the command cannot be done as
written: ``docs/cli.md``).

An error's message is a template plus values, as a consistency ``Flag`` or a ``Finding``
carries it: ``raise NotFoundError(N_("no draft {id}"), id=5)``. ``str(err)`` is the English
line (``no draft 5``: what the CLI prints and the JSON API sends); ``err.template`` is the
English template, a gettext message id (:func:`N_` marks it for extraction, ``babel.cfg``), and
``err.values`` the values, so a page shows the template translated with the values filled in
(:mod:`netfreedom.web.views.service_messages`). A message raised without values is its own
template; one not marked with :func:`N_` has no translation and a page shows it in English.

A value may itself be a message: a :class:`Phrase` (a template plus values: a word the
sentence needs, such as the reason a value was refused) or a :class:`Listing` (several
things, each shown as its own line: findings, names). Their ``str()`` is English, so
``str(err)`` stays one English line; a page translates them part by part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def N_(template: str) -> str:
    """Mark ``template`` as a message id for extraction (``babel.cfg``: ``-k N_``) without
    translating it here; returns it unchanged. Error templates, finding templates and words
    chosen in data are marked with it, and translated where they are shown."""
    return template


class Phrase:
    """A part of a message that is itself a template plus values, e.g. the reason a value was
    refused: ``Phrase(N_("should be a whole number"))``. ``str()`` is the English text (the
    template filled in); a page translates the template (``web.views.service_messages``)."""

    def __init__(self, template: str, /, **values: Any) -> None:
        self.template = template
        self.values = values

    def __str__(self) -> str:
        return self.template.format(**self.values) if self.values else self.template

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Phrase({self.template!r}, **{self.values!r})"


class Listing:
    """A value listing several things, each shown by its own line: ``items`` (a
    :class:`Phrase`, a check's ``Finding``, or anything else, shown as content), ``lines`` their
    English text (default ``str(item)``), joined by ``separator`` (a message id when it holds
    words: ``N_(" or ")``). ``str()`` is the English list; a page translates item by item."""

    def __init__(self, items: Sequence[Any], lines: Sequence[str] | None = None, separator: str = "; ") -> None:
        self.items = tuple(items)
        self.lines = tuple(lines) if lines is not None else tuple(str(item) for item in self.items)
        self.separator = separator

    def __str__(self) -> str:
        return self.separator.join(self.lines)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Listing({self.lines!r})"


class NetfreedomError(Exception):
    """Base of every error netfreedom raises on purpose. ``str(err)`` is one line."""

    status: int = 500
    code: str = "internal_error"
    details: dict[str, object] | None = None
    """Structured detail the API adds to its error shape as ``error.details`` (``None``: none)."""
    template: str
    """The English message template (``{name}`` placeholders), a gettext message id."""
    values: dict[str, Any]
    """The values filled into :attr:`template` (identifiers, numbers: never translated)."""

    def __init__(self, template: str = "", /, **values: Any) -> None:
        """``template`` (English, ``{name}`` placeholders filled from ``values``; without
        values, the message as it is). ``str(err)`` is the filled-in line."""
        self.template = template
        self.values = values
        super().__init__(template.format(**values) if values else template)


class InputError(NetfreedomError):
    """Bad input from the user: a file, an argument or a request parameter."""

    status = 400
    code = "invalid_input"


class ReadError(InputError):
    """The input cannot give an assessment."""

    code = "unreadable_input"


class UnreadableInputError(ReadError):
    """The bytes are not text we can decode: empty, binary, unknown encoding, damaged archive."""


class NoReportFoundError(ReadError):
    """The text decodes but holds no internet-freedom report: no score block, no indicator."""


class NotStoredError(ReadError):
    """A report was read but deliberately not stored: its country is unknown, or it would replace
    a stored copy of the same report that has fewer error-level findings. Not a usage error:
    the CLI exits 1 (the job found a problem), not 2."""

    status = 422
    code = "not_stored"


class UnknownCountryError(InputError, LookupError):
    """No ISO 3166-1 country matches the given name or code (``query``, when set)."""

    status = 404
    code = "unknown_country"
    query: str = ""


class MethodologyError(InputError):
    """A methodology is unknown, or its file is missing, unreadable or breaks an invariant."""

    code = "unknown_methodology"


class WorkflowError(InputError):
    """A workflow is unknown, or its file is missing, unreadable or breaks an invariant."""

    code = "unknown_workflow"


class NotFoundError(NetfreedomError):
    """What was asked for is not stored (an assessment, an edition, a draft)."""

    status = 404
    code = "not_found"


class ConflictError(NetfreedomError):
    """A write was based on a revision that is no longer current (optimistic concurrency)."""

    status = 409
    code = "conflict"


class ActionNotAllowedError(ConflictError):
    """A workflow action the draft's current stage does not offer (``submit`` on a draft that is
    already in review, an action the workflow does not define): nothing was written.
    ``details`` holds ``stage`` (the draft's stage id) and ``allowed`` (the action ids the
    caller may take there now), the same shape :class:`PermissionDeniedError` carries when an
    action exists but is not the caller's to take."""

    code = "action_not_allowed"

    def __init__(self, template: str, details: dict[str, object], /, **values: Any) -> None:
        super().__init__(template, **values)
        self.details = details


class PublishedReportError(ConflictError):
    """A draft was to be opened for a country and edition that already has a published report,
    without saying that it is to revise it: publishing the draft would store a new revision over
    the published report (the old one stays in its history). ``details`` holds ``published``
    (language -> stored revision). Nothing was written."""

    code = "published_report"

    def __init__(self, template: str, details: dict[str, object], /, **values: Any) -> None:
        super().__init__(template, **values)
        self.details = details


class StaleRevisionError(ConflictError):
    """A save named a draft revision that is no longer current: nothing was written.
    ``details`` holds ``based_on``, ``current`` (revision numbers) and ``yours`` / ``theirs``
    (the value sent and the value stored), so a client can show both versions."""

    code = "stale_revision"

    def __init__(self, template: str, details: dict[str, object], /, **values: Any) -> None:
        super().__init__(template, **values)
        self.details = details


class DraftRuleError(NetfreedomError):
    """A draft change breaks a rule of the workflow or the methodology: a score outside the
    methodology's range, an action the stage does not allow, or blocking findings (listed in
    ``details["findings"]``). Nothing was written."""

    status = 422
    code = "draft_rule"

    def __init__(self, template: str, details: dict[str, object] | None = None, /, **values: Any) -> None:
        super().__init__(template, **values)
        self.details = details


class StoreError(NetfreedomError):
    """The store cannot do what was asked.

    Raised for a bad or unreachable database URL, a schema this version of netfreedom does
    not know or that is not yet created (run ``netfreedom db upgrade``), a database error during
    a read or write, a read-only database asked to write, or an assessment that cannot be
    stored (edition unknown).
    """

    status = 500
    code = "store_error"


class AuthenticationError(NetfreedomError):
    """No valid credentials: nobody signed in, or an unknown, expired or revoked token."""

    status = 401
    code = "not_authenticated"


class PermissionDeniedError(NetfreedomError):
    """Signed in, but no role of the account holds the permission the action needs. A refused
    workflow action carries ``details`` ``{"stage", "allowed"}`` (the actions the caller may take)."""

    status = 403
    code = "forbidden"

    def __init__(self, template: str, details: dict[str, object] | None = None, /, **values: Any) -> None:
        super().__init__(template, **values)
        self.details = details


VALIDATION_REASONS: dict[str, str] = {
    "missing": N_("is missing"),
    "string_type": N_("should be text"),
    "string_too_long": N_("is longer than {max_length} characters"),
    "string_too_short": N_("is shorter than {min_length} characters"),
    "int_type": N_("should be a whole number"),
    "int_parsing": N_("should be a whole number"),
    "bool_parsing": N_("should be true or false"),
    "date_from_datetime_parsing": N_("should be a date (YYYY-MM-DD)"),
    "date_parsing": N_("should be a date (YYYY-MM-DD)"),
    "greater_than_equal": N_("should be at least {ge}"),
    "less_than_equal": N_("should be at most {le}"),
    "url_parsing": N_("should be a web address"),
    "url_scheme": N_("should be a web address"),
    "literal_error": N_("should be one of {expected}"),
    "enum": N_("should be one of {expected}"),
    "extra_forbidden": N_("is not a field here"),
    "model_type": N_("should be an object with named fields"),
    "dict_type": N_("should be an object with named fields"),
    "list_type": N_("should be a list"),
}
"""Why pydantic refused a value, by its error ``type``, as message ids (our words; pydantic's
own messages are English only). Types not listed are told as "is not valid"."""


def validation_reason(problem: Any) -> Phrase:
    """The reason in one of pydantic's errors (a mapping with ``type`` and ``ctx``, as
    ``ValidationError.errors()`` lists them) as a :class:`Phrase`: ``should be a whole number``."""
    template = VALIDATION_REASONS.get(str(problem.get("type", "")), N_("is not valid"))
    context = problem.get("ctx") or {}
    names = {name for name in ("max_length", "min_length", "ge", "le", "expected") if "{" + name + "}" in template}
    if not names <= set(context):
        return Phrase(N_("is not valid"))
    return Phrase(template, **{name: context[name] for name in names})


def validation_field(problem: Any) -> str:
    """Where one of pydantic's errors is, as dotted names (``sources.0.title``); ``""`` at the top."""
    return ".".join(str(part) for part in problem.get("loc", ()) if part not in ("body", "query", "path"))
