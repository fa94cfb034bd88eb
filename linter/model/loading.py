"""Parse an instance's files and assemble the Instance; load errors are collected, not raised."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from linter.digest import sha256
from linter.errors import LintError, LoadError, UsageError
from linter.formats import EXACT_FORMATS, Role, loader_for
from linter.loaders.document import Document
from linter.loaders.reading import DEFAULT_MAX_BYTES, decode_text, read_text
from linter.model.database import prefix_errors, table_prefix
from linter.model.discovery import InputFile, InstanceSpec
from linter.model.instance import Instance
from linter.model.sources import Source, Unreadable, layer_rank
from linter.textsafe import visible
from linter.validation import schema_problems

if TYPE_CHECKING:
    from linter.gitstate import GitTree

Reader = Callable[[InputFile, int], str]


def read_from_disk(file: InputFile, max_bytes: int) -> str:
    """The file's text from the working tree."""
    return read_text(file.path, file.display, max_bytes, exact=file.format in EXACT_FORMATS)


def reader_for(tree: GitTree) -> Reader:
    """A file reader that takes each file's content from ``tree`` instead of the disk."""

    def read(file: InputFile, max_bytes: int) -> str:
        exact = file.format in EXACT_FORMATS  # bytes and CRs as written (linter.loaders.reading)
        if file.blob is None:
            return read_text(file.path, file.display, max_bytes, exact)
        return decode_text(tree.read(file.blob, max_bytes), file.display, exact)

    return read


def load_document(
    file: InputFile, max_bytes: int = DEFAULT_MAX_BYTES, read: Reader = read_from_disk
) -> tuple[Document, str]:
    """Read and parse one file, with the SHA-256 of its text; raises LoadError naming file and line."""
    text = read(file, max_bytes)
    checksum = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    parse = loader_for(file.format)
    return parse(text, file.display), checksum  # the engine keeps the collector off meanwhile


def load_instance(
    spec: InstanceSpec, max_bytes: int = DEFAULT_MAX_BYTES, read: Reader = read_from_disk
) -> tuple[Instance | None, list[LintError]]:
    """Build an Instance from the files that parse; the others come back as errors."""
    errors: list[LintError] = list(spec.errors)
    sources: list[Source] = []
    unreadable: list[Unreadable] = []
    for file in spec.files:
        try:
            document, checksum = load_document(file, max_bytes, read)
        except LoadError as error:
            errors.append(error)
            unreadable.append(Unreadable(error.file or file.display, error.line, file.role, file_rank(file)))
            continue
        sources.append(Source(document, file.role, file.shared, file.env_type_hint, checksum))
    for key, problem in prefix_errors(sources).items():  # tables of another prefix: not a silent pass
        source = next(source for source in sources if id(source) == key)
        sources.remove(source)
        errors.append(problem)
        unreadable.append(Unreadable(source.file, None, Role.DATABASE, source.rank))
    name, env_type, env_source, project = spec.name, None, None, None
    database = spec.database
    if spec.manifest is not None:
        try:
            manifest, _ = load_document(spec.manifest, max_bytes, read)
        except LoadError as error:
            errors.append(error)
        else:
            problems = schema_problems(manifest, "manifest.schema.json")
            for path, line, message in problems:
                errors.append(LoadError(f"manifest: {path} {message}", manifest.file, line))
            if not problems:
                name = name if spec.stated else visible(str(manifest.data.get("name") or name))
                env_type = manifest.data.get("environment_type")
                env_source = f"manifest {spec.manifest.display}" if env_type else None
                project = manifest.data.get("project")
                database = database or manifest.data.get("db")
    if spec.env_type:
        env_type, env_source = spec.env_type, "settings file inventory"
    project = spec.project or project
    if env_type is None:
        hints = sorted({(f.env_type_hint, f.display) for f in spec.files if f.env_type_hint})
        if len({hint for hint, _ in hints}) == 1:
            env_type, env_source = hints[0][0], f"file name {hints[0][1]}, a guess"
    if env_type is None and spec.dir_env_type:  # a name is a guess, and findings say so
        env_type, env_source = spec.dir_env_type, f"directory name {spec.directory}, a guess"
    if not spec.files and not errors and spec.manifest is not None:
        # A manifest says an instance is here: its configuration vanishing must not read as a pass.
        errors.append(
            LoadError(
                "this manifest has no configuration file next to it (env.php, config.php, env.yaml, "
                "config.yaml, environment.json, .env, config-show.txt): the instance cannot be checked",
                spec.manifest.display,
            )
        )
    if database and (sources or unreadable):
        try:
            asked_by = None if spec.database else (spec.manifest.display if spec.manifest else None)
            sources.append(database_source(database, sources, asked_by))
        except LoadError as error:  # the files are still checked; rules reading the database abstain
            errors.append(error)
            unreadable.append(
                # Never the DSN itself as a fallback: it may carry a password (--db).
                Unreadable(error.file or "the database", None, Role.DATABASE, layer_rank(Role.DATABASE, ""))
            )
    if not sources or len(errors) > len(unreadable):
        # Without its manifest or its listing, what the instance is cannot be told: nothing is checked.
        return None, errors
    instance = Instance(
        name=name,
        directory=spec.directory,
        sources=sources,
        env_type=env_type,
        env_type_source=env_source,
        project=project,
        manifest=spec.manifest.display if spec.manifest else None,
    )
    if unreadable:
        # The rest is checked: rules that read what the unread files could set abstain (Instance.note_read).
        instance.mark_unreadable(unreadable)
    return instance, errors


