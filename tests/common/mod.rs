//! What the tests that run the real binary share: running it, and the seed document.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `giji ARGS` in `dir`: its exit code, stdout and stderr.
pub fn giji(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The project folder.
#[allow(dead_code, reason = "each test crate uses the helpers it needs")]
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed minutes' bytes.
#[allow(dead_code, reason = "each test crate uses the helpers it needs")]
pub fn seed() -> Vec<u8> {
    std::fs::read(root().join("seeds/000_780bb8195d2e3bbd.txt")).unwrap()
}
