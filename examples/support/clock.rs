//! Shared by the `throughput` and `detector_speed` examples: the CPU time
//! of the measuring thread, which a shared machine disturbs less than wall
//! time.

use std::time::Instant;

/// CPU time of the calling thread (`/proc/thread-self/stat` utime+stime),
/// falling back to wall time where that file is absent.
pub struct ThreadClock {
    cpu: Option<f64>,
    wall: Instant,
}

impl ThreadClock {
    pub fn now() -> ThreadClock {
        ThreadClock {
            cpu: thread_cpu_secs(),
            wall: Instant::now(),
        }
    }

    pub fn elapsed_secs(&self) -> f64 {
        match (self.cpu, thread_cpu_secs()) {
            (Some(a), Some(b)) if b > a => b - a,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are
    // the 14th and 15th fields of the whole line.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
