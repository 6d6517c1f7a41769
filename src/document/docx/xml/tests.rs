//! Tests of [`super`] (xml).

use super::*;

fn walk(xml: &str) -> Result<Vec<Ev>, Fail> {
    let mut w = Walker::new(xml.as_bytes(), 1 << 20);
    w.want_text = true;
    let mut out = Vec::new();
    loop {
        match w.next()? {
            Ev::Eof => return Ok(out),
            Ev::Text(t) if t.trim().is_empty() => {}
            ev => out.push(ev),
        }
    }
}

const HEAD: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">"#;

#[test]
fn takes_first_alternate_branch() {
    let xml = format!(
        "{HEAD}<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>A</w:t></mc:Choice>\
         <mc:Fallback><w:t>B</w:t></mc:Fallback></mc:AlternateContent></w:document>"
    );
    let texts: Vec<_> =
        walk(&xml).unwrap().into_iter().filter_map(|e| if let Ev::Text(t) = e { Some(t) } else { None }).collect();
    assert_eq!(texts, ["A"]);
}

#[test]
fn resolves_references() {
    let xml = format!("{HEAD}<w:t>a&amp;b&#x4E00;&#20108;</w:t></w:document>");
    let text: String =
        walk(&xml).unwrap().into_iter().filter_map(|e| if let Ev::Text(t) = e { Some(t) } else { None }).collect();
    assert_eq!(text, "a&b一二");
}

#[test]
fn limit_is_enforced() {
    let xml = format!("{HEAD}<w:t>{}</w:t></w:document>", "x".repeat(10_000));
    let mut w = Walker::new(xml.as_bytes(), 1000);
    let r = loop {
        match w.next() {
            Ok(Ev::Eof) => break Ok(()),
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    assert!(matches!(r, Err(Fail::TooLarge)));
}

#[test]
fn mismatched_tags_are_an_error() {
    assert!(matches!(walk(&format!("{HEAD}<w:p></w:r></w:document>")), Err(Fail::Xml(_))));
}

#[test]
fn prefixes_without_declarations_still_read() {
    let evs = walk("<w:p><w:pStyle w:val=\"1\"/></w:p>").unwrap();
    assert_eq!(evs[1], Ev::Empty(Name::PStyle, Attrs { val: Some("1".into()), ..Attrs::default() }));
}
