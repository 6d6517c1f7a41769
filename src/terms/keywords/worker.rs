//! Keywords without holding jieba: the reader asks a short-lived child process (this binary run
//! as `jianghua keywords-worker`) and keeps only the answers, so its own memory never holds
//! jieba's dictionary and IDF table (about 67 MiB, private to each process). Answers are cached on
//! disk by the text's hash and everything that shapes them, so the members of a study group who
//! open the same speech compute it once: while one process computes an entry, the others wait for
//! it rather than loading jieba too.
//!
//! The protocol is JSON lines on the child's standard input and output: a [`Header`] line (the
//! words jieba keeps whole, the stop words), then one [`Request`] line per text, each answered by
//! one line holding the keywords as a JSON array. The child exits when its input closes, so it
//! never outlives its reader.
//!
//! A process that has not called [`enable`] (tests, benches, library users) computes in process,
//! and so does any process whose child fails: keywords are never lost to a broken worker.

use std::cell::RefCell;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Keyword, Method, Segmenter};
use crate::cache::{Cache, key};

/// The hidden subcommand that runs [`serve`].
pub const SUBCOMMAND: &str = "keywords-worker";

/// Keyword entries larger than this are not read (a top list of keywords is a few KB).
const ENTRY_CAP: u64 = 1 << 20;

/// Longest keyword accepted from a worker or a cache entry, in bytes.
const WORD_CAP: usize = 256;

/// How long a process waits for another that is computing the same entry.
const PATIENCE: Duration = Duration::from_secs(30);

/// What this process may use: the program to run as a worker, and the cache.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// The jianghua binary (normally `std::env::current_exe()`); None computes in process.
    pub program: Option<PathBuf>,
    /// Where answers are kept; None keeps nothing (as `render` does, which writes nothing).
    pub cache: Option<Cache>,
}

static SETUP: OnceLock<Setup> = OnceLock::new();

/// Choose, once per process, how [`KeywordWorker`]s compute: called by the binary before the
/// reader starts. Later calls are ignored.
pub fn enable(setup: Setup) {
    let _ = SETUP.set(setup);
}

/// The first line the worker reads.
#[derive(Debug, Serialize, Deserialize)]
pub struct Header {
    pub words: Vec<String>,
    pub stop_words: Vec<String>,
}

/// One text to find keywords in.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request<'a> {
    #[serde(borrow)]
    pub text: std::borrow::Cow<'a, str>,
    pub method: Method,
    pub top: usize,
}

