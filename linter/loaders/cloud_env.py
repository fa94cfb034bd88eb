"""``.magento.env.yaml``: ece-tools' stage variables (``stage.global|build|deploy|post-deploy``, ``log``).

Read as YAML with key positions, as the dumps are. ece-tools parses the file with Symfony's
``Yaml::PARSE_CONSTANT`` (ece-tools ``src/Config/Environment/Reader.php``), so a ``!php/const``
tag names a PHP constant (``!php/const \\PDO::MYSQL_ATTR_SSL_CA``, or the older
``!php/const:\\PDO::...``): as a value it is a ``DynamicValue`` of the constant's name, never
evaluated; as a key it is the constant's name.
"""

from __future__ import annotations

import re
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import Document, DynamicValue

# The older Symfony spelling glues the constant to the tag with a colon, which PyYAML cannot scan
# (a backslash is no tag character). A space in its place keeps every offset, so lines stay right;
# only a file that does not scan as written is respelled.
_CONTENT = re.compile(r"^[^\S\n]*[^#\s]", re.M)  # a line that is neither blank nor a comment
_GLUED_CONSTANT = re.compile(r"!php/const:(?=[\\A-Za-z_])")


def load_magento_env_yaml(text: str, file: str) -> Document:
    """Parse a ``.magento.env.yaml`` into a Document (values as written; ``!php/const`` as dynamic)."""
    import yaml

    from linter.loaders import yaml_loader

    if not _CONTENT.search(text):  # only comments (every variable left out): ece-tools reads no variable
        return Document(file=file, format="cloud_env", data={}, positions={})
    try:
        data, builder = _build(text, file)
    except yaml.YAMLError as error:
        # Only a file PyYAML cannot scan is respelled: a glued tag is no YAML, and text that is
        # valid YAML (a quoted "!php/const:" inside a value) is never touched.
        repaired = _GLUED_CONSTANT.sub("!php/const ", text)
        if repaired == text:
            raise yaml_loader.yaml_error(error, text, file) from None
        try:
            data, builder = _build(repaired, file)
        except yaml.YAMLError as again:
            raise yaml_loader.yaml_error(again, repaired, file) from None
    stage = data.get("stage")
    if stage is not None and not isinstance(stage, dict):
        where = builder.positions.locate(("stage",))
        line = where.line if where is not None else None
        raise LoadError("'stage' must be a mapping of stages (global, build, deploy)", file, line)
    return Document(
        file=file,
        format="cloud_env",
        data=data,
        duplicates=builder.duplicates,
        locate=builder.positions.locate,
    )


def _build(text: str, file: str) -> tuple[dict[str, Any], Any]:
    """The data and the builder (positions, duplicates) of one parse; YAMLError when it fails."""
    from linter.loaders import yaml_loader

    class _Builder(yaml_loader._Builder):
        def _scalar(self, event: Any) -> Any:
            if event.tag is not None and event.tag.startswith("!php/"):
                return DynamicValue(event.value)
            return super()._scalar(event)

    loader = yaml_loader._FAST_LOADER(text)
    builder = _Builder(file, False, loader)
    try:
        data = builder.build()
    finally:
        loader.dispose()
    builder.positions.freeze()
    return data, builder
