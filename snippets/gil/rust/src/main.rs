//! Scenario 3: the CPU-bound job of the Python recorders (snippets/gil/python/gil_trace.py),
//! on N Rust threads, with `std::thread::scope` or rayon's `into_par_iter`. Prints a JSON trace
//! (schema version 1, read by lib/gil/).
//!
//! Usage: gil-recorder --mode threads|rayon --threads 4 --chunks 2000 --steps 2000

use rayon::prelude::*;
use serde_json::{json, Value};
use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

const SCHEMA_VERSION: u32 = 1;

/// One chunk of the job: step the same 31-bit LCG as the Python recorders. `black_box`
/// keeps the optimiser from folding the loop, so every step really runs, as in Python.
fn run_chunk(chunk_id: u32, steps: u32) -> u32 {
    let mut state = chunk_id;
    for _ in 0..steps {
        state = black_box(state.wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7FFF_FFFF);
    }
    state
}

/// Start and end of one chunk, in nanoseconds since the recording's origin.
type Interval = (u64, u64);

fn nanos_since(origin: Instant, at: Instant) -> u64 {
    at.duration_since(origin).as_nanos() as u64
}

/// Nanoseconds this thread has spent on a CPU (Linux /proc/thread-self/schedstat), if known.
/// Compared with the wall time it shows how many cores the OS actually gave the run.
fn thread_cpu_ns() -> Option<u64> {
    // The kernel brings a running thread's total up to date only at a tick or a scheduler
    // call; yielding is such a call, so the figure includes the last few milliseconds.
    std::thread::yield_now();
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// One lane's chunk intervals, the XOR of its chunk results, and its on-CPU time.
type Lane = (Vec<Interval>, u32, Option<u64>);

/// The whole job on one thread, the fastest of five runs: the job takes milliseconds, so
/// one slow moment of the machine would otherwise skew every speed-up.
fn serial_wall_ns(chunks: u32, steps: u32) -> u64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let mut checksum = 0;
            for chunk_id in 0..chunks {
                checksum ^= run_chunk(chunk_id, steps);
            }
            black_box(checksum);
            start.elapsed().as_nanos() as u64
        })
        .min()
        .expect("five runs")
}

/// Each thread takes one contiguous block of chunks and logs when each chunk ran.
fn record_threads(threads: u32, chunks: u32, steps: u32) -> (Vec<Lane>, u64) {
    // All threads start together: a thread spawned while every core is busy otherwise
    // waits in one core's run queue until that core frees up, even when another core
    // has gone idle, and the recording would show the scheduler's start-up, not the job.
    let start_line = Barrier::new(threads as usize);
    let start_line = &start_line;
    let origin = Instant::now();
    let lanes = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let block = chunks * k / threads..chunks * (k + 1) / threads;
                scope.spawn(move || {
                    start_line.wait();
                    let cpu_start = thread_cpu_ns();
                    let mut intervals = Vec::with_capacity(block.len());
                    let mut checksum = 0;
                    for chunk_id in block {
                        let start = Instant::now();
                        checksum ^= run_chunk(chunk_id, steps);
                        intervals.push((
                            nanos_since(origin, start),
                            nanos_since(origin, Instant::now()),
                        ));
                    }
                    let cpu = cpu_start
                        .zip(thread_cpu_ns())
                        .map(|(start, end)| end - start);
                    (intervals, checksum, cpu)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    });
    (lanes, origin.elapsed().as_nanos() as u64)
}

