"""Every feature once, under every client profile (see conftest.py).

The document opened has curly quotes, an em dash and a character outside the
BMP before its markup, so a position in the wrong encoding lands elsewhere.
"""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

DOC = (
    "“Talks” 😀 — [Blinken]{antony-blinken} met [the minister]{wang-yi} in [Beijing]{beijng}. #taiwan\n"
    "Blinken flew home. [Wang Yi]{\n"
    "#hu\n"
)
LINES = DOC.split("\n")


def encoding(client: LanguageClient) -> str:
    return client.init_result.capabilities.position_encoding or types.PositionEncodingKind.Utf16


def col(client: LanguageClient, line: str, char_index: int) -> int:
    """The column of ``line[char_index]`` in the negotiated encoding."""
    text = line[:char_index]
    enc = encoding(client)
    if enc == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if enc == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def pos(client: LanguageClient, line_no: int, needle: str, offset: int = 0) -> types.Position:
    line = LINES[line_no]
    return types.Position(line=line_no, character=col(client, line, line.index(needle) + offset))


async def open_doc(client: LanguageClient, name: str = "conformance.txt", text: str = DOC) -> str:
    path = client.workspace / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="corpus", version=1, text=text)
        )
    )
    return uri


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The document's diagnostics: pulled (`textDocument/diagnostic`) from a
    client that advertises pull, which then gets none pushed; else pushed."""
    if get_capability(client.capabilities, "text_document.diagnostic", None) is not None:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc_id(uri))
        )
        assert report.kind == "full", report
        assert uri not in client.diagnostics, "a pulling client got diagnostics pushed too"
        return list(report.items)
    while uri not in client.diagnostics:
        # Registered before the next message is read: none is missed.
        await asyncio.wait_for(client.protocol.wait_for_notification_async(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10)
    return list(client.diagnostics[uri])


def edits_of(edit: types.WorkspaceEdit) -> dict[str, list[types.TextEdit]]:
    """A workspace edit's text edits by document, whether sent as `changes`
    or as (versioned) `documentChanges`."""
    out: dict[str, list[types.TextEdit]] = {u: list(e) for u, e in (edit.changes or {}).items()}
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit):
            out.setdefault(change.text_document.uri, []).extend(change.edits)
    return out


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_initialize(client: LanguageClient):
    result = client.init_result
    caps = result.capabilities
    assert result.server_info.name == "corpus-lsp"
    offered = get_capability(client.capabilities, "general.position_encodings", None)
    if offered:
        assert caps.position_encoding in offered, "the encoding is one the client offered"
    else:
        assert caps.position_encoding in (None, types.PositionEncodingKind.Utf16)
    assert caps.hover_provider
    assert set(caps.completion_provider.trigger_characters) >= {"#", "{", "["}
    assert caps.definition_provider and caps.references_provider
    assert caps.rename_provider.prepare_provider
    assert caps.document_symbol_provider and caps.workspace_symbol_provider
    assert caps.code_action_provider
    assert caps.semantic_tokens_provider.legend.token_types
    assert caps.inlay_hint_provider
    # File watchers are registered only with a client that allows it.
    dynamic = get_capability(client.capabilities, "workspace.did_change_watched_files.dynamic_registration", False)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(await open_doc(client)), position=pos(client, 0, "Blinken]", 1))
    )
    assert hover is not None  # a round trip after `initialized`: registrations were sent by now
    watched = [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert bool(watched) == bool(dynamic), (client.profile, client.registrations)


async def test_diagnostics(client: LanguageClient):
    uri = await open_doc(client)
    found = await diagnostics_for(client, uri)
    by_code = {(d.code, d.range.start.line): d for d in found}
    unknown = by_code[("unknown-entity", 0)]
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert unknown.range.start == pos(client, 0, "beijng")
    assert unknown.range.end == pos(client, 0, "beijng", len("beijng"))
    assert "beijing" in unknown.message
    assert ("malformed-markup", 1) in by_code
    assert ("unknown-tag", 2) in by_code
    assert ("unannotated-mention", 1) in by_code
    assert all(d.source == "corpus-lsp" for d in found)
    for d in found:
        if d.tags:
            allowed = get_capability(client.capabilities, "text_document.publish_diagnostics.tag_support.value_set", [])
            assert all(t in allowed for t in d.tags), "diagnostic tags the client did not list"
        if d.code_description:
            assert get_capability(client.capabilities, "text_document.publish_diagnostics.code_description_support", False)
        if d.related_information:
            assert get_capability(client.capabilities, "text_document.publish_diagnostics.related_information", False)


async def test_hover(client: LanguageClient):
    uri = await open_doc(client)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=pos(client, 0, "Blinken]", 2))
    )
    assert isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "Antony Blinken" in text and "antony-blinken" in text
    assert hover.range.start == pos(client, 0, "[Blinken]")
    markdown = types.MarkupKind.Markdown in (
        get_capability(client.capabilities, "text_document.hover.content_format", None) or []
    )
    assert hover.contents.kind == (types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText)
    if not markdown:
        assert "**" not in text and "`" not in text, text
    # Nothing under the cursor: null.
    empty = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=pos(client, 0, "Talks"))
    )
    assert empty is None


async def test_completion(client: LanguageClient):
    uri = await open_doc(client)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=doc_id(uri),
            position=types.Position(line=1, character=col(client, LINES[1], len(LINES[1]))),
            context=types.CompletionContext(
                trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character="{"
            ),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    assert items[0].label == "wang-yi", "the owner of the surface first"
    item_caps = "text_document.completion.completion_item"
    preselect = get_capability(client.capabilities, f"{item_caps}.preselect_support", False)
    assert bool(items[0].preselect) == bool(preselect)
    markdown = types.MarkupKind.Markdown in (
        get_capability(client.capabilities, f"{item_caps}.documentation_format", None) or []
    )
    first = items[0]
    if first.documentation is None and client.init_result.capabilities.completion_provider.resolve_provider:
        # Documentation comes on `completionItem/resolve`.
        first = await client.completion_item_resolve_async(first)
    doc = first.documentation
    if markdown:
        assert isinstance(doc, types.MarkupContent) and doc.kind == types.MarkupKind.Markdown
    else:
        assert isinstance(doc, str) and "Wang Yi" in doc and "**" not in doc, doc
    assert items[0].text_edit.new_text == "wang-yi"

    tags = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(uri), position=types.Position(line=2, character=3))
    )
    items = tags.items if isinstance(tags, types.CompletionList) else tags
    assert "human-rights" in [i.label for i in items]
    edit = next(i for i in items if i.label == "human-rights").text_edit
    assert (edit.range.start.character, edit.range.end.character) == (1, 3), "the edit covers the partial word"


async def test_code_actions(client: LanguageClient):
    uri = await open_doc(client)
    found = await diagnostics_for(client, uri)
    unknown = next(d for d in found if d.code == "unknown-entity")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc_id(uri),
            range=unknown.range,
            context=types.CodeActionContext(diagnostics=[unknown], only=[types.CodeActionKind.QuickFix]),
        )
    )
    literals = get_capability(client.capabilities, "text_document.code_action.code_action_literal_support", None)
    if literals is None:
        # A client without literal support gets commands or nothing, never a CodeAction.
        assert all(isinstance(a, types.Command) for a in actions or [])
        return
    fix = next(a for a in actions if "beijing" in a.title)
    assert fix.kind == types.CodeActionKind.QuickFix
    (edit,) = edits_of(fix.edit)[uri]
    assert edit.new_text == "beijing" and edit.range == unknown.range


async def test_definition(client: LanguageClient):
    uri = await open_doc(client)
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc_id(uri), position=pos(client, 0, "Blinken]", 1))
    )
    locations = result if isinstance(result, list) else [result]
    (loc,) = locations
    target = getattr(loc, "target_uri", None) or loc.uri
    assert target == (client.workspace / "corpus.json").as_uri()
    catalogue = (client.workspace / "corpus.json").read_text(encoding="utf-8").split("\n")
    start = loc.target_range.start if hasattr(loc, "target_range") else loc.range.start
    assert "antony-blinken" in catalogue[start.line]


async def test_references(client: LanguageClient):
    uri = await open_doc(client)
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(uri),
            position=pos(client, 0, "Blinken]", 1),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    files = {r.uri.rsplit("/", 1)[1] for r in refs}
    assert "conformance.txt" in files
    assert len([f for f in files if f.startswith("00")]) >= 4, files
    assert "corpus.json" not in files
    with_decl = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(uri),
            position=pos(client, 0, "Blinken]", 1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert len(with_decl) == len(refs) + 1


async def test_rename(client: LanguageClient):
    uri = await open_doc(client)
    at = pos(client, 0, "antony-blinken", 3)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc_id(uri), position=at)
    )
    rng = prepared.range if hasattr(prepared, "range") else prepared
    assert rng.start == pos(client, 0, "antony-blinken")
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc_id(uri), position=at, new_name="tony-blinken")
    )
    by_uri = edits_of(edit)
    if get_capability(client.capabilities, "workspace.workspace_edit.document_changes", False):
        assert edit.document_changes and not edit.changes, "versioned documentChanges for a client that takes them"
    changed = {u.rsplit("/", 1)[1] for u in by_uri}
    assert {"conformance.txt", "corpus.json"} <= changed
    texts = {e.new_text for edits in by_uri.values() for e in edits}
    assert all("tony-blinken" in t and "antony" not in t for t in texts), texts
    with pytest.raises(JsonRpcException):
        await client.text_document_rename_async(
            types.RenameParams(text_document=doc_id(uri), position=at, new_name="Not A Slug")
        )


async def test_symbols(client: LanguageClient):
    uri = await open_doc(client)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(uri)))
    names = [s.name for s in symbols]
    if isinstance(symbols[0], types.DocumentSymbol):
        names += [c.name for s in symbols for c in (s.children or [])]
    assert any("Antony Blinken" in n for n in names), names
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="blinken"))
    assert any(s.name == "Antony Blinken" for s in found), [s.name for s in found]


async def test_semantic_tokens(client: LanguageClient):
    uri = await open_doc(client)
    legend = client.init_result.capabilities.semantic_tokens_provider.legend
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc_id(uri))
    )
    data = tokens.data
    decoded = []
    line = start = 0
    for i in range(0, len(data), 5):
        d_line, d_start, length, kind, modifiers = data[i : i + 5]
        line += d_line
        start = start + d_start if d_line == 0 else d_start
        assert kind < len(legend.token_types)
        assert modifiers < (1 << len(legend.token_modifiers))
        decoded.append((line, start, length, legend.token_types[kind]))
    surface = pos(client, 0, "Blinken]")
    assert (0, surface.character, col(client, LINES[0], LINES[0].index("]{a")) - surface.character, "variable") in decoded
    ranged = await client.text_document_semantic_tokens_range_async(
        types.SemanticTokensRangeParams(
            text_document=doc_id(uri),
            range=types.Range(start=types.Position(line=2, character=0), end=types.Position(line=3, character=0)),
        )
    )
    assert len(ranged.data) == 5 and ranged.data[0] == 2, "only the tag on line 2"


async def test_inlay_hints(client: LanguageClient):
    uri = await open_doc(client)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=doc_id(uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=3, character=0)),
        )
    )
    labels = [h.label if isinstance(h.label, str) else "".join(p.value for p in h.label) for h in hints]
    assert any("Wang Yi" in label for label in labels), labels
    hint = hints[labels.index(next(label for label in labels if "Wang Yi" in label))]
    assert hint.position == pos(client, 0, "{wang-yi}", len("{wang-yi}"))