/// Run the worker: read a [`Header`] and then [`Request`]s from `input`, answer each on `output`.
/// Returns when `input` ends.
pub fn serve(input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    let mut lines = input.lines();
    let Some(header) = lines.next() else { return Ok(()) };
    let header: Header = serde_json::from_str(&header?).map_err(std::io::Error::other)?;
    let segmenter = Segmenter::new(header.words.iter().map(String::as_str), &header.stop_words);
    for line in lines {
        let line = line?;
        let request: Request = serde_json::from_str(&line).map_err(std::io::Error::other)?;
        let keywords = segmenter.keywords(&request.text, request.method, request.top);
        serde_json::to_writer(&mut output, &keywords).map_err(std::io::Error::other)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(())
}

/// A running worker process.
struct Running {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Running {
    fn start(program: &PathBuf, header: &Header) -> std::io::Result<Self> {
        let mut child = Command::new(program)
            .arg(SUBCOMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(std::io::Error::other("worker without pipes"));
        };
        let mut running = Self { child, input: BufWriter::new(input), output: BufReader::new(output) };
        serde_json::to_writer(&mut running.input, header).map_err(std::io::Error::other)?;
        running.input.write_all(b"\n")?;
        Ok(running)
    }

    fn ask(&mut self, request: &Request) -> std::io::Result<Vec<Keyword>> {
        serde_json::to_writer(&mut self.input, request).map_err(std::io::Error::other)?;
        self.input.write_all(b"\n")?;
        self.input.flush()?;
        let mut line = String::new();
        if self.output.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("the keyword worker stopped"));
        }
        let keywords: Vec<Keyword> = serde_json::from_str(&line).map_err(std::io::Error::other)?;
        checked(keywords, request.top).ok_or_else(|| std::io::Error::other("bad keywords from the worker"))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Closing its input ends the worker; reap it so no zombie is left.
        let _ = self.input.flush();
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Keywords from a worker or the cache, accepted only when they look like keywords: at most
/// `top`, short, with finite weights; shown safely whatever bytes they held.
fn checked(keywords: Vec<Keyword>, top: usize) -> Option<Vec<Keyword>> {
    let ok = keywords.len() <= top
        && keywords.iter().all(|k| !k.word.is_empty() && k.word.len() <= WORD_CAP && k.weight.is_finite());
    ok.then(|| {
        keywords
            .into_iter()
            .map(|k| Keyword { word: crate::document::safe(&k.word).into_owned(), weight: k.weight })
            .collect()
    })
}

/// Finds keywords the way [`Segmenter`] does, with the same constructor and method, but in a
/// worker process and through the cache when the process has [`enable`]d them.
pub struct KeywordWorker {
    header: Header,
    setup: Setup,
    /// The fingerprint of the header, part of every cache key.
    fingerprint: String,
    running: RefCell<Option<Running>>,
    local: RefCell<Option<Segmenter>>,
}

impl KeywordWorker {
    /// Keep `words` whole and stop `stop_words`, as [`Segmenter::new`]. Nothing is loaded or
    /// started until the first text misses the cache.
    #[must_use]
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, stop_words: &[String]) -> Self {
        let setup = SETUP.get().cloned().unwrap_or_default();
        Self::with_setup(words, stop_words, setup)
    }

    /// As [`KeywordWorker::new`], with an explicit setup (for tests and benches).
    #[must_use]
    pub fn with_setup<'a>(words: impl IntoIterator<Item = &'a str>, stop_words: &[String], setup: Setup) -> Self {
        let mut words: Vec<String> = words.into_iter().map(str::to_owned).collect();
        words.sort_unstable();
        words.dedup();
        let header = Header { words, stop_words: stop_words.to_vec() };
        let version = super::VERSION.to_le_bytes();
        let fingerprint = key([env!("CARGO_PKG_VERSION").as_bytes(), &version[..]]
            .into_iter()
            .chain(header.words.iter().map(String::as_bytes))
            .chain([&b"\x01stop"[..]])
            .chain(header.stop_words.iter().map(String::as_bytes)));
        Self { header, setup, fingerprint, running: RefCell::new(None), local: RefCell::new(None) }
    }

    /// The top `n` keywords of `text`.
    #[must_use]
    pub fn keywords(&self, text: &str, method: Method, n: usize) -> Vec<Keyword> {
        let Some(cache) = &self.setup.cache else { return self.compute(text, method, n) };
        let name = self.entry(text, method, n);
        if let Some(found) = read_entry(cache, &name, n) {
            return found;
        }
        let computed = cache.once(&name, PATIENCE, || {
            let keywords = self.compute(text, method, n);
            if let Ok(bytes) = serde_json::to_vec(&keywords) {
                let _ = cache.write(&name, &bytes);
            }
            keywords
        });
        computed.or_else(|| read_entry(cache, &name, n)).unwrap_or_else(|| self.compute(text, method, n))
    }

    /// The cache entry for `text` with this header, method and count.
    fn entry(&self, text: &str, method: Method, n: usize) -> String {
        let text_hash = key([text.as_bytes()]);
        let which = key([self.fingerprint.as_bytes(), format!("{method:?}/{n}").as_bytes(), text_hash.as_bytes()]);
        format!("keywords/{}/{which}.json", &which[..2])
    }

    /// Compute in the worker, or in process when there is none or it failed.
    fn compute(&self, text: &str, method: Method, n: usize) -> Vec<Keyword> {
        if let Some(program) = &self.setup.program {
            let mut running = self.running.borrow_mut();
            if running.is_none() {
                *running = Running::start(program, &self.header).ok();
            }
            if let Some(worker) = running.as_mut() {
                match worker.ask(&Request { text: text.into(), method, top: n }) {
                    Ok(keywords) => return keywords,
                    Err(_) => *running = None,
                }
            }
        }
        let mut local = self.local.borrow_mut();
        let segmenter = local.get_or_insert_with(|| {
            Segmenter::new(self.header.words.iter().map(String::as_str), &self.header.stop_words)
        });
        segmenter.keywords(text, method, n)
    }
}

