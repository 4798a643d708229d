//! Isolation: each PDF is read by giji re-running itself as a worker process
//! (`giji __pdf-worker FILE`), under a time limit and a memory limit, with the panics of
//! the PDF reader caught inside it. A stack overflow (a form XObject that draws itself),
//! an abort or a flate bomb ends the worker, never the batch; the batch gets a diagnostic.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

use super::extract::Failure;
use super::Extracted;
use crate::diag::Code;

/// The hidden first argument that makes the binary a PDF worker.
pub const WORKER_ARG: &str = "__pdf-worker";

/// How long and how much memory one PDF may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub timeout: Duration,
    /// Address space of the worker, in bytes.
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(60),
            memory: 512 << 20,
        }
    }
}

/// What a worker prints on stdout.
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Ok(Extracted),
    Err { code: String, message: String },
}

/// The worker's side: reads `path` under `memory` bytes of address space and prints the
/// reply. Returns the exit code.
pub fn worker_main(path: &Path, memory: u64) -> i32 {
    // Best effort: where the limit cannot be set the parent's time limit still holds.
    let _ = rlimit::setrlimit(rlimit::Resource::AS, memory, memory);
    let reply = match std::fs::read(path) {
        Err(e) => Reply::Err {
            code: Code::PdfCorrupt.as_str().into(),
            message: format!("cannot read: {e}"),
        },
        Ok(bytes) => match super::extract_pages(&bytes) {
            Ok(x) => Reply::Ok(x),
            Err(f) => Reply::Err {
                code: f.code.as_str().into(),
                message: f.message,
            },
        },
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let written = serde_json::to_writer(&mut out, &reply).map_err(std::io::Error::from);
    match written.and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(_) => 3,
    }
}

fn read_all(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// The parent's side: runs `exe` as a worker on `path` and reads its reply.
pub fn extract_isolated(exe: &Path, path: &Path, limits: Limits) -> Result<Extracted, Failure> {
    let mut child = Command::new(exe)
        .arg(WORKER_ARG)
        .arg(limits.memory.to_string())
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Failure::new(
                Code::PdfWorker,
                format!("cannot start the PDF worker {}: {e}", exe.display()),
            )
        })?;
    // Read both pipes while waiting: a large reply would otherwise fill the pipe and stall
    // the worker.
    let stdout = child.stdout.take().map(read_all);
    let stderr = child.stderr.take().map(read_all);
    let status = match child.wait_timeout(limits.timeout) {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Failure::new(
                Code::PdfTimeout,
                format!(
                    "reading the PDF took longer than {} s; it was stopped",
                    limits.timeout.as_secs()
                ),
            ));
        }
    };
    let out = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
    let err = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    let err = String::from_utf8_lossy(&err);
    if status.success() {
        return match serde_json::from_slice::<Reply>(&out) {
            Ok(Reply::Ok(x)) => Ok(x),
            Ok(Reply::Err { code, message }) => Err(Failure::new(
                Code::pdf_code(&code).unwrap_or(Code::PdfPanic),
                message,
            )),
            Err(e) => Err(Failure::new(
                Code::PdfPanic,
                format!("the PDF worker's reply is unreadable: {e}"),
            )),
        };
    }
    if err.contains("memory allocation of") || err.contains("out of memory") {
        return Err(Failure::new(
            Code::PdfMemory,
            format!(
                "reading the PDF needed more than {} MB of memory; it was stopped",
                limits.memory >> 20
            ),
        ));
    }
    // One message whatever the signal: how a crash shows differs between systems, and the
    // message is part of the dataset.
    let _ = status;
    Err(Failure::new(
        Code::PdfPanic,
        "the PDF reader crashed on this file (a stack overflow, as from a drawing that refers to itself, or an abort)",
    ))
}
