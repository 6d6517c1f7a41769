//! Tests of [`super`] (numbering).

use super::*;

#[test]
fn chinese_counting_like_word() {
    let r = |n| Format::ChineseCounting.render(n);
    assert_eq!(
        [r(1), r(9), r(10), r(11), r(19), r(20), r(21), r(99)],
        ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九"]
    );
    assert_eq!(r(100), "一〇〇");
    assert_eq!(r(105), "一〇五");
    let t = |n| Format::ChineseCountingThousand.render(n);
    assert_eq!(
        [t(10), t(15), t(100), t(105), t(110), t(1005), t(1050), t(1500)],
        ["十", "十五", "一百", "一百〇五", "一百一十", "一千〇五", "一千〇五十", "一千五百"]
    );
    assert_eq!(Format::ChineseLegal.render(12), "壹拾贰");
    let j = |n| Format::JapaneseCounting.render(n);
    assert_eq!([j(10), j(11), j(100), j(105), j(1234)], ["十", "十一", "百", "百五", "千二百三十四"]);
}

#[test]
fn other_formats() {
    assert_eq!(Format::IdeographTraditional.render(1), "甲");
    assert_eq!(Format::IdeographTraditional.render(10), "癸");
    assert_eq!(Format::IdeographTraditional.render(11), "11");
    assert_eq!(Format::Circle.render(1), "①");
    assert_eq!(Format::Circle.render(20), "⑳");
    assert_eq!(Format::Circle.render(21), "㉑");
    assert_eq!(Format::Circle.render(50), "㊿");
    assert_eq!(Format::Circle.render(51), "51");
    assert_eq!(Format::FullWidth.render(12), "１２");
    assert_eq!(Format::LowerLetter.render(1), "a");
    assert_eq!(Format::UpperLetter.render(28), "BB");
    assert_eq!(Format::LowerLetter.render(u32::MAX), u32::MAX.to_string());
    assert_eq!(Format::LowerRoman.render(14), "xiv");
    assert_eq!(Format::UpperRoman.render(1994), "MCMXCIV");
    assert_eq!(Format::UpperRoman.render(0), "0");
    assert_eq!(Format::DecimalZero(3).render(7), "007");
    assert_eq!(Format::parse("custom", Some("001, 002, 003, ...")), Format::DecimalZero(3));
    assert_eq!(Format::Bullet.render(3), "");
    assert_eq!(Format::IdeographDigital.render(2024), "二〇二四");
}
