//! Trends of a library from its catalog in the cache are the trends of its documents parsed:
//! generated libraries (the samples with their years moved, formulations introduced in quotes,
//! nested in each other and repeated unquoted, undated notes, one file name in two folders, a
//! broken file) counted both ways, cold and warm, through the library API and `jianghua trends`;
//! and a damaged cache is rebuilt, never trusted.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jianghua::cache::Cache;
use jianghua::config::Config;
use jianghua::document::{collect, load_path};
use jianghua::library::catalog::Catalog;
use jianghua::library::date::find_date;
use jianghua::library::trends::cached::from_catalog;
use jianghua::library::trends::{Trends, trends};
use jianghua::samples::SAMPLES;
use jianghua::structure::analyse;
use jianghua::terms::{TermList, TermReport};
use proptest::prelude::*;

use sandbox::Sandbox;

/// Formulations a document may introduce: nested ones (`三个` in `三个一批`), a configured one
/// (`两个确立`), one that is also a number (`十五`).
const FORMULAS: [&str; 7] = ["三个一批", "三个", "五个必须", "两个确立", "四下基层", "六稳六保", "十五"];

/// One generated document.
#[derive(Debug, Clone)]
struct Spec {
    /// The sample it is made from, or None for an undated note.
    sample: Option<usize>,
    /// The year its dates are moved to.
    year: u16,
    /// Formulations it introduces in quotes, and ones it only uses unquoted.
    quoted: Vec<usize>,
    plain: Vec<usize>,
    /// In the subfolder (one file name may then be in both).
    sub: bool,
}

fn text(spec: &Spec) -> String {
    let mut text = match spec.sample {
        Some(i) => {
            let sample = SAMPLES[i % SAMPLES.len()].1;
            let own = find_date(sample).map(|d| d.year.to_string());
            own.map_or_else(|| sample.to_owned(), |y| sample.replace(&y, &spec.year.to_string()))
        }
        None => "学习体会\n　　认真学习，深刻领会。\n".to_owned(),
    };
    for &f in &spec.quoted {
        let _ = writeln!(text, "　　要落实“{}”的要求。", FORMULAS[f]);
    }
    for &f in &spec.plain {
        let _ = writeln!(text, "　　{}工作取得进展，第十五届会议召开，增长百分之十五。", FORMULAS[f]);
    }
    text
}

/// Write the library under `dir`, with a broken `.docx` that cannot be read.
fn write_library(dir: &Path, specs: &[Spec]) {
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    for (i, spec) in specs.iter().enumerate() {
        let name = format!("{}{:02}.txt", if spec.sub { "sub/" } else { "" }, i % 4);
        let path = dir.join(name);
        if path.exists() {
            std::fs::write(dir.join(format!("{i:02}b.txt")), text(spec)).unwrap();
        } else {
            std::fs::write(path, text(spec)).unwrap();
        }
    }
    std::fs::write(dir.join("broken.docx"), "not a zip").unwrap();
}

/// The trends of the library's documents, each read and parsed (as `jianghua trends` did).
fn parsed(dir: &Path, lists: &[TermList]) -> Trends {
    let (files, _) = collect(&[dir.to_path_buf()]);
    let docs: Vec<_> = files.iter().filter_map(|f| load_path(f).ok()).collect();
    let outlines: Vec<_> = docs.iter().map(analyse).collect();
    let reports: Vec<_> = docs.iter().zip(&outlines).map(|(d, o)| TermReport::new(d, o, lists)).collect();
    let triples: Vec<_> = docs.iter().zip(&outlines).zip(&reports).map(|((d, o), r)| (d, o, r)).collect();
    trends(&triples, lists)
}

/// The trends from the catalog in `cache`, filling it first; and how many documents had their
/// formulations counted again.
fn cached(dir: &Path, lists: &[TermList], cache: &Cache) -> (Trends, usize) {
    let mut catalog = Catalog::scan(&[dir.to_path_buf()], lists, Some(cache));
    catalog.fill(lists, Some(cache), 2, |_| {});
    let mut recounted = 0;
    let t = from_catalog(&catalog, lists, Some(cache), 2, |_, total| recounted = total);
    (t, recounted)
}

fn spec() -> impl Strategy<Value = Spec> {
    let formulas = || proptest::collection::vec(0..FORMULAS.len(), 0..3);
    (proptest::option::weighted(0.8, 0..SAMPLES.len()), 2015u16..2026, formulas(), formulas(), any::<bool>())
        .prop_map(|(sample, year, quoted, plain, sub)| Spec { sample, year, quoted, plain, sub })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn the_catalog_gives_the_trends_of_the_parsed_documents(specs in proptest::collection::vec(spec(), 2..9)) {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("lib");
        write_library(&dir, &specs);
        let lists = Config::embedded().term_lists;
        let cache = Cache::at(&root.path().join("cache"));
        let want = parsed(&dir, &lists);
        let (cold, _) = cached(&dir, &lists, &cache);
        prop_assert_eq!(&cold, &want);
        let (warm, recounted) = cached(&dir, &lists, &cache);
        prop_assert_eq!(&warm, &want);
        prop_assert_eq!(recounted, 0, "a warm cache reads no document");
        // A new document that introduces a formulation: the others are counted again for it.
        std::fs::write(dir.join("new.txt"), text(&Spec { sample: Some(1), year: 2030, quoted: vec![4, 0], plain: vec![], sub: false })).unwrap();
        let (changed, _) = cached(&dir, &lists, &cache);
        prop_assert_eq!(&changed, &parsed(&dir, &lists));
    }
}