def database_source(database: str, sources: list[Source], origin: str | None = None) -> Source:
    """The database layer read live: ``database`` is a DSN, or ``env.php`` for the credentials of the
    instance's own ``db/connection/default``. LoadError naming the host and database when it fails;
    ``origin`` is the file that asked for it (a manifest), named when the DSN itself is wrong."""
    from linter.loaders import db_live  # only a run that reads a database pays for the module

    if database == "env.php":
        env = next((source for source in sources if source.role == Role.ENV), None)
        connection: object = env.document.data if env is not None else {}
        for key in ("db", "connection", "default"):
            connection = connection.get(key) if isinstance(connection, dict) else None
        file = env.file if env is not None else origin
        if not isinstance(connection, dict):
            raise LoadError("db: env.php, but no env.php with db/connection/default was read", file)
        dsn = db_live.credentials_from_env(connection, file or "env.php")
    else:
        try:
            dsn, has_password = db_live.parse_dsn(database, "db:")
        except UsageError as error:
            raise LoadError(error.message, origin) from None
        if has_password and origin:
            raise LoadError(db_live.COMMITTED_PASSWORD, origin)
    env = next((source for source in sources if source.role == Role.ENV), None)
    document = db_live.read_live(dsn, table_prefix(env.document.data) if env is not None else "")
    # What the rows say, so that reports can tell two reads apart as they tell two files apart.
    tables = sorted((name, table.columns, table.rows) for name, table in document.data["tables"].items())
    checksum = sha256(repr(tables).encode("utf-8", "surrogatepass")).hexdigest()
    return Source(document, Role.DATABASE, False, None, checksum)


def file_rank(file: InputFile) -> int:
    """The layer rank a file would have had, had it been read."""
    return layer_rank(file.role, file.format)


def instance_name(
    spec: InstanceSpec, max_bytes: int = DEFAULT_MAX_BYTES, read: Reader = read_from_disk
) -> str:
    """The name an instance will have once loaded (its manifest may rename it), reading only the manifest."""
    return known_instance_name(spec, max_bytes, read) or spec.name


def known_instance_name(
    spec: InstanceSpec, max_bytes: int = DEFAULT_MAX_BYTES, read: Reader = read_from_disk
) -> str | None:
    """As ``instance_name``, but None when the manifest that would name the instance cannot be read."""
    if spec.stated or spec.manifest is None:
        return spec.name
    try:
        manifest, _ = load_document(spec.manifest, max_bytes, read)
    except LoadError:
        return None
    name = manifest.data.get("name")
    return visible(name) if isinstance(name, str) and name else spec.name
