//! A big library opens lazily and searches through its index: documents are listed from the
//! catalog and read only when shown; a library search verifies only as far as its results list
//! shows, finds exactly what a scan finds, and takes its candidates from the search index when
//! there is one.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jianghua::action::Action;
use jianghua::app::{
    App, DocView, Effect, LAZY_FROM, OVERLAY_HEIGHT_PERCENT, OVERLAY_WIDTH_PERCENT, Overlay, ResultRow,
};
use jianghua::cache::Cache;
use jianghua::config::Config;
use jianghua::document::load_path;
use jianghua::keymap::{Key, KeyCodeOrd};
use jianghua::library::catalog::Catalog;
use jianghua::library::index::Index;
use jianghua::samples::SAMPLES;
use jianghua::search::Matcher;
use jianghua::search::across::search_all;
use jianghua::state::content_hash;
use jianghua::terms::TermIndex;
use ratatui::layout::Rect;

use sandbox::Sandbox;

/// Documents in the generated library: past the lazy threshold.
const DOCS: usize = LAZY_FROM + 6;
/// The one document holding a rare phrase.
const RARE_DOC: usize = 41;
const RARE: &str = "稀有提法甲乙丙";

/// A library of `DOCS` speeches (the samples, each made distinct) in the sandbox.
fn library(sandbox: &Sandbox) -> PathBuf {
    for i in 0..DOCS {
        let (_, text) = SAMPLES[i % SAMPLES.len()];
        let extra = if i == RARE_DOC { format!("\n要落实{RARE}的要求。\n") } else { String::new() };
        sandbox.write(&format!("lib/{i:03}.txt"), format!("{text}\n第{i}号文件。{extra}"));
    }
    sandbox.root().join("lib")
}

/// The library's documents, listed and not read.
fn unopened(dir: &Path, config: &Config) -> Vec<DocView> {
    let catalog = Catalog::scan(&[dir.to_path_buf()], &config.term_lists, None);
    let index = TermIndex::new(&config.term_lists);
    catalog.entries.iter().map(|e| DocView::unopened(e.path.clone(), e.size, e.meta.clone(), config, &index)).collect()
}

/// A reader over the library as `jianghua DIR` opens it: listed, the first document read.
fn lazy_app(dir: &Path) -> App {
    let config = Config::embedded();
    let views = unopened(dir, &config);
    let mut app = App::new(config, views);
    assert!(app.open_doc(0));
    app.resize(Rect::new(0, 0, 100, 20));
    app
}

fn search(app: &mut App, query: &str) {
    app.update(Action::SearchLibrary);
    for c in query.chars() {
        app.handle_key(Key::char(c));
    }
    app.handle_key(Key::plain(KeyCodeOrd::Enter));
}

/// Every match of `query` in the library's files, by a plain scan: (document, count).
fn scanned(dir: &Path, query: &str) -> Vec<(usize, usize)> {
    let texts: Vec<Arc<String>> =
        (0..DOCS).map(|i| load_path(&dir.join(format!("{i:03}.txt"))).unwrap().shared_text()).collect();
    let refs: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
    let found = search_all(&refs, &Matcher::new(query).unwrap(), 2);
    found.iter().enumerate().filter(|(_, m)| !m.ranges.is_empty()).map(|(i, m)| (i, m.ranges.len())).collect()
}

fn found(app: &App) -> Vec<(usize, usize)> {
    let lib = app.library.as_ref().expect("results");
    lib.per_doc.iter().enumerate().filter(|(_, m)| !m.ranges.is_empty()).map(|(i, m)| (i, m.ranges.len())).collect()
}

#[test]
fn documents_are_read_when_shown() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let mut app = lazy_app(&dir);
    assert_eq!(app.docs.len(), DOCS);
    assert_eq!(app.unopened_count(), DOCS - 1, "only the first document is read");
    assert_eq!(app.docs[7].list_title(), dir.join("007.txt").display().to_string(), "listed by file name");
    app.switch_to(7);
    assert_eq!(app.current, 7);
    assert!(app.docs[7].unopened.is_none() && app.doc().analysis.doc.text().contains("第7号文件"));
    assert_eq!(app.unopened_count(), DOCS - 2);
    // A file that can no longer be read stays listed, and says why.
    std::fs::write(dir.join("009.txt"), b"\x00\x01\x02\x00\x00\x03").unwrap();
    app.switch_to(9);
    assert_eq!(app.current, 7, "the reader stays where it was");
    assert!(app.message.is_some() && app.docs[9].unopened.is_some());
}

