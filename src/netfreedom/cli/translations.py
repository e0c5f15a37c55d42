"""``translation``: translate a draft into another language from the command line.

``start`` and ``publish`` act as the operator of the database (the ``admin`` role); ``edit``
and ``up-to-date`` act as ``--user NAME`` with that account's roles, and the translations
service decides what they may do (the translation's translator, editors and admins edit; a
translation never sets a score).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netfreedom.cli.drafts import _operator, _user
from netfreedom.cli.errors import guard
from netfreedom.cli.output import emit, output_options, wants_json
from netfreedom.cli.support import database_option, open_store, read_input_file

if TYPE_CHECKING:
    from netfreedom.store import Store

PART_COLUMNS = ("part", "status", "follows", "original_changed", "text")


def _draft_id(store: Store, country: str, year: int) -> int:
    from netfreedom.model.countries import resolve_country
    from netfreedom.store.drafts import DraftStore

    return DraftStore(store).find_draft(resolve_country(country).iso3, year).id


@click.group()
def translation() -> None:
    """Translate a draft: start, show, edit text, bring parts up to date, publish.

    \b
    Example:
      netfreedom translation start KAZ 2025 en --translator tanya
      netfreedom translation show KAZ 2025 en
    """


@translation.command()
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("language")
@click.option("--translator", metavar="NAME", required=True, help="Account name of who translates.")
@database_option
@guard
def start(country: str, year: int, language: str, translator: str, database_url: str | None) -> None:
    """Start the LANGUAGE translation of COUNTRY's draft of EDITION.

    \b
    Example:
      netfreedom translation start Kazakhstan 2025 en --translator tanya
    """
    from netfreedom.services import translations as service

    with open_store(database_url) as store:
        made = service.start_translation(
            store, _draft_id(store, country, year), language, _operator(), translator=translator
        )
    click.echo(
        f"translation {made.language} of draft {made.draft_id} ({made.original_language} original): "
        f"{len(made.untranslated)} of {len(made.parts)} parts to translate, translator {made.translator}"
    )


@translation.command()
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("language")
@output_options
@database_option
@guard
def show(country: str, year: int, language: str, output: str | None, database_url: str | None) -> None:
    """Show every part of a translation: status (untranslated, stale, current), the original's
    revision it follows and the one that last changed it (--json: the whole translation).

    \b
    Example:
      netfreedom translation show KAZ 2025 en --json
    """
    from netfreedom.services import translations as service

    with open_store(database_url) as store:
        found = service.translation_for(store, _draft_id(store, country, year), language, _operator())
    if wants_json(output):
        data = {**found.model_dump(mode="json"), "stale": found.stale, "untranslated": found.untranslated}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows = [
        {"part": p.id, "status": p.status.value, "follows": p.follows, "original_changed": p.original_changed,
         "text": " ".join(p.text.split())[:60]}
        for p in found.parts
    ]  # fmt: skip
    title = (
        f"{found.language} translation of draft {found.draft_id}: revision {found.revision}, "
        f"{len(found.stale)} behind the original, {len(found.untranslated)} untranslated"
    )
    emit(rows, output, title=title, columns=PART_COLUMNS)


@translation.command()
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("language")
@click.argument("part")
@click.option("--text-file", type=click.Path(dir_okay=False, path_type=Path), help="File holding the translated text.")
@click.option("--text", help="The translated text (instead of --text-file).")
@click.option("--note", help="The translated score-change note.")
@click.option("--score", type=int, help="Refused: scores are the original's (shown to say so).")
@click.option("--keep-behind", is_flag=True, help="Save the text without recording it follows the original's revision.")
@click.option("--user", "user_name", metavar="NAME", required=True, help="Account name of who translates.")
@database_option
@guard
def edit(
    country: str,
    year: int,
    language: str,
    part: str,
    text_file: Path | None,
    text: str | None,
    note: str | None,
    score: int | None,
    keep_behind: bool,
    user_name: str,
    database_url: str | None,
) -> None:
    """Save the translated text of PART (an indicator id, overview or key_developments).

    \b
    Example:
      netfreedom translation edit KAZ 2025 en A3 --text-file a3.md --user tanya
    """
    from netfreedom.errors import InputError
    from netfreedom.services import translations as service

    if text_file is not None:
        if text is not None:
            raise click.UsageError("give --text or --text-file, not both")
        try:
            text = read_input_file(text_file).decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{text_file}: not UTF-8 text") from None
    if text is None and note is None and score is None:
        raise InputError("give --text, --text-file or --note")
    with open_store(database_url) as store:
        draft_id = _draft_id(store, country, year)
        person = _user(store, user_name)
        current = service.translation_for(store, draft_id, language, person)
        edit_ = service.TranslationEdit(
            revision=current.revision, text=text, change_note=note, up_to_date=not keep_behind, score=score
        )
        saved = service.edit_part(store, draft_id, language, part, person, edit_)
    shown = saved.part(part)
    click.echo(
        f"{shown.id}: {shown.status.value}, follows revision {shown.follows}; translation revision {saved.revision}"
    )


@translation.command("up-to-date")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("language")
@click.argument("parts", nargs=-1)
@click.option("--user", "user_name", metavar="NAME", required=True, help="Account name of who translates.")
@database_option
@guard
def up_to_date(
    country: str, year: int, language: str, parts: tuple[str, ...], user_name: str, database_url: str | None
) -> None:
    """Record that PARTS (none: every stale part) follow the original's current revision.

    \b
    Example:
      netfreedom translation up-to-date KAZ 2025 en A3 --user tanya
    """
    from netfreedom.services import translations as service

    with open_store(database_url) as store:
        draft_id = _draft_id(store, country, year)
        person = _user(store, user_name)
        current = service.translation_for(store, draft_id, language, person)
        saved = service.mark_up_to_date(store, draft_id, language, parts, person, revision=current.revision)
    click.echo(f"{saved.language} translation of draft {draft_id}: {len(saved.stale)} behind the original")


@translation.command()
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("language")
@database_option
@guard
def publish(country: str, year: int, language: str, database_url: str | None) -> None:
    """Publish the LANGUAGE translation as a language version of the published report.

    \b
    Example:
      netfreedom translation publish KAZ 2025 en
    """
    from netfreedom.services import translations as service
    from netfreedom.store.drafts import DraftStore

    with open_store(database_url) as store:
        draft_id = _draft_id(store, country, year)
        saved = service.publish_translation(store, draft_id, language, _operator())
        versions = service.published_versions(store, DraftStore(store).draft(draft_id).iso3, year)
    behind = versions[saved.language].behind if saved.language in versions else []
    note = f", behind the original in {', '.join(behind)}" if behind else ", up to date with the original"
    click.echo(f"published the {saved.language} version (report revision {saved.published_revision}){note}")
