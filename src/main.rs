fn main() -> std::process::ExitCode {
    dxcheck::cli::main()
}
