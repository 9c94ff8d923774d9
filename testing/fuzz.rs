//! The one fuzz harness of the workspace: bounded, seeded mutation fuzzing
//! that runs inside plain `cargo test`. Each crate's integration tests
//! include this file (`#[path = "…/testing/fuzz.rs"] mod fuzz_harness;`) and
//! give it a corpus of good inputs and a check to run on every input.
//!
//! - Every target prints its seed and how many inputs it ran, and how fast.
//! - `RUNSTRONG_FUZZ_SEED=<u64>` picks the sequence (default: the target's
//!   own fixed seed); CI varies it, e.g. from the date, and a printed seed
//!   replays a failure exactly.
//! - `RUNSTRONG_FUZZ_ITERS=<n>` runs exactly `n` inputs per target with no
//!   time limit, for long runs (`RUNSTRONG_FUZZ_EXECS` is read as the same,
//!   for older scripts). By default each target stops after
//!   [`DEFAULT_ITERS`] inputs or [`TIME_BUDGET`], whichever comes first, so
//!   `cargo test` stays fast.
//!
//! A panic in the check fails the test with the seed, the input's number and
//! its first bytes.

#![allow(dead_code)]

use std::time::{Duration, Instant};

/// Inputs per target in a default run.
pub const DEFAULT_ITERS: u64 = 3000;
/// Wall-clock budget per target in a default run.
pub const TIME_BUDGET: Duration = Duration::from_secs(8);

/// xorshift64* — small, fast, deterministic.
pub struct Prng(pub u64);

impl Prng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }

    pub fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// A number from the environment; a value that does not parse is an error,
/// not silently the default.
pub fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    Some(
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?} is not a whole number")),
    )
}

/// (inputs to run, whether the time budget applies).
pub fn iterations() -> (u64, bool) {
    match env_number("RUNSTRONG_FUZZ_ITERS").or_else(|| env_number("RUNSTRONG_FUZZ_EXECS")) {
        Some(iters) => (iters, false),
        None => (DEFAULT_ITERS, true),
    }
}

/// Text-shaped tokens worth splicing into text formats: separators, quotes,
/// numbers at the edges, escapes and control characters.
const TOKENS: &[&[u8]] = &[
    b",",
    b";",
    b"\"",
    b"\n",
    b"\r\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"null",
    b"-1",
    b"0",
    b"1e308",
    b"-1e308",
    b"NaN",
    b"9999-12-31",
    b"18446744073709551616",
    b"\x1b[2J",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\0",
];

/// One random edit of `input` (1–4 edits: bit flips, random or edge bytes,
/// truncation, insertion, duplication of a chunk, tokens, splicing with
/// another corpus entry).
pub fn mutate(prng: &mut Prng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut output = input.to_vec();
    let edits = 1 + prng.below(4);
    for _ in 0..edits {
        let length = output.len();
        match prng.below(9) {
            0 if length > 0 => {
                let at = prng.below(length);
                output[at] ^= 1 << prng.below(8);
            }
            1 if length > 0 => {
                let at = prng.below(length);
                output[at] = prng.byte();
            }
            2 => output.truncate(prng.below(length + 1)),
            3 => {
                let at = prng.below(length + 1);
                let count = 1 + prng.below(16);
                let inserted: Vec<u8> = (0..count).map(|_| prng.byte()).collect();
                output.splice(at..at, inserted);
            }
            4 if length > 1 => {
                let start = prng.below(length);
                let end = (start + 1 + prng.below(64)).min(length);
                let chunk = output[start..end].to_vec();
                let at = prng.below(length + 1);
                output.splice(at..at, chunk);
            }
            5 if length > 0 => {
                // Interesting values where a size or count might sit.
                let at = prng.below(length);
                output[at] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF][prng.below(6)];
            }
            6 => {
                let at = prng.below(length + 1);
                let token = TOKENS[prng.below(TOKENS.len())];
                output.splice(at..at, token.iter().copied());
            }
            7 if length > 1 => {
                // Drop a chunk (a line, a field).
                let start = prng.below(length);
                let end = (start + 1 + prng.below(32)).min(length);
                output.drain(start..end);
            }
            _ => {
                // Splice with another corpus entry.
                let other = &corpus[prng.below(corpus.len())];
                let cut = prng.below(length + 1);
                let from = prng.below(other.len() + 1);
                output.truncate(cut);
                output.extend_from_slice(&other[from..]);
            }
        }
    }
    output
}

/// What one target did: inputs run and the time taken.
pub struct Ran {
    pub seed: u64,
    pub inputs: u64,
    pub seconds: f64,
}

/// Runs `check` on mutations of `corpus` (and now and then random bytes).
/// The check asserts what must hold for every input (no panic, errors that
/// are one sentence naming the input, …); a panic fails the test with the
/// seed that replays it.
pub fn run(name: &str, default_seed: u64, corpus: &[Vec<u8>], check: impl Fn(&[u8])) -> Ran {
    assert!(!corpus.is_empty(), "{name}: empty corpus");
    // The seed is the environment's when given, so a printed seed replays.
    let seed = env_number("RUNSTRONG_FUZZ_SEED").unwrap_or(default_seed);
    // xorshift never leaves zero; each target mixes its own seed in so two
    // targets with the same RUNSTRONG_FUZZ_SEED differ.
    let mixed = seed ^ default_seed.rotate_left(17);
    let mut prng = Prng(if mixed == 0 { default_seed } else { mixed });
    let (limit, timed) = iterations();
    eprintln!("fuzz {name}: seed {seed} (RUNSTRONG_FUZZ_SEED), up to {limit} inputs");
    let started = Instant::now();
    let mut done = 0;
    while done < limit && (!timed || started.elapsed() < TIME_BUDGET) {
        let input = if prng.below(10) == 0 {
            let length = prng.below(2048);
            (0..length).map(|_| prng.byte()).collect()
        } else {
            let base = &corpus[prng.below(corpus.len())];
            mutate(&mut prng, base, corpus)
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        if outcome.is_err() {
            panic!(
                "fuzz {name}: seed {seed} (replay with RUNSTRONG_FUZZ_SEED={seed}), input {done}, {} bytes: {:02x?}",
                input.len(),
                &input[..input.len().min(64)]
            );
        }
        done += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "fuzz {name}: {done} inputs in {seconds:.1} s ({:.0} per second)",
        done as f64 / seconds.max(1e-9)
    );
    assert!(done >= 50.min(limit), "fuzz {name}: only {done} inputs ran");
    Ran {
        seed,
        inputs: done,
        seconds,
    }
}

/// Asserts an error message is one sentence on one line that names `input`.
pub fn one_sentence(message: &str, input: &str) {
    assert!(!message.trim().is_empty(), "an empty error message");
    assert!(!message.contains('\n'), "more than one line: {message:?}");
    assert!(
        message.contains(input),
        "the message does not name {input}: {message:?}"
    );
}
