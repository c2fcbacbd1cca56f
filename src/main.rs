fn main() -> std::process::ExitCode {
    corpus_lsp::cli::main()
}
