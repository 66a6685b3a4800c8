//! The `ghgkit` command: parse arguments, call the library, render errors, return an exit code
//! (0 success, 2 bad input, 1 internal failure).

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a large inventory allocates tens of millions of small strings,
/// and glibc's malloc spent a fifth of the run in them (BENCHMARKS.md). The library does not choose.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = <cli::Args as clap::Parser>::parse();
    match cli::dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