/// The hashes the app asked to watch (see `tui::watch`).
fn watched(app: &mut App) -> Vec<String> {
    app.take_effects().into_iter().filter_map(|e| if let Effect::Watch(hash) = e { Some(hash) } else { None }).collect()
}

#[test]
fn a_document_read_when_shown_has_its_state_watched() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let config = Config::embedded();
    let views = unopened(&dir, &config);
    let mut app = sandbox.app(config, views);
    assert!(watched(&mut app).is_empty(), "nothing read, nothing to watch");
    let hash = |i: usize| content_hash(load_path(&dir.join(format!("{i:03}.txt"))).unwrap().text());
    assert!(app.open_doc(0));
    assert_eq!(watched(&mut app), vec![hash(0)]);
    app.resize(Rect::new(0, 0, 100, 20));
    app.switch_to(7);
    assert_eq!(watched(&mut app), vec![hash(7)]);
    assert_eq!(app.doc().study.state.hash, hash(7));
    // Read once, asked once.
    app.switch_to(0);
    app.switch_to(7);
    assert!(watched(&mut app).is_empty());
    // Without a store (no state at all), nothing is asked.
    assert!(watched(&mut lazy_app(&dir)).is_empty());
}

#[test]
fn a_library_search_finds_what_a_scan_finds_reading_only_what_it_shows() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let mut app = lazy_app(&dir);
    search(&mut app, "发展");
    let lib = app.library.as_ref().expect("results");
    assert!(!lib.complete() && !lib.flat.is_empty(), "a common word verifies a screenful only");
    assert!(app.unopened_count() > DOCS / 2, "and reads only the documents on screen");
    // Stepping back from the first hit needs the last one: everything is verified then.
    app.update(Action::SearchPrev);
    let lib = app.library.as_ref().expect("results");
    assert!(lib.complete());
    assert_eq!(found(&app), scanned(&dir, "发展"));
    assert_eq!(lib.flat.len(), scanned(&dir, "发展").iter().map(|(_, n)| n).sum::<usize>());

    search(&mut app, RARE);
    assert_eq!(found(&app), [(RARE_DOC, 1)]);
    assert!(matches!(app.overlay, Some(Overlay::LibraryResults { .. })));
}

#[test]
fn the_search_index_narrows_the_candidates_and_changes_nothing_found() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let cache = Cache::at(&sandbox.root().join("cache"));
    let mut app = lazy_app(&dir);
    let paths: Vec<PathBuf> =
        app.docs.iter().map(|d| d.unopened.as_ref().map_or_else(|| dir.join("000.txt"), |u| u.path.clone())).collect();
    let texts: Vec<Arc<String>> = paths.iter().map(|p| load_path(p).unwrap().shared_text()).collect();
    let hashes: Vec<String> = texts.iter().map(|t| content_hash(t)).collect();
    let text = |i: usize| texts.get(i).cloned();
    let index = Index::open(Some(&cache), "lib", &hashes, &text, 2, |_, _| {});
    assert_eq!(index.rebuilt, jianghua::library::index::BUCKETS);
    // The cache now holds it whole.
    let cached = Index::open_cached(&cache, "lib", &hashes).expect("every bucket cached");
    app.search_index = Some(Arc::new(cached));
    for query in [RARE, "两个确立", "发展", "fz"] {
        search(&mut app, query);
        app.update(Action::SearchPrev);
        assert_eq!(found(&app), scanned(&dir, query), "{query}");
    }
    search(&mut app, RARE);
    let lib = app.library.as_ref().expect("results");
    assert!(lib.candidates.len() < DOCS / 4, "a rare phrase has few candidates: {}", lib.candidates.len());

    // A document changes: the cached index no longer matches it, and opening rebuilds only the
    // bucket it left and the one it joined.
    let mut changed = hashes.clone();
    changed[3] = content_hash("另一篇讲话");
    assert!(Index::open_cached(&cache, "lib", &changed).is_none());
    let again = Index::open(Some(&cache), "lib", &changed, &text, 2, |_, _| {});
    assert!((1..=2).contains(&again.rebuilt), "{} buckets rebuilt", again.rebuilt);
}

#[test]
fn the_first_screen_of_a_big_library_lists_it_and_shows_the_catalog_filling() {
    let sandbox = Sandbox::new();
    library(&sandbox);
    let out = sandbox.run(&["render", "../lib", "--size", "100x30"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains(&format!("第1/{DOCS}篇")) && screen.contains(&format!("编目 0/{DOCS}")), "{screen}");
    let out = sandbox.run(&["render", "../lib", "--size", "100x30", "--keys", &format!("S{RARE}<CR>")]);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("全库搜索") && screen.contains("1 篇 1 处"), "{screen}");
}

