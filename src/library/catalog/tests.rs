use std::time::{Duration, SystemTime};

use super::*;
use crate::config::Config;

struct Setup {
    _dir: tempfile::TempDir,
    lib: PathBuf,
    cache: Cache,
    lists: Vec<TermList>,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("2024")).unwrap();
    for &(name, text) in crate::samples::SAMPLES {
        std::fs::write(lib.join("2024").join(name), text).unwrap();
    }
    std::fs::write(lib.join("broken.docx"), "not a zip").unwrap();
    let cache = Cache::at(&dir.path().join("cache"));
    Setup { lib, cache, lists: Config::embedded().term_lists, _dir: dir }
}

fn fill(catalog: &mut Catalog, s: &Setup) -> Vec<Event> {
    let mut events = Vec::new();
    catalog.fill(&s.lists, Some(&s.cache), 2, |e| events.push(e));
    events
}

fn set_mtime(path: &Path, secs_ago: u64) {
    let file = std::fs::File::options().append(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(secs_ago)).unwrap();
}

#[test]
fn a_cold_scan_lists_everything_as_missing_and_fill_reports_each_document() {
    let s = setup();
    let mut catalog = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    assert_eq!(catalog.entries.len(), 4);
    assert_eq!(catalog.key().len(), 32, "{}", catalog.key());
    assert_eq!(catalog.missing().len(), 4);
    let events = fill(&mut catalog, &s);
    let ready = events.iter().filter(|e| matches!(e, Event::Ready { .. })).count();
    let failed: Vec<_> = events.iter().filter(|e| matches!(e, Event::Failed { .. })).collect();
    assert_eq!((ready, failed.len()), (3, 1), "{events:?}");
    assert_eq!(events.last(), Some(&Event::Progress { done: 4, total: 4 }));
    let county = catalog.entries.iter().find(|e| e.path.ends_with("county_work_meeting_2024.txt")).unwrap();
    let meta = county.meta.as_ref().unwrap();
    assert_eq!(meta.title.as_deref(), Some("在2024年青河县委工作会议上的讲话"));
    assert_eq!(meta.date.as_deref(), Some("2024-02-18"));
    let found = meta.counts.as_ref().unwrap();
    let term = |l: usize, t: usize| s.lists[l].terms[t].text.as_str();
    assert!(found.terms.iter().any(|&(l, t, n)| term(l, t) == "两个确立" && n > 0));
    assert!(found.formulations.iter().any(|(t, _)| t == "四清四到位"));
}

#[test]
fn a_warm_scan_needs_nothing_parsed_and_gives_the_same_entries() {
    let s = setup();
    let mut cold = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    fill(&mut cold, &s);
    let mut warm = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    assert_eq!(warm.missing().len(), 1, "only the broken file");
    assert!(warm.entries.iter().filter_map(|e| e.meta.as_ref()).all(|m| m.counts.is_none()), "the list only");
    warm.load_counts(Some(&s.cache));
    assert_eq!(warm.entries, cold.entries);
    // Damaged counts: the entries are parsed again by fill.
    let counts = std::fs::read_dir(s.cache.dir().join("catalog")).unwrap().map(|e| e.unwrap().path());
    let counts = counts.into_iter().find(|p| p.to_string_lossy().ends_with(".counts.json")).unwrap();
    std::fs::write(&counts, b"{").unwrap();
    let mut damaged = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    damaged.load_counts(Some(&s.cache));
    assert_eq!(damaged.missing().len(), 4);
    fill(&mut damaged, &s);
    assert_eq!(damaged.entries, cold.entries);
    // Without a cache, everything is to parse again.
    assert_eq!(Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, None).missing().len(), 4);
    // Other term lists: counts would be wrong, so nothing is taken.
    let mut other = s.lists.clone();
    other.truncate(1);
    assert_eq!(Catalog::scan(std::slice::from_ref(&s.lib), &other, Some(&s.cache)).missing().len(), 4);
}