/// A fixed library with every case of the generator.
fn fixed_library(sandbox: &Sandbox) -> PathBuf {
    let spec = |sample, year, quoted: &[usize], plain: &[usize], sub| Spec {
        sample,
        year,
        quoted: quoted.to_vec(),
        plain: plain.to_vec(),
        sub,
    };
    let specs = [
        spec(Some(0), 2021, &[0], &[1], false),
        spec(Some(1), 2019, &[1, 2], &[0], false),
        spec(Some(2), 2021, &[], &[2, 6], true),
        spec(None, 2000, &[3, 4], &[5], false),
        spec(Some(3), 2024, &[5, 6], &[4], true),
        spec(Some(4), 2019, &[], &[0, 1, 2], false),
    ];
    let dir = sandbox.root().join("lib");
    write_library(&dir, &specs);
    dir
}

fn stdout(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn jianghua_trends_of_a_folder_prints_through_the_cache_what_the_files_one_by_one_print() {
    let sandbox = Sandbox::new();
    let dir = fixed_library(&sandbox);
    let (files, _) = collect(std::slice::from_ref(&dir));
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let catalog = sandbox.home().join(".cache/jianghua");
    for format in ["text", "csv", "json"] {
        for sort in ["total", "rise", "first-appearance"] {
            let args = ["trends", "--format", format, "--sort", sort];
            let one_by_one = sandbox.command().args(args).args(&files).output().unwrap();
            assert!(!catalog.exists(), "files given one by one are parsed, not cached");
            let cold = sandbox.command().args(args).arg(&dir).output().unwrap();
            let warm = sandbox.command().args(args).arg(&dir).output().unwrap();
            assert!(catalog.exists(), "a folder goes through the cache");
            let want = stdout(&one_by_one);
            assert!(want.contains("三个一批") && want.contains("五个必须"), "{want}");
            assert_eq!(stdout(&cold), want, "{format} {sort}, cold cache");
            assert_eq!(stdout(&warm), want, "{format} {sort}, warm cache");
            assert_eq!(cold.stderr, one_by_one.stderr, "the same warnings (the broken file)");
            assert_eq!(warm.stderr, one_by_one.stderr);
            std::fs::remove_dir_all(&catalog).unwrap();
        }
    }
}

#[test]
fn damaged_counts_are_rebuilt_never_trusted() {
    let sandbox = Sandbox::new();
    let dir = fixed_library(&sandbox);
    let run = || stdout(&sandbox.command().args(["trends", "--format", "csv"]).arg(&dir).output().unwrap());
    let want = run();
    let files = || -> Vec<PathBuf> {
        let catalog =
            sandbox.home().join(".cache/jianghua").join(format!("v{}", jianghua::cache::VERSION)).join("catalog");
        let mut files: Vec<PathBuf> = std::fs::read_dir(catalog).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    };
    let named = |part: &str| files().into_iter().find(|p| p.to_string_lossy().ends_with(part)).unwrap();
    let (counts, phrases) = (named(".counts.json"), named(".phrases.json"));
    let good_counts = std::fs::read_to_string(&counts).unwrap();
    let good_phrases = std::fs::read_to_string(&phrases).unwrap();
    let old_version = good_counts.replacen(r#""version":2"#, r#""version":1"#, 1);
    assert_ne!(old_version, good_counts, "the catalog's format is version 2");
    let wrong_phrases = good_phrases.replacen("三个一批", "三个一组", 1);
    let out_of_range = good_phrases.replacen("]]]", "],[999,7]]]", 1);
    assert_ne!(out_of_range, good_phrases);
    let damages: [(&Path, &str); 7] = [
        (&counts, &good_counts[..good_counts.len() / 2]),
        (&counts, "\u{feff}{"),
        (&counts, &old_version),
        (&phrases, &good_phrases[..good_phrases.len() / 3]),
        (&phrases, &wrong_phrases),
        (&phrases, &out_of_range),
        (&phrases, r#"{"version":999,"phrases":[],"counts":[]}"#),
    ];
    for (file, damaged) in damages {
        std::fs::write(file, damaged).unwrap();
        assert_eq!(run(), want, "{damaged}");
        let rebuilt = std::fs::read_to_string(file).unwrap();
        assert_ne!(rebuilt, damaged, "the damaged file is written again");
        let sound: serde_json::Value = serde_json::from_str(&rebuilt).unwrap();
        assert!(sound["version"].is_u64(), "{rebuilt}");
        assert_eq!(run(), want, "and read back");
    }
    // Counts of another set of phrases are not taken, but a sound file is: nothing is recounted.
    let lists = Config::embedded().term_lists;
    let cache = Cache::locate_from(Some(sandbox.home().join(".cache").into()), None).unwrap();
    let (t, recounted) = cached(&dir, &lists, &cache);
    assert_eq!((t, recounted), (parsed(&dir, &lists), 0));
}