/// The trends overlay's lines for `t` sorted by `sort`, as `T` shows them.
fn trend_lines(t: &jianghua::library::trends::Trends, sort: jianghua::library::trends::TrendSort) -> Vec<String> {
    let mut t = t.clone();
    t.sort(sort);
    let text = jianghua::report::trends::print(&t, jianghua::report::trends::TrendsFormat::Text);
    text.lines().map(str::to_owned).collect()
}

/// The trends of every document of the library, each read and parsed.
fn parsed_trends(dir: &Path) -> jianghua::library::trends::Trends {
    let lists = Config::embedded().term_lists;
    let docs: Vec<_> = (0..DOCS).map(|i| load_path(&dir.join(format!("{i:03}.txt"))).unwrap()).collect();
    let outlines: Vec<_> = docs.iter().map(jianghua::structure::analyse).collect();
    let reports: Vec<_> =
        docs.iter().zip(&outlines).map(|(d, o)| jianghua::terms::TermReport::new(d, o, &lists)).collect();
    let triples: Vec<_> = docs.iter().zip(&outlines).zip(&reports).map(|((d, o), r)| (d, o, r)).collect();
    jianghua::library::trends::trends(&triples, &lists)
}

#[test]
fn trends_of_a_big_library_come_from_its_catalog_without_reading_the_documents() {
    use jianghua::app::ReportKind;
    use jianghua::library::trends::TrendSort;
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let want = parsed_trends(&dir);
    // Nothing counts in the background (as under `render`): `T` counts from the catalog at once.
    let mut app = lazy_app(&dir);
    app.catalog = Some(Catalog::scan(std::slice::from_ref(&dir), &app.config.term_lists, None));
    app.update(Action::ShowTrends);
    let Some(Overlay::Report { lines, kind, .. }) = &app.overlay else { panic!("{:?}", app.overlay) };
    assert_eq!(*kind, ReportKind::Trends(TrendSort::Total));
    assert_eq!(*lines, trend_lines(&want, TrendSort::Total));
    assert_eq!(app.unopened_count(), DOCS - 1, "no document was read for it");
}

#[test]
fn trends_counted_in_the_background_fill_the_overlay_that_waits_for_them() {
    use jianghua::app::ReportKind;
    use jianghua::app::{TrendReport, TrendsNews as News};
    use jianghua::library::trends::TrendSort;
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    // The terminal reader has handed the catalog to its background thread.
    let mut app = lazy_app(&dir);
    app.update(Action::ShowTrends);
    let title = |app: &App| match &app.overlay {
        Some(Overlay::Report { title, kind, .. }) => (title.clone(), *kind),
        other => panic!("{other:?}"),
    };
    let (waiting, kind) = title(&app);
    assert!(waiting.contains(&format!("提法走势：统计中 0/{DOCS}")), "{waiting}");
    assert_eq!(kind, ReportKind::Counting(TrendSort::Total));
    // The catalog fills, then the formulations are counted: the title follows.
    app.catalog_event(jianghua::library::catalog::Event::Progress { done: 12, total: DOCS });
    assert!(title(&app).0.contains(&format!("统计中 12/{DOCS}")), "{}", title(&app).0);
    app.catalog_event(jianghua::library::catalog::Event::Progress { done: DOCS, total: DOCS });
    app.trends_news(News::Progress { done: 1234, total: 5000 });
    assert!(title(&app).0.contains("统计中 1,234/5,000"), "{}", title(&app).0);
    // `s` while waiting chooses the order the trends will come in.
    app.handle_key(Key::char('s'));
    assert_eq!(title(&app).1, ReportKind::Counting(TrendSort::Rise));
    let want = parsed_trends(&dir);
    app.trends_news(News::Ready(Box::new(TrendReport::new(&want))));
    let Some(Overlay::Report { lines, kind, title, .. }) = &app.overlay else { panic!() };
    assert_eq!(*kind, ReportKind::Trends(TrendSort::Rise));
    assert!(title.contains(&format!("{DOCS} 篇")), "{title}");
    assert_eq!(*lines, trend_lines(&want, TrendSort::Rise));
    assert_eq!(app.unopened_count(), DOCS - 1, "no document was read for it");
    // Closed, then asked again: shown at once.
    app.overlay = None;
    app.update(Action::ShowTrends);
    assert!(matches!(app.overlay, Some(Overlay::Report { kind: ReportKind::Trends(TrendSort::Total), .. })));
}

