//! Study-session figures with real processes (`cargo bench --bench session_fanout -- MODE`):
//!
//! - `latency`: a leader process (`jianghua lead --headless 120x40`, keys on a pipe) and 30
//!   follower processes (`jianghua follow --headless 80x24`, each printing when it has drawn a
//!   position). For each of 200 moves (`j`/`k`, one every 30 ms) it takes `CLOCK_MONOTONIC`
//!   just before writing the key to the leader, and each follower's clock when it has drawn the
//!   position that key published: the median and 95th percentile over every follower and move,
//!   and of the slowest follower per move.
//! - `churn`: a leader process, and 100 followers on threads of this process (the client code
//!   `jianghua follow` uses) that join, stay up to 200 ms and leave, over and over for 60 s while
//!   the leader moves every 50 ms. The leader's open descriptors (`/proc/PID/fd`) and resident
//!   memory (`VmRSS`) before, after 30 s and after 60 s (once every follower has gone).
//!
//! Followers run headless (a virtual screen: everything but the terminal's own output). Nothing
//! here is a test: it prints figures.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use jianghua::session::{SessionDir, join, live_sessions, monotonic_ns};

fn command(base: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jianghua"));
    c.env("JIANGHUA_SESSION_DIR", base.join("s")).env("HOME", base).env_remove("JIANGHUA_CONFIG");
    for v in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"] {
        c.env_remove(v);
    }
    c.current_dir(base);
    c
}