#[test]
fn a_touched_file_keeps_its_entry_by_hash_and_a_changed_one_is_analysed_again() {
    let s = setup();
    let mut catalog = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    fill(&mut catalog, &s);
    // Plant a title in the cached entry: if the touched file is taken by hash, the planted title
    // (made safe) is what comes back, proving it was not parsed again.
    let mut planted = catalog.clone();
    let i = planted.entries.iter().position(|e| e.path.ends_with("study_session_speech_2024.txt")).unwrap();
    planted.entries[i].meta.as_mut().unwrap().title = Some("缓存\u{1b}[2J".into());
    planted.save(&s.cache).unwrap();
    let touched = planted.entries[i].path.clone();
    set_mtime(&touched, 100);
    let changed = catalog.entries.iter().find(|e| e.path.ends_with("county_government_report_2025.txt")).unwrap();
    let changed = changed.path.clone();
    std::fs::write(&changed, "新的讲话\n同志们：\n一、第一部分\n正文。\n二、第二部分\n正文。\n").unwrap();
    set_mtime(&changed, 200);
    let mut again = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    assert_eq!(again.missing().len(), 3, "touched, changed and broken");
    fill(&mut again, &s);
    let title = |p: &Path| again.entries.iter().find(|e| e.path == p).unwrap().meta.as_ref().unwrap().title.clone();
    assert_eq!(title(&touched).as_deref(), Some("缓存␛[2J"), "taken by hash, shown safely");
    assert!(again.entries.iter().filter_map(|e| e.meta.as_ref()).all(|m| m.counts.is_some()));
    assert_eq!(title(&changed).as_deref(), Some("新的讲话"));
}

#[test]
fn a_damaged_catalog_is_rebuilt_never_trusted() {
    let s = setup();
    let mut catalog = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    fill(&mut catalog, &s);
    let files = std::fs::read_dir(s.cache.dir().join("catalog")).unwrap().map(|e| e.unwrap().path());
    let file = files.into_iter().find(|p| !p.to_string_lossy().ends_with(".counts.json")).unwrap();
    let good = std::fs::read(&file).unwrap();
    let bad_hash = String::from_utf8(good.clone()).unwrap().replacen(r#""hash":""#, r#""hash":"zz"#, 1);
    for damaged in [&good[..good.len() / 2], b"\xff\xfe", bad_hash.as_bytes(), b"{\"version\":999}"] {
        std::fs::write(&file, damaged).unwrap();
        let mut rescanned = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
        assert!(rescanned.missing().len() >= 2, "damaged entries are parsed again");
        fill(&mut rescanned, &s);
        rescanned.load_counts(Some(&s.cache));
        assert_eq!(rescanned.entries, catalog.entries);
        let warm = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
        assert_eq!(warm.missing().len(), 1, "and the catalog is whole again");
    }
}

#[test]
fn a_renamed_file_is_analysed_again_since_its_date_may_be_in_its_name() {
    let s = setup();
    std::fs::write(s.lib.join("2019.txt"), "学习体会\n　　认真学习，深刻领会。\n").unwrap();
    let mut catalog = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    fill(&mut catalog, &s);
    // Planted titles tell an entry taken from the cache from one analysed again.
    for e in catalog.entries.iter_mut().filter_map(|e| e.meta.as_mut()) {
        e.title = Some("缓存".into());
    }
    catalog.save(&s.cache).unwrap();
    std::fs::rename(s.lib.join("2019.txt"), s.lib.join("2021.txt")).unwrap();
    std::fs::create_dir(s.lib.join("moved")).unwrap();
    let sample = s.lib.join("2024/county_work_meeting_2024.txt");
    std::fs::rename(&sample, s.lib.join("moved/county_work_meeting_2024.txt")).unwrap();
    let mut again = Catalog::scan(std::slice::from_ref(&s.lib), &s.lists, Some(&s.cache));
    fill(&mut again, &s);
    let meta = |name: &str| again.entries.iter().find(|e| e.path.ends_with(name)).unwrap().meta.clone().unwrap();
    let renamed = meta("2021.txt");
    assert_eq!((renamed.date.as_deref(), renamed.title.as_deref()), (Some("2021"), Some("学习体会")), "analysed again");
    let moved = meta("moved/county_work_meeting_2024.txt");
    assert_eq!((moved.date.as_deref(), moved.title.as_deref()), (Some("2024-02-18"), Some("缓存")), "taken by hash");
}