/// A cached answer, if present and sound.
fn read_entry(cache: &Cache, name: &str, top: usize) -> Option<Vec<Keyword>> {
    let bytes = cache.read(name, ENTRY_CAP)?;
    checked(serde_json::from_slice(&bytes).ok()?, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "加强党建工作，推进党建工作。乡村振兴是重点，乡村振兴要推进，乡村振兴要落实。";

    /// The same words with the same weights (JSON may round a weight's last bit).
    fn assert_same(a: &[Keyword], b: &[Keyword]) {
        assert_eq!(a.iter().map(|k| &k.word).collect::<Vec<_>>(), b.iter().map(|k| &k.word).collect::<Vec<_>>());
        assert!(a.iter().zip(b).all(|(x, y)| (x.weight - y.weight).abs() < 1e-9), "{a:?} {b:?}");
    }

    #[test]
    fn the_protocol_answers_each_request_like_the_segmenter() {
        let header = Header { words: vec!["乡村振兴".into()], stop_words: vec!["工作".into()] };
        let mut input = serde_json::to_string(&header).unwrap() + "\n";
        for top in [3, 1] {
            input += &serde_json::to_string(&Request { text: TEXT.into(), method: Method::Tfidf, top }).unwrap();
            input += "\n";
        }
        let mut out = Vec::new();
        serve(input.as_bytes(), &mut out).unwrap();
        let lines: Vec<Vec<Keyword>> =
            String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let segmenter = Segmenter::new(["乡村振兴"], &["工作".into()]);
        assert_same(&lines[0], &segmenter.keywords(TEXT, Method::Tfidf, 3));
        assert_same(&lines[1], &segmenter.keywords(TEXT, Method::Tfidf, 1));
        assert!(lines[0].iter().any(|k| k.word == "乡村振兴"));
    }

    #[test]
    fn a_missing_worker_falls_back_to_computing_in_process() {
        let setup = Setup { program: Some("/nonexistent/jianghua".into()), cache: None };
        let worker = KeywordWorker::with_setup(["乡村振兴"], &[], setup);
        assert_eq!(
            worker.keywords(TEXT, Method::Tfidf, 5),
            Segmenter::new(["乡村振兴"], &[]).keywords(TEXT, Method::Tfidf, 5)
        );
    }

    #[test]
    fn answers_are_cached_and_damaged_entries_recomputed() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::at(root.path());
        let setup = Setup { program: None, cache: Some(cache.clone()) };
        let worker = KeywordWorker::with_setup(["乡村振兴"], &[], setup.clone());
        let first = worker.keywords(TEXT, Method::Tfidf, 5);
        let name = worker.entry(TEXT, Method::Tfidf, 5);
        assert!(cache.read(&name, ENTRY_CAP).is_some(), "written");
        // A planted entry is what a second reader gets (it never loads jieba)…
        let planted = vec![Keyword { word: "缓存\u{1b}[2J".into(), weight: 1.0 }];
        cache.write(&name, &serde_json::to_vec(&planted).unwrap()).unwrap();
        let again = KeywordWorker::with_setup(["乡村振兴"], &[], setup.clone()).keywords(TEXT, Method::Tfidf, 5);
        assert_eq!(again.len(), 1);
        assert!(!again[0].word.contains('\u{1b}'), "cached words are shown safely");
        // …but damaged or implausible entries are recomputed.
        for bad in [&b"{not json"[..], br#"[{"word":"","weight":1.0}]"#] {
            cache.write(&name, bad).unwrap();
            let redone = KeywordWorker::with_setup(["乡村振兴"], &[], setup.clone()).keywords(TEXT, Method::Tfidf, 5);
            assert_same(&redone, &first);
        }
        // Other words kept whole, another method or count: another entry.
        assert_ne!(KeywordWorker::with_setup(["党建"], &[], setup).entry(TEXT, Method::Tfidf, 5), name);
        assert_ne!(worker.entry(TEXT, Method::Textrank, 5), name);
        assert_ne!(worker.entry(TEXT, Method::Tfidf, 6), name);
    }
}
