"""`labeltrack schemes`."""

from __future__ import annotations

from typing import Annotated

from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    FORMAT,
    OutputOption,
    RegistryOption,
    command_app,
    emit,
    reported,
    screen,
)
from labeltrack.formats import PLAIN, SchemesFormat

app = command_app()


@app.command("schemes", short_help="List the labelling schemes: ECEI and national labels.")
def schemes(
    registry: RegistryOption = DEFAULT_REGISTRY,
    output_format: Annotated[SchemesFormat, FORMAT] = SchemesFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """List every labelling scheme a label can name with --scheme or scheme = "...": ECEI, the
    built-in national schemes (France's pôles, Poland's KKK, Spain's AEI, Hungary's accredited
    clusters, Norway's Arena, Arena Pro and GCE, Denmark's national cluster organisations,
    Germany's go-cluster), and those the registry declares, which override a built-in one of
    the same id. Without a registry file, the built-in ones."""
    from labeltrack.catalogue import catalogue
    from labeltrack.loading import load

    with reported():
        loaded = load(registry) if registry.exists() else None
        entries = catalogue(loaded)
        shown = screen() if output is None and output_format is SchemesFormat.TABLE else PLAIN
        emit(output_format.render(entries, shown), output, registry=registry)
