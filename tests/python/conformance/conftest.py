"""The client side of the conformance suite.

pytest-lsp starts the server (``$CORPUS_LSP``) over stdio for every test and
impersonates a real client with that client's recorded ``ClientCapabilities``.
pygls turns every response into its ``lsprotocol`` type (a response of the
wrong shape fails), and pytest-lsp checks results against the advertised
capabilities; the checks below add the ones pytest-lsp lacks (hover content
format, completion preselect, hierarchical symbols, code-action literals,
semantic-token legend, workspace-edit shape). Each check raises
``LspSpecificationWarning``, which pytest.ini turns into a failure.
"""

from __future__ import annotations

import asyncio
import copy
import os
import pathlib
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.capabilities import get_capability
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp import checks

ROOT = pathlib.Path(__file__).resolve().parents[3]
SERVER = os.environ.get("CORPUS_LSP", str(ROOT / "target" / "release" / "corpus-lsp"))


def _plaintext_only() -> types.ClientCapabilities:
    """A minimal client (a terminal plugin, say): Neovim's capabilities with
    plain text only, no preselect, no snippets, flat symbols, no code-action
    literals."""
    caps = copy.deepcopy(client_capabilities("neovim"))
    td = caps.text_document
    td.hover.content_format = [types.MarkupKind.PlainText]
    item = td.completion.completion_item
    item.documentation_format = [types.MarkupKind.PlainText]
    item.preselect_support = False
    item.snippet_support = False
    td.document_symbol.hierarchical_document_symbol_support = False
    td.code_action.code_action_literal_support = None
    caps.general.position_encodings = [types.PositionEncodingKind.Utf16]
    return caps


#: The client profiles every test runs under.
PROFILES = {
    "vscode": lambda: client_capabilities("visual-studio-code"),
    "neovim": lambda: client_capabilities("neovim"),
    "emacs": lambda: client_capabilities("emacs"),
    "plaintext": _plaintext_only,
}


# ---- checks pytest-lsp does not make ----


def _formats(caps, path):
    return set(get_capability(caps, path, None) or [])


@checks.check_result_for(method=types.TEXT_DOCUMENT_HOVER)
def _hover(caps: types.ClientCapabilities, result: types.Hover | None):
    if result is None:
        return
    formats = _formats(caps, "text_document.hover.content_format")
    contents = result.contents
    assert isinstance(contents, types.MarkupContent), f"hover contents should be MarkupContent, got {contents!r}"
    if contents.kind == types.MarkupKind.Markdown:
        assert types.MarkupKind.Markdown in formats, "Client does not support Markdown hover content"


_completion_check = checks.RESULT_CHECKS[types.TEXT_DOCUMENT_COMPLETION]


def _completion(caps, result):
    _completion_check(caps, result)
    if result is None:
        return
    items = result.items if isinstance(result, types.CompletionList) else result
    preselect = get_capability(caps, "text_document.completion.completion_item.preselect_support", False)
    insert_replace = get_capability(caps, "text_document.completion.completion_item.insert_replace_support", False)
    for item in items:
        if item.preselect:
            assert preselect, f"Client does not support preselect (item {item.label!r})"
        if isinstance(item.text_edit, types.InsertReplaceEdit):
            assert insert_replace, "Client does not support InsertReplaceEdit"
        if isinstance(item.text_edit, types.TextEdit):
            r = item.text_edit.range
            assert r.start.line == r.end.line, "a completion edit must lie on one line"


checks.RESULT_CHECKS[types.TEXT_DOCUMENT_COMPLETION] = _completion


@checks.check_result_for(method=types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def _document_symbols(caps, result):
    if not result:
        return
    hierarchical = get_capability(
        caps, "text_document.document_symbol.hierarchical_document_symbol_support", False
    )
    if isinstance(result[0], types.DocumentSymbol):
        assert hierarchical, "Client does not support hierarchical document symbols"
    kinds = get_capability(caps, "text_document.document_symbol.symbol_kind.value_set", None)
    if kinds:
        for s in result:
            assert s.kind in kinds, f"symbol kind {s.kind} not in the client's value set"


@checks.check_result_for(method=types.TEXT_DOCUMENT_CODE_ACTION)
def _code_actions(caps, result):
    if not result:
        return
    literals = get_capability(caps, "text_document.code_action.code_action_literal_support", None)
    for action in result:
        if isinstance(action, types.CodeAction):
            assert literals is not None, "Client does not support CodeAction literals (Commands only)"
            if action.kind is not None:
                kinds = [getattr(k, "value", k) for k in literals.code_action_kind.value_set]
                kind = getattr(action.kind, "value", action.kind)
                assert any(kind == k or kind.startswith(f"{k}.") for k in kinds), f"kind {kind} not in {kinds}"
            if action.is_preferred is not None:
                assert get_capability(caps, "text_document.code_action.is_preferred_support", False)
            if action.disabled is not None:
                assert get_capability(caps, "text_document.code_action.disabled_support", False)
            if action.data is not None:
                assert get_capability(caps, "text_document.code_action.data_support", False)


def _workspace_edit(caps, edit: types.WorkspaceEdit | None):
    if edit is None:
        return
    if edit.document_changes is not None:
        assert get_capability(caps, "workspace.workspace_edit.document_changes", False), (
            "Client does not support documentChanges"
        )
        for change in edit.document_changes:
            if not isinstance(change, types.TextDocumentEdit):
                ops = get_capability(caps, "workspace.workspace_edit.resource_operations", []) or []
                assert change.kind in ops, f"Client does not support resource operation {change.kind}"
    if edit.change_annotations is not None:
        assert get_capability(caps, "workspace.workspace_edit.change_annotation_support", None)


@checks.check_result_for(method=types.TEXT_DOCUMENT_RENAME)
def _rename(caps, result):
    _workspace_edit(caps, result)


@checks.check_result_for(method=types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL)
def _semantic_tokens(caps, result: types.SemanticTokens | None):
    if result is None:
        return
    assert len(result.data) % 5 == 0, "semantic token data comes in fives"


# ---- the client ----


def make_client() -> LanguageClient:
    client = pytest_lsp.make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    return client


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the seeds (articles and corpus.json)."""
    seeds = ROOT / "seeds"
    for f in seeds.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[SERVER, "serve"], client_factory=make_client),
    params=sorted(PROFILES),
)
async def client(lsp_client: LanguageClient, request, workspace: pathlib.Path):
    capabilities = PROFILES[request.param]()
    lsp_client.profile = request.param
    lsp_client.workspace = workspace
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="seeds")],
            client_info=types.ClientInfo(name=f"pytest-lsp as {request.param}"),
        )
    )
    # Wait for the background indexing to end (every profile here shows
    # work-done progress), so references see the files on disk.
    if get_capability(capabilities, "window.work_done_progress", False):
        while not any(
            isinstance(p, types.WorkDoneProgressEnd) for reports in lsp_client.progress_reports.values() for p in reports
        ):
            # Registered before the next message is read: none is missed.
            await asyncio.wait_for(lsp_client.protocol.wait_for_notification_async(types.PROGRESS), 30)
    yield
    await lsp_client.shutdown_session()


def pytest_report_header(config):
    return [f"corpus-lsp: {SERVER}", f"python: {sys.version.split()[0]}"]
