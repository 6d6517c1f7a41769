//! Sample speeches shipped in the binary. The reader opens the first one when started without a
//! file.

/// `(file name, text)` of every embedded sample.
pub const SAMPLES: &[(&str, &str)] = &[
    ("county_work_meeting_2024.txt", include_str!("../samples/county_work_meeting_2024.txt")),
    ("county_government_report_2025.txt", include_str!("../samples/county_government_report_2025.txt")),
    ("study_session_speech_2024.txt", include_str!("../samples/study_session_speech_2024.txt")),
];

/// The document opened when no file is given.
#[must_use]
pub fn default_sample() -> (&'static str, &'static str) {
    SAMPLES[0]
}

/// Load an embedded sample as a document.
#[must_use]
pub fn load(name: &str, text: &str) -> crate::document::Document {
    let mut source = crate::document::Source::named(&format!("[sample] {name}"));
    source.bytes = text.len();
    crate::document::Document::from_text(text.to_owned(), source)
}
