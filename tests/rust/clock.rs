// Rust std under vdsosim exec (tests/rust.sh): Instant and SystemTime (through glibc, the vDSO),
// a sleep, threads that sleep and are joined.
use std::time::{Duration, Instant, SystemTime};
use std::thread;
fn main() {
    let t0 = Instant::now();
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap();
    println!("epoch secs > 0: {}", now.as_secs() > 0);
    thread::sleep(Duration::from_millis(30));
    println!("slept >= 30ms: {}", t0.elapsed() >= Duration::from_millis(30));
    let hs: Vec<_> = (0..3).map(|i| thread::spawn(move || { let s = Instant::now(); thread::sleep(Duration::from_millis(5)); (i, s.elapsed() >= Duration::from_millis(5)) })).collect();
    for h in hs { let (i, ok) = h.join().unwrap(); println!("thread {} ok {}", i, ok); }
}