fn followers_of(dir: &SessionDir, name: &str) -> Option<usize> {
    live_sessions(dir).into_iter().find(|s| s.found.name == name).map(|s| s.welcome.followers)
}

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn leader(base: &std::path::Path, dir: &SessionDir, name: &str) -> Child {
    let child = command(base)
        .args(["lead", "--headless", "120x40", "--name", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the leader", || followers_of(dir, name).is_some());
    child
}

/// The `per_mille`th value of `sorted` (nearest rank), in milliseconds.
fn percentile(sorted: &[u128], per_mille: usize) -> f64 {
    let i = ((sorted.len() - 1) * per_mille + 500) / 1000;
    let micros = u32::try_from(sorted[i] / 1000).unwrap_or(u32::MAX);
    f64::from(micros) / 1000.0
}

fn latency() {
    let base = tempfile::tempdir().unwrap();
    let dir = SessionDir::at(base.path().join("s"));
    let mut lead = leader(base.path(), &dir, "fanout");
    let (send, heard) = mpsc::channel::<(usize, u64, u128)>();
    let mut followers = Vec::new();
    for i in 0..30 {
        let mut child = command(base.path())
            .args(["follow", "fanout", "--headless", "80x24"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let send = send.clone();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let mut parts = line.split_whitespace();
                if let (Some(Ok(seq)), Some(Ok(ns))) = (parts.next().map(str::parse), parts.next().map(str::parse)) {
                    let _ = send.send((i, seq, ns));
                }
            }
        });
        followers.push(child);
    }
    wait_for("30 followers", || followers_of(&dir, "fanout") == Some(30));
    let stdin = lead.stdin.as_mut().unwrap();
    // Settle: a few moves whose figures are not kept.
    for key in ["j", "k", "j", "k"] {
        writeln!(stdin, "{key}").unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    while heard.try_recv().is_ok() {}
    let (mut all, mut slowest) = (Vec::new(), Vec::new());
    for m in 0..200 {
        let key = if m % 2 == 0 { "j" } else { "k" };
        let t0 = monotonic_ns();
        writeln!(stdin, "{key}").unwrap();
        stdin.flush().unwrap();
        let mut seen = [None::<u128>; 30];
        let deadline = Instant::now() + Duration::from_secs(5);
        while seen.iter().any(Option::is_none) && Instant::now() < deadline {
            if let Ok((i, _, ns)) = heard.recv_timeout(Duration::from_millis(100))
                && seen[i].is_none()
                && ns >= t0
            {
                seen[i] = Some(ns - t0);
            }
        }
        let got: Vec<u128> = seen.iter().flatten().copied().collect();
        assert_eq!(got.len(), 30, "move {m}: only {} followers drew it in 5 s", got.len());
        slowest.push(*got.iter().max().unwrap());
        all.extend(got);
        std::thread::sleep(Duration::from_millis(30));
    }
    all.sort_unstable();
    slowest.sort_unstable();
    let res = nix::time::clock_getres(nix::time::ClockId::CLOCK_MONOTONIC).unwrap();
    println!("clock: CLOCK_MONOTONIC, resolution {} ns", res.tv_nsec());
    println!("samples: {} (200 moves x 30 follower processes)", all.len());
    println!(
        "key to follower frame, ms: median {:.2}, p95 {:.2}, max {:.2}",
        percentile(&all, 500),
        percentile(&all, 950),
        percentile(&all, 1000)
    );
    println!(
        "key to the slowest follower's frame, ms: median {:.2}, p95 {:.2}",
        percentile(&slowest, 500),
        percentile(&slowest, 950)
    );
    for mut f in followers {
        drop(f.stdin.take());
        let _ = f.wait();
    }
    drop(lead.stdin.take());
    let _ = lead.wait();
}

fn proc_figures(pid: u32) -> (usize, u64) {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, Iterator::count);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    (fds, rss)
}

fn churn() {
    let base = tempfile::tempdir().unwrap();
    let dir = SessionDir::at(base.path().join("s"));
    let mut lead = leader(base.path(), &dir, "churn");
    let pid = lead.id();
    let round = |seconds: u64| {
        let stop = Arc::new(AtomicBool::new(false));
        let joins = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..100u64)
            .map(|t| {
                let (dir, stop, joins) = (dir.clone(), Arc::clone(&stop), Arc::clone(&joins));
                std::thread::spawn(move || {
                    let mut seed = t.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    while !stop.load(Ordering::SeqCst) {
                        if let Ok(joined) = join(&dir, Some("churn"), None, None) {
                            joins.fetch_add(1, Ordering::SeqCst);
                            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                            std::thread::sleep(Duration::from_millis((seed >> 33) % 200));
                            drop(joined);
                        }
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(seconds));
        stop.store(true, Ordering::SeqCst);
        for t in threads {
            t.join().unwrap();
        }
        joins.load(Ordering::SeqCst)
    };
    let stdin = lead.stdin.take().unwrap();
    let moving = Arc::new(AtomicBool::new(true));
    let mover = {
        let moving = Arc::clone(&moving);
        std::thread::spawn(move || {
            let mut stdin = stdin;
            let mut i = 0;
            while moving.load(Ordering::SeqCst) {
                let _ = writeln!(stdin, "{}", if i % 2 == 0 { "j" } else { "k" });
                i += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            stdin
        })
    };
    // One short round first, so that what is allocated once is in place before measuring.
    round(3);
    let settled = || {
        wait_for("every follower gone", || followers_of(&dir, "churn") == Some(0));
        std::thread::sleep(Duration::from_secs(1));
        proc_figures(pid)
    };
    let before = settled();
    // Two halves, so that a leak shows as growth in both and a one-time cost only in the first.
    let started = Instant::now();
    let mut joins = round(30);
    let mut took = started.elapsed();
    let half = settled();
    let started = Instant::now();
    joins += round(30);
    took += started.elapsed();
    let after = settled();
    moving.store(false, Ordering::SeqCst);
    let stdin = mover.join().unwrap();
    drop(stdin);
    let _ = lead.wait();
    println!("100 followers joined and left {joins} times in {:.1} s", took.as_secs_f64());
    println!("leader descriptors: {} before, {} after 30 s, {} after 60 s", before.0, half.0, after.0);
    println!("leader VmRSS: {} kB before, {} kB after 30 s, {} kB after 60 s", before.1, half.1, after.1);
}

fn main() {
    let mode = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_default();
    match mode.as_str() {
        "latency" => latency(),
        "churn" => churn(),
        _ => {
            latency();
            churn();
        }
    }
}
