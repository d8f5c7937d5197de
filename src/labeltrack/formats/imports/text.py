"""The plan in sentences, one line per row, grouped by what would happen to it. Text from the
imported file is shown quoted where it is not understood, so no cell can drive a terminal."""

from __future__ import annotations

from labeltrack.countries import country_name
from labeltrack.reconcile import ImportPlan, Matched
from labeltrack.words import count


def format(plan: ImportPlan, *, applied: bool, update: bool) -> str:
    lines = [
        f"{plan.source}: {count(plan.rows, 'row')} read; {_counts(plan)}.",
    ]
    if plan.new_clusters:
        lines += ["", f"New clusters ({len(plan.new_clusters)}):"]
        for new in plan.new_clusters:
            first = new.rows[0]
            labels = "; ".join(f"{row.title} valid until {row.valid_until}" for row in new.rows)
            numbers = ", ".join(str(row.number) for row in new.rows)
            lines.append(
                f"  row {numbers}: {first.name} ({_country(first.country)}) as {new.id!r}: {labels}"
            )
    if plan.new_labels:
        lines += ["", f"New labels ({len(plan.new_labels)}):"]
        lines += [
            f"  row {m.row.number}: {_who(m)}: {m.row.title} valid until {m.row.valid_until}"
            for m in plan.new_labels
        ]
    if plan.differing:
        then = "changed to the file's" if update else "kept; --update changes them"
        lines += ["", f"Dates that differ ({len(plan.differing)}, {then}):"]
        for m in plan.differing:
            assert m.recorded is not None
            lines.append(
                f"  row {m.row.number}: {_who(m)}: {m.row.title} valid until "
                f"{m.recorded.valid_until} in the registry, {m.row.valid_until} in the file"
            )
    if plan.unread:
        lines += ["", f"Rows not understood ({len(plan.unread)}):"]
        lines += [f"  row {item.number}: {item.why}" for item in plan.unread]
    if plan.missing:
        lines += ["", f"In the registry but not in the file ({len(plan.missing)}):"]
        lines += [
            f"  {m.cluster.id} ({_country(m.cluster.country)}): {m.label.level.upper()} valid "
            f"until {m.label.valid_until}"
            for m in plan.missing
        ]
    if plan.unchanged:
        verb = "matches" if len(plan.unchanged) == 1 else "match"
        lines += ["", f"Unchanged: {count(len(plan.unchanged), 'row')} {verb} the registry."]
        lines += [f"  row {m.row.number}: {_who(m)}" for m in plan.unchanged if m.match.fuzzy]
    lines.append("")
    if applied:
        lines.append("The plan was carried out.")
    elif plan.changes:
        lines.append("Nothing was written: run again with --apply to carry out this plan.")
    else:
        lines.append("Nothing to import: the registry already holds what the file says.")
    return "\n".join(lines) + "\n"


def _counts(plan: ImportPlan) -> str:
    return ", ".join(
        [
            count(len(plan.new_clusters), "new cluster"),
            count(len(plan.new_labels), "new label"),
            count(len(plan.differing), "differing date"),
            f"{len(plan.unchanged)} unchanged",
            count(len(plan.unread), "row") + " not understood",
        ]
    )


def _who(matched: Matched) -> str:
    """``litek``, or ``litek (similar name: "LITEK Laser Cluster")`` for a fuzzy match."""
    cluster = matched.match.cluster
    if matched.match.fuzzy:
        return f"{cluster.id} (a similar name, not the same: {matched.row.name!r} in the file)"
    return f"{cluster.id} (by {matched.match.how})"


def _country(code: str) -> str:
    return country_name(code) or code
