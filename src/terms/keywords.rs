//! Keywords: what a speech is about, with jieba-rs (TF-IDF, or `TextRank` as an option).
//!
//! jieba's dictionary lacks modern formulations, so every configured and discovered term is added
//! with `add_word(term, None, tag)`, which forces it whole without disturbing existing words
//! (`load_dict` with bare words would give them frequency 0 and can split words such as
//! `意识形态`). An officialese stop list (工作 落实 推进 …, editable in config) keeps the verbs of
//! every speech out, so the keywords read like subjects. Loading takes a few hundred ms; callers
//! run it off the UI thread.

pub mod worker;

use jieba_rs::{Jieba, KeywordExtract, KeywordExtractConfig, TextRank, TfIdf};

/// Keyword extraction methods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Term frequency weighted by jieba's inverse document frequency table.
    #[default]
    Tfidf,
    /// Graph ranking over word co-occurrence.
    Textrank,
}

/// A keyword and its weight (the top keyword's weight is the largest).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Keyword {
    pub word: String,
    pub weight: f64,
}

/// Part-of-speech tags kept as keywords: nouns, verbal nouns, proper nouns, idioms and
/// abbreviations. Plain verbs and adverbs are what every speech shares.
const KEEP_TAGS: [&str; 11] = ["n", "nz", "nt", "ns", "nr", "vn", "an", "l", "i", "j", "eng"];

/// The longest keyword shown, in chars: no brief prints a run of letters as a "word".
pub const MAX_KEYWORD_CHARS: usize = 24;

/// A loaded segmenter: jieba's dictionary, the extra words, the IDF table and the stop list.
pub struct Segmenter {
    jieba: Jieba,
    tfidf: TfIdf,
    textrank: TextRank,
}

impl Segmenter {
    /// Load jieba, add `words` whole, and stop `stop_words`.
    #[must_use]
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, stop_words: &[String]) -> Self {
        let mut jieba = Jieba::new();
        for word in words {
            if word.chars().count() >= 2 {
                jieba.add_word(word, None, Some("nz"));
            }
        }
        let config = || {
            let mut builder = KeywordExtractConfig::builder().min_keyword_length(2).use_hmm(false);
            for w in stop_words {
                builder = builder.add_stop_word(w.clone());
            }
            builder.build()
        };
        let mut tfidf = TfIdf::default();
        *tfidf.config_mut() = config();
        let textrank = TextRank::new(5, config());
        Self { jieba, tfidf, textrank }
    }

    /// The top `n` keywords of `text`.
    #[must_use]
    pub fn keywords(&self, text: &str, method: Method, n: usize) -> Vec<Keyword> {
        let tags: Vec<String> = KEEP_TAGS.iter().map(|t| (*t).to_owned()).collect();
        // A few spare, for the over-long tokens (an unbroken run of Latin letters) dropped below.
        let wanted = n.saturating_add(16);
        let found = match method {
            Method::Tfidf => self.tfidf.extract_keywords(&self.jieba, text, wanted, tags),
            Method::Textrank => self.textrank.extract_keywords(&self.jieba, text, wanted, tags),
        };
        found
            .into_iter()
            .filter(|k| k.keyword.chars().nth(MAX_KEYWORD_CHARS).is_none())
            .take(n)
            .map(|k| Keyword { word: k.keyword, weight: k.weight })
            .collect()
    }

    /// Segment `text` into words (for the benchmark baseline and tests).
    #[must_use]
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba.cut(text, false).into_iter().map(|t| t.word).collect()
    }
}

/// A bar of up to `width` cells showing `weight` out of `max`, drawn in eighths of a cell.
#[must_use]
pub fn weight_bar(weight: f64, max: f64, width: u8) -> String {
    let fraction = if max > 0.0 { (weight / max).clamp(0.0, 1.0) } else { 0.0 };
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation, reason = "clamped to 0..=8*255")]
    let eighths = ((fraction * f64::from(width) * 8.0).round() as usize).max(1);
    let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    format!("{}{}", "█".repeat(eighths / 8), blocks[eighths % 8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_words_stay_whole_and_existing_words_are_not_split() {
        let plain = Segmenter::new([], &[]);
        assert!(!plain.cut("坚决捍卫两个确立").contains(&"两个确立"));
        let seg = Segmenter::new(["两个确立", "四抓两整治"], &[]);
        assert!(seg.cut("坚决捍卫两个确立，落实四抓两整治").contains(&"两个确立"));
        assert!(seg.cut("落实四抓两整治").contains(&"四抓两整治"));
        assert!(seg.cut("加强意识形态工作").contains(&"意识形态"));
    }

    #[test]
    fn over_long_tokens_are_never_keywords() {
        let seg = Segmenter::new([], &[]);
        let text = format!("{} 高质量发展 高质量发展 乡村振兴", "x".repeat(5000));
        let words = seg.keywords(&text, Method::Tfidf, 5);
        assert!(!words.is_empty() && words.iter().all(|k| k.word.chars().count() <= MAX_KEYWORD_CHARS), "{words:?}");
    }

    #[test]
    fn bars_scale_in_eighths() {
        assert_eq!(weight_bar(1.0, 1.0, 4), "████");
        assert_eq!(weight_bar(0.5, 1.0, 3), "█▌");
        assert_eq!(weight_bar(0.0, 1.0, 3), "▏", "never empty");
    }

    #[test]
    fn stop_words_are_not_keywords() {
        let text = "加强党建工作，推进党建工作，落实党建工作。乡村振兴是重点，乡村振兴要推进。";
        let seg = Segmenter::new(["乡村振兴"], &["工作".into(), "推进".into()]);
        let words: Vec<String> = seg.keywords(text, Method::Tfidf, 5).into_iter().map(|k| k.word).collect();
        assert!(words.contains(&"乡村振兴".to_owned()), "{words:?}");
        assert!(!words.contains(&"工作".to_owned()), "{words:?}");
        let ranked: Vec<String> = seg.keywords(text, Method::Textrank, 5).into_iter().map(|k| k.word).collect();
        assert!(!ranked.is_empty());
    }
}