/// The frame the reader draws, as text.
fn screen_of(app: &App) -> String {
    let theme = jianghua::ui::theme::Theme::new(false, jianghua::width::AmbiguousWidth::Narrow);
    let (width, height) = (app.size.width, app.size.height);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| jianghua::ui::draw(f, app, theme)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_results_screen_reads_its_documents_together_and_shows_what_reading_each_alone_shows() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let sizes = [(100, 20), (80, 24), (160, 48), (60, 9)];
    for (n, query) in [RARE, "两个确立", "第4", "第"].into_iter().enumerate() {
        let (width, height) = sizes[n % sizes.len()];
        // Previewed as the results list needs them (together, on every core) ...
        let mut lazy = lazy_app(&dir);
        lazy.resize(Rect::new(0, 0, width, height));
        search(&mut lazy, query);
        // ... and every document read alone, up front, before the search.
        let mut eager = lazy_app(&dir);
        eager.resize(Rect::new(0, 0, width, height));
        for i in 0..DOCS {
            assert!(eager.open_doc(i));
        }
        search(&mut eager, query);
        assert_eq!(screen_of(&lazy), screen_of(&eager), "{query}");
        // The rows come from previews (text and outline); no document is opened for them.
        assert_eq!(lazy.unopened_count(), DOCS - 1, "{query}: only the first document is read");
        let previews = &lazy.library.as_ref().expect("results").previews;
        let shown_unread = lazy.library_rows_from(0, lazy.results_list_height()).iter().any(|r| r.doc() != 0);
        assert_eq!(!previews.is_empty(), shown_unread, "{query}: the shown unread ones are previewed");
        let config = Config::embedded();
        for (&i, preview) in previews {
            let alone = DocView::new(load_path(&dir.join(format!("{i:03}.txt"))).unwrap(), &config);
            assert_eq!(preview.doc.text(), alone.analysis.doc.text(), "{query}: document {i}");
            assert_eq!(
                format!("{:?}", preview.outline),
                format!("{:?}", alone.analysis.outline),
                "{query}: document {i}"
            );
        }
        // Opening a result reads the document whole: outline, terms and headings as read alone.
        let first = lazy.library_rows().iter().find_map(|r| match *r {
            ResultRow::Hit { doc, flat, .. } if doc != 0 => Some((doc, flat)),
            _ => None,
        });
        let Some((i, flat)) = first else { continue };
        lazy.open_library_hit(flat);
        let alone = DocView::new(load_path(&dir.join(format!("{i:03}.txt"))).unwrap(), &config);
        let (a, b) = (&lazy.docs[i].analysis, &alone.analysis);
        assert!(lazy.docs[i].unopened.is_none() && lazy.current == i, "{query}: document {i} opened");
        assert_eq!(format!("{:?}", a.outline), format!("{:?}", b.outline), "{query}: document {i}");
        let terms = |t: &jianghua::terms::TermReport| {
            let glossary: std::collections::BTreeMap<_, _> = t.glossary.iter().collect();
            format!("{:?} {:?} {:?} {:?} {glossary:?}", t.hits, t.counts, t.inside, t.discovered)
        };
        assert_eq!(terms(&a.terms), terms(&b.terms), "{query}: document {i}");
        assert_eq!(a.headings, b.headings, "{query}: document {i}");
    }
}

#[test]
fn scrolling_the_results_keeps_previews_of_a_screenful_only() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let mut app = lazy_app(&dir);
    search(&mut app, "第");
    let shown = app.results_list_height();
    let mut last = 0;
    loop {
        app.handle_key(Key::char('j'));
        let Some(Overlay::LibraryResults { selected }) = app.overlay else { panic!("results closed") };
        if selected == last {
            break;
        }
        let docs_in = |from: usize, count: usize| -> std::collections::HashSet<usize> {
            app.library_rows_from(from, count).iter().map(ResultRow::doc).filter(|&d| d != 0).collect()
        };
        let on_screen = docs_in(selected.saturating_sub(shown - 1), shown);
        let near = docs_in(selected.saturating_sub(shown), shown + 1);
        let held: std::collections::HashSet<usize> = app.library.as_ref().unwrap().previews.keys().copied().collect();
        assert!(on_screen.is_subset(&held), "row {selected}: {on_screen:?} on screen, {held:?} previewed");
        assert!(held.is_subset(&near), "row {selected}: {held:?} previewed, only {near:?} near the screen");
        last = selected;
    }
    let rows = app.library_row_count();
    assert!(app.library.as_ref().unwrap().complete(), "every candidate verified by the end");
    assert_eq!(last, rows - 1, "scrolled to the end");
    assert!(rows > 3 * shown, "a list several screens long ({rows} rows, {shown} on screen)");
    assert_eq!(app.unopened_count(), DOCS - 1, "scrolling opens nothing");
}

