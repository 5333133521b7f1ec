// Bakes the compiler's version into the recorder, so every trace says which rustc built it.
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| text.trim().to_string())
        .unwrap_or_default();
    println!("cargo:rustc-env=GIL_RECORDER_RUSTC={version}");
    println!("cargo:rerun-if-changed=build.rs");
}
