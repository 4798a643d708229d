//! What the tests that run the real binary share: running it, and the seed document.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `giji ARGS` in `dir`: its exit code, stdout and stderr.
#[allow(dead_code, reason = "each test crate uses the helpers it needs")]
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

/// Whether the external tool `program` runs (`program probe`). Without it the test is
/// skipped, saying so, unless GIJI_REQUIRE_TOOLS is set (as .ci/run sets it): then it fails.
#[allow(dead_code, reason = "each test crate uses the helpers it needs")]
pub fn tool(program: &str, probe: &str, package: &str) -> bool {
    if Command::new(program).arg(probe).output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("GIJI_REQUIRE_TOOLS").is_none(),
        "GIJI_REQUIRE_TOOLS is set but {program} ({package}) is missing"
    );
    eprintln!("skipped: {program} ({package}) is not installed");
    false
}