#[test]
fn the_documents_filter_finds_a_title_learnt_after_an_earlier_query() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let mut app = lazy_app(&dir);
    // Listed by file name until the catalog or reading tells the title.
    let before = app.filtered_documents("梧桐");
    let narrower = app.filtered_documents("梧桐镇");
    assert!(before.is_empty() && narrower.is_empty());
    let meta = jianghua::library::catalog::Meta {
        hash: content_hash("x"),
        title: Some("在梧桐镇调研座谈会上的讲话".into()),
        speaker: None,
        date: None,
        chars: 1,
        paragraphs: 1,
        sections: 0,
        counts: None,
    };
    app.catalog_event(jianghua::library::catalog::Event::Ready { index: 5, meta });
    assert_eq!(app.filtered_documents("梧桐镇"), [5], "catalog news is filtered by");
    // A document read: its own title counts from then on.
    let read = 9;
    let config = Config::embedded();
    let title = DocView::new(load_path(&dir.join("009.txt")).unwrap(), &config).list_title();
    let (two, three): (String, String) = (title.chars().take(2).collect(), title.chars().take(3).collect());
    let listed = app.filtered_documents(&three);
    assert!(!listed.contains(&read), "{title}");
    assert!(app.open_doc(read));
    assert!(app.filtered_documents(&three).contains(&read), "{title}");
    assert_eq!(app.filtered_documents(&two), app.filtered_documents_afresh(&two));
}

/// A search reads only the text of each document (`load_text`): it must be byte for byte the
/// text the document has when read whole, or the matches would land elsewhere once it opens.
#[test]
fn a_documents_text_alone_is_the_text_it_has_when_read_whole() {
    let sandbox = Sandbox::new();
    let mut files: Vec<PathBuf> = Vec::new();
    if let Some(dir) = corpus::dir() {
        corpus::text_files(&dir, &mut files);
    }
    // Samples, and the same made awkward: control characters, CRLF, one overlong paragraph, no
    // line breaks at all, GBK, Markdown.
    for (i, (name, text)) in SAMPLES.iter().enumerate() {
        let awkward = text.replace('。', "。\u{1b}[31m\r\n").replace('\n', "\n\u{7}");
        let long = text.replace('\n', "");
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for (k, bytes) in [text.as_bytes().to_vec(), awkward.into_bytes(), long.into_bytes(), gbk.into_owned()]
            .into_iter()
            .enumerate()
        {
            files.push(sandbox.write(&format!("t/{i}-{k}-{name}"), bytes));
        }
        files.push(sandbox.write(&format!("t/{i}.md"), format!("# 标题\n\n{text}")));
    }
    let mut compared = 0;
    for path in &files {
        match (jianghua::document::load_text(path), load_path(path)) {
            (Ok(text), Ok(doc)) => {
                assert_eq!(text, doc.text(), "{}", path.display());
                compared += 1;
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("{}: {:?} but {:?}", path.display(), a.err(), b.err()),
        }
    }
    assert!(compared >= SAMPLES.len() * 5, "{compared} compared");
}

#[test]
fn no_wide_character_behind_the_results_covers_their_left_border() {
    let sandbox = Sandbox::new();
    let dir = library(&sandbox);
    let theme = jianghua::ui::theme::Theme::new(false, jianghua::width::AmbiguousWidth::Narrow);
    let mut checked = 0;
    for width in 70..=90 {
        let mut app = lazy_app(&dir);
        app.resize(Rect::new(0, 0, width, 24));
        search(&mut app, "两个确立");
        assert!(matches!(app.overlay, Some(Overlay::LibraryResults { .. })), "{width}: results shown");
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 24)).unwrap();
        terminal.draw(|f| jianghua::ui::draw(f, &app, theme)).unwrap();
        let buffer = terminal.backend().buffer();
        // The box as the reader lays it out, above the status bar.
        let above = Rect::new(0, 0, width, 23);
        let rect = jianghua::ui::centred(above, OVERLAY_WIDTH_PERCENT, OVERLAY_HEIGHT_PERCENT);
        assert_eq!(buffer[(rect.x, rect.y)].symbol(), "╭", "{width}: the box where it is laid out");
        assert_eq!(usize::from(rect.height - 2), app.results_list_height(), "{width}: rows in the box");
        for y in rect.y..rect.bottom() {
            let cell = &buffer[(rect.x - 1, y)];
            let wide = unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1;
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            assert!(!wide, "{width} columns, row {y}: {:?} would cover the border: {row}", cell.symbol());
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} rows checked");
}
