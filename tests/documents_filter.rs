//! The documents filter (`D`) narrows as the user types: each query is scored among what the
//! shorter query typed before it matched, and a query seen before is answered from memory. Its
//! answers must be exactly those of filtering every document afresh, whatever is typed (letters,
//! Han, spaces, nucleo's special characters, Backspace) and however the titles change meanwhile.

use jianghua::app::{App, DocView, Overlay};
use jianghua::config::Config;
use jianghua::document::{Document, Source};
use jianghua::keymap::Key;
use jianghua::samples::SAMPLES;
use proptest::prelude::*;
use ratatui::layout::Rect;

/// Titles of real speeches: every short line of the samples that is not blank.
fn titles() -> Vec<String> {
    let mut out: Vec<String> = SAMPLES
        .iter()
        .flat_map(|(_, text)| text.lines())
        .map(str::trim)
        .filter(|l| (4..=30).contains(&l.chars().count()))
        .map(str::to_owned)
        .collect();
    out.dedup();
    out
}

/// A reader of one document per title, each named as a file would be.
fn app() -> App {
    let config = Config::embedded();
    let views = titles()
        .into_iter()
        .enumerate()
        .map(|(i, title)| {
            let doc =
                Document::from_text(format!("{title}\n\n正文第{i}段。\n"), Source::named(&format!("{i:03}-讲话.txt")));
            DocView::new(doc, &config)
        })
        .collect();
    let mut app = App::new(config, views);
    app.resize(Rect::new(0, 0, 100, 30));
    app
}

/// What is typed: characters of the titles and of their pinyin, spaces, special characters, and
/// Backspace (`None`).
fn keys() -> impl Strategy<Value = Vec<Option<char>>> {
    let pool: Vec<char> = titles()
        .iter()
        .flat_map(|t| jianghua::app::finder_text(t, "").chars().collect::<Vec<_>>())
        .chain(" !^$'\\0129xq".chars())
        .collect();
    prop::collection::vec(prop_oneof![8 => prop::sample::select(pool).prop_map(Some), 1 => Just(None)], 1..14)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn narrowing_as_typed_gives_what_a_fresh_filter_gives(typed in keys()) {
        let mut app = app();
        let mut query = String::new();
        for key in typed {
            match key {
                Some(c) => { query.push(c); }
                None => { query.pop(); }
            }
            prop_assert_eq!(app.filtered_documents(&query), app.filtered_documents_afresh(&query), "query {:?}", query);
        }
        // Through the overlay's keys too, which draw from the same filter.
        app.update(jianghua::action::Action::ShowDocuments);
        for c in query.chars() {
            app.handle_key(Key::char(c));
        }
        let Some(Overlay::Documents { query: shown, .. }) = app.overlay.clone() else {
            return Err(TestCaseError::fail("the overlay closed"));
        };
        prop_assert_eq!(app.filtered_documents(&shown), app.filtered_documents_afresh(&shown));
    }
}
