//! The `ghgkit` command: parse arguments, call the library, render errors, return an exit code
//! (0 success, 2 bad input, 1 internal failure).

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a large inventory allocates tens of millions of small strings,
/// and glibc's malloc spent a fifth of the run in them (BENCHMARKS.md). The library does not choose.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_sigpipe();
    // A panic of the spreadsheet reader on a damaged file is reported as an input error (exit 2) by the
    // library; only other panics (internal failures) print the usual message.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !ghgkit::ingest::workbook::in_reader() {
            default_hook(info)
        }
    }));
    let args = <cli::Args as clap::Parser>::parse();
    match cli::dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Rust programs ignore SIGPIPE, so `ghgkit inventory … | head` would panic in `println!` once `head` has
/// closed the pipe. Restore the default action (the process ends quietly), as command-line tools do.
#[cfg(unix)]
fn restore_sigpipe() {
    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    const SIGPIPE: i32 = 13; // the same on Linux and macOS
    const SIG_DFL: usize = 0;
    // SAFETY: called first thing in main, before any thread exists; sets the default disposition.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_sigpipe() {}