/// rayon splits the chunks over its pool by work stealing; each chunk notes which worker ran it.
fn record_rayon(pool: &rayon::ThreadPool, chunks: u32, steps: u32) -> (Vec<Lane>, u64) {
    let cpu_start = pool.broadcast(|_| thread_cpu_ns());
    let origin = Instant::now();
    let runs: Vec<(usize, Interval, u32)> = pool.install(|| {
        (0..chunks)
            .into_par_iter()
            .map(|chunk_id| {
                let start = Instant::now();
                let state = run_chunk(chunk_id, steps);
                let end = Instant::now();
                let worker = rayon::current_thread_index().unwrap_or(0);
                (
                    worker,
                    (nanos_since(origin, start), nanos_since(origin, end)),
                    state,
                )
            })
            .collect()
    });
    let wall_ns = origin.elapsed().as_nanos() as u64;
    let cpu_end = pool.broadcast(|_| thread_cpu_ns());
    let mut lanes: Vec<Lane> = cpu_start
        .iter()
        .zip(&cpu_end)
        .map(|(start, end)| {
            (
                Vec::new(),
                0,
                start.zip(*end).map(|(start, end)| end - start),
            )
        })
        .collect();
    for (worker, interval, state) in runs {
        lanes[worker].0.push(interval);
        lanes[worker].1 ^= state;
    }
    for lane in &mut lanes {
        lane.0.sort_unstable();
    }
    (lanes, wall_ns)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

fn iso_now() -> String {
    // Civil date from Unix days (Howard Hinnant's algorithm), to avoid a date crate.
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

fn option(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

fn number(args: &[String], name: &str, default: u32) -> u32 {
    let text = option(args, name, &default.to_string());
    text.parse()
        .unwrap_or_else(|_| panic!("{name} expects a whole number, got {text:?}"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = option(&args, "--mode", "threads");
    let threads = number(&args, "--threads", 4).max(1);
    let chunks = number(&args, "--chunks", 2000);
    let steps = number(&args, "--steps", 2000);

    if mode != "threads" && mode != "rayon" {
        panic!("--mode must be threads or rayon, got {mode:?}");
    }
    let baseline_ns = serial_wall_ns(chunks, steps);
    // rayon's pool is built once per program, so building it is not part of the timed run.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads as usize)
        .build()
        .unwrap();
    let (lanes, wall_ns) = if mode == "rayon" {
        record_rayon(&pool, chunks, steps)
    } else {
        record_threads(threads, chunks, steps)
    };

    let checksum = lanes.iter().fold(0, |acc, lane| acc ^ lane.1);
    let lane_noun = if mode == "rayon" { "worker" } else { "thread" };
    let lanes: Vec<Value> = lanes
        .iter()
        .enumerate()
        .map(|(k, (intervals, _, cpu))| {
            let busy: u64 = intervals.iter().map(|(start, end)| end - start).sum();
            let pairs: Vec<[u64; 2]> = intervals.iter().map(|&(start, end)| [start, end]).collect();
            let mut lane = json!({ "name": format!("{lane_noun} {}", k + 1), "chunks": intervals.len(), "busyNs": busy, "intervals": pairs });
            if let Some(cpu) = cpu {
                lane["cpuNs"] = json!(cpu);
            }
            lane
        })
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let trace = json!({
        "schemaVersion": SCHEMA_VERSION,
        "scenario": 3,
        "id": format!("rust-{mode}-n{threads}"),
        "title": if mode == "rayon" { "Rust, rayon into_par_iter, CPU-bound" } else { "Rust threads, CPU-bound" },
        "language": "rust",
        "workers": if mode == "rayon" { "rayon" } else { "threads" },
        "illustrative": false,
        "recorder": "snippets/gil/rust/src/main.rs",
        "job": { "chunks": chunks, "stepsPerChunk": steps, "checksum": checksum },
        "threads": threads,
        "switchIntervalMs": null,
        "wallNs": wall_ns,
        "serialWallNs": baseline_ns,
        "lanes": lanes,
        "machine": {
            "cpuModel": cpu_model(),
            "cores": cores,
            "os": std::env::consts::OS,
            "python": null,
            "rustc": env!("GIL_RECORDER_RUSTC"),
        },
        "recordedAt": iso_now(),
    });
    println!("{trace}");
}
