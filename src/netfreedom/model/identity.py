"""Which name a person is shown under to someone else, given the blindness of a review stage.

One door for every place that prints who did something on a draft: pages, the API, the audit
trail, notification text and the PDF of a draft all call :func:`identity_for_viewer`.

In a blind stage (a workflow stage marked ``blind: true``) the draft's researcher and its
reviewers do not learn each other's identity: the researcher sees each reviewer as
``Reviewer 1``, ``Reviewer 2`` ... (in the order the draft lists its reviewers), a reviewer
sees the researcher as ``Researcher`` and the other reviewers by number as well. Everyone
sees their own name, and staff (anyone who is neither the draft's researcher nor one of its
reviewers: editors, admins) see real names. Outside a blind stage names are shown as they are.

Whether an act counts as blind is decided by the caller, as a rule of thumb with
:func:`is_blind`: an act done in a blind stage stays blind to the researcher and reviewers
forever after (a reviewer's comment made during blind peer review does not reveal its author
when the draft moves on to reconciliation), and everything is blind while the draft *is* in
a blind stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["RESEARCHER_LABEL", "REVIEWER_LABEL", "Cast", "identity_for_viewer", "is_blind"]

RESEARCHER_LABEL = "Researcher"
"""What a reviewer sees instead of the researcher's name in a blind stage."""
REVIEWER_LABEL = "Reviewer {number}"
"""What the researcher (and other reviewers) see instead of a reviewer's name; 1-based."""


@dataclass(frozen=True)
class Cast:
    """Who holds the parts of one draft: the researcher's account name and the reviewers'
    account names in order (``Reviewer 1`` is ``reviewers[0]``)."""

    researcher: str
    reviewers: tuple[str, ...] = ()

    @classmethod
    def of(cls, researcher: str, reviewers: Sequence[str | None] | str | None = ()) -> Cast:
        """A cast from a researcher and a reviewer name, a list of them, or ``None``."""
        if reviewers is None:
            names: tuple[str, ...] = ()
        elif isinstance(reviewers, str):
            names = (reviewers,)
        else:
            names = tuple(r for r in reviewers if r)
        return cls(researcher=researcher, reviewers=names)

    def is_party(self, name: str | None) -> bool:
        """Whether ``name`` is the researcher or one of the reviewers."""
        return name is not None and (name == self.researcher or name in self.reviewers)

    def pseudonym(self, name: str) -> str | None:
        """The blind label of ``name`` (``Researcher`` / ``Reviewer N``), ``None`` for staff."""
        if name == self.researcher:
            return RESEARCHER_LABEL
        if name in self.reviewers:
            return REVIEWER_LABEL.format(number=self.reviewers.index(name) + 1)
        return None


def is_blind(*, act_stage_blind: bool, current_stage_blind: bool) -> bool:
    """Whether names of an act are hidden now: it was done in a blind stage, or the draft is
    in one (see the module docstring)."""
    return act_stage_blind or current_stage_blind


def identity_for_viewer(actor: str, viewer: str | None, cast: Cast, *, blind: bool) -> str:
    """The name ``viewer`` is shown for ``actor`` (both account names; ``viewer`` ``None``:
    someone unknown, who is treated as a party and never sees a hidden name).

    - not ``blind``: ``actor`` as it is;
    - ``actor == viewer``: ``actor`` (your own name);
    - ``viewer`` is staff (not the researcher, not a reviewer, and not ``None``): ``actor``;
    - else, when ``actor`` is the researcher or a reviewer: ``Researcher`` / ``Reviewer N``;
    - else (``actor`` is staff): ``actor``.

    Returns a display string; raises nothing.
    """
    if not blind or (viewer is not None and actor == viewer):
        return actor
    if viewer is not None and not cast.is_party(viewer):
        return actor
    return cast.pseudonym(actor) or actor
