"""Rules about the numbers: ranges, sums, bands, and which indicators are present."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from netfreedom.checks.registry import RULES, CheckContext, rule
from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.assessment import Assessment, Finding, Severity


@rule("missing-score", Severity.ERROR, "the score block lacks the total, the status or a category score")
def missing_score(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["missing-score"]
    if assessment.total is None:
        yield this.finding("total", "no total score was found")
    if assessment.status is None:
        yield this.finding("status", "no status was found")
    for category in context.methodology.categories:
        given = assessment.categories.get(category.id)
        if given is None or given.score is None:
            yield this.finding(
                f"category:{category.id}", "no score was found for category {category}", category=category.id
            )
    if assessment.edition is None:
        yield this.finding("report", "the edition is neither printed nor inferable from a coverage period")
    if assessment.country is None:
        yield this.finding("report", "the country could not be identified")


@rule("score-range", Severity.ERROR, "a score lies outside its range, or a range differs from the methodology")
def score_range(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["score-range"]
    methodology = context.methodology
    for indicator in assessment.indicators:
        try:
            spec = methodology.indicator(indicator.id)
        except KeyError:
            continue
        if indicator.max != spec.max:
            yield this.finding(
                indicator.id, "printed range 0-{printed}, methodology says 0-{max}", printed=indicator.max, max=spec.max
            )
        if indicator.score is not None and not 0 <= indicator.score <= spec.max:
            yield this.finding(indicator.id, "score {score} is outside 0-{max}", score=indicator.score, max=spec.max)
    for category in methodology.categories:
        given = assessment.categories.get(category.id)
        if given is None or given.score is None:
            continue
        if given.max != category.max:
            yield this.finding(
                f"category:{category.id}",
                "printed maximum {printed}, methodology says {max}",
                printed=given.max,
                max=category.max,
            )
        if not 0 <= given.score <= category.max:
            yield this.finding(
                f"category:{category.id}", "score {score} is outside 0-{max}", score=given.score, max=category.max
            )
    top = methodology.scale.max
    if assessment.total is not None and not methodology.scale.min <= assessment.total <= top:
        yield this.finding(
            "total", "total {total} is outside {min}-{max}", total=assessment.total, min=methodology.scale.min, max=top
        )


@rule("category-sum", Severity.ERROR, "a category score is not the sum of its indicator scores")
def category_sum(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["category-sum"]
    for category in context.methodology.categories:
        given = assessment.categories.get(category.id)
        if given is None or given.score is None:
            continue
        scores = [i.score for i in assessment.indicators if i.category == category.id]
        expected_count = len(category.indicators)
        if len(scores) != expected_count or any(s is None for s in scores):
            continue
        total = sum(s for s in scores if s is not None)
        if total != given.score:
            yield this.finding(
                f"category:{category.id}",
                "indicators add up to {sum}, the category score is {score}",
                sum=total,
                score=given.score,
            )


@rule("total-sum", Severity.ERROR, "the total is not the sum of the category scores")
def total_sum(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    if assessment.total is None:
        return
    scores = [assessment.categories.get(c.id) for c in context.methodology.categories]
    if any(s is None or s.score is None for s in scores):
        return
    total = sum(s.score for s in scores if s is not None and s.score is not None)
    if total != assessment.total:
        yield RULES["total-sum"].finding(
            "total", "categories add up to {sum}, the total is {total}", sum=total, total=assessment.total
        )


@rule("status-band", Severity.ERROR, "the status does not match the band of the total in the report's scale era")
def status_band(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    if assessment.total is None or assessment.status is None:
        return
    try:
        expected = context.methodology.status_for(assessment.total)
    except ValueError:
        return
    if expected is not assessment.status:
        band = context.methodology.band_for(assessment.status)
        yield RULES["status-band"].finding(
            "status",
            "status {status} needs a total of {min}-{max} on the {methodology} scale; {total} earns {earned_status}",
            status=assessment.status.value,
            min=band.min,
            max=band.max,
            methodology=context.methodology.id,
            total=assessment.total,
            earned_status=expected.value,
        )


@rule("missing-indicator", Severity.ERROR, "an indicator of the methodology is absent or has no score")
def missing_indicator(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["missing-indicator"]
    if not assessment.indicators:
        legacy = context.methodology.scale.direction.value == "lower_is_freer"
        current_first = load_methodology(CURRENT).first_edition
        if legacy or (assessment.edition is not None and assessment.edition < current_first):
            # Pages of editions before 2019, in either scale, never printed per-question
            # scores (fotn-facts.md); their absence is not a finding.
            return
    present = {i.id: i for i in assessment.indicators}
    for spec in context.methodology.indicators:
        indicator = present.get(spec.id)
        if indicator is None:
            yield this.finding(spec.id, "indicator {indicator} is missing", indicator=spec.id)
        elif indicator.score is None:
            yield this.finding(spec.id, "indicator {indicator} has no score line", indicator=spec.id)


@rule("duplicate-indicator", Severity.ERROR, "an indicator appears more than once, or is unknown to the methodology")
def duplicate_indicator(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["duplicate-indicator"]
    counts = Counter(i.id for i in assessment.indicators)
    known = set(context.methodology.indicator_ids)
    for indicator_id, count in counts.items():
        if count > 1:
            yield this.finding(
                indicator_id, "indicator {indicator} appears {count} times", indicator=indicator_id, count=count
            )
        if indicator_id not in known:
            yield this.finding(
                indicator_id,
                "indicator {indicator} is not in methodology {methodology}",
                indicator=indicator_id,
                methodology=context.methodology.id,
            )
