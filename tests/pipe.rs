//! `ghgkit … | head`: when the reader closes the pipe early, ghgkit ends quietly instead of panicking in
//! `println!` (Rust ignores SIGPIPE unless told otherwise; `main` restores the default).

#[cfg(unix)]
#[test]
fn closed_stdout_pipe_ends_quietly_without_a_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // `ghgkit factors --set ipcc2006` prints about 160 kB, more than a pipe holds (64 kB on Linux): the
    // writer is still writing when the reader goes away.
    let mut child = Command::new(env!("CARGO_BIN_EXE_ghgkit"))
        .args(["factors", "--set", "ipcc2006"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `head` exiting
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Ended by SIGPIPE (signal 13), as `cat` or `grep` would be; a panic would exit with code 101.
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(13), "{status:?} {stderr}");
}
